"""minisign's key and signature files (Ed25519, BLAKE2b-prehashed), read and written with PyNaCl.

The file formats are minisign's own (https://jedisct1.github.io/minisign/), so a pack signed here
verifies with `minisign -V` and a pack signed by `minisign -S` verifies here. Secret keys are
written unencrypted (as `minisign -G -W` does); an encrypted minisign secret key (scrypt, the
default of `minisign -G`) is read with its password.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

SIG_ED = b"Ed"  # the signature covers the file itself (legacy; still verified)
SIG_PREHASHED = b"ED"  # the signature covers BLAKE2b-512 of the file (minisign's default)
KDF_NONE = b"\0\0"
KDF_SCRYPT = b"Sc"
CHECKSUM_BLAKE2B = b"B2"
KEYNUM_SK_LEN = 8 + 64 + 32  # key id, Ed25519 secret key (seed + public), checksum


class SignatureError(Exception):
    """A signature or key cannot be used; the message says why in plain words."""


@dataclass(frozen=True)
class PublicKey:
    key_id: bytes  # 8 bytes, as minisign stores them
    key: bytes  # 32 bytes

    @property
    def id_hex(self) -> str:
        # minisign prints the id as a little-endian 64-bit number in hex.
        return self.key_id[::-1].hex().upper()

    def to_file_text(self) -> str:
        blob = base64.b64encode(SIG_ED + self.key_id + self.key).decode("ascii")
        return f"untrusted comment: minisign public key {self.id_hex}\n{blob}\n"


@dataclass(frozen=True)
class SecretKey:
    key_id: bytes
    secret: bytes  # 64 bytes: libsodium's Ed25519 secret key (seed then public key)

    @property
    def public(self) -> PublicKey:
        return PublicKey(self.key_id, self.secret[32:])

    def to_file_text(self) -> str:
        checksum = hashlib.blake2b(SIG_ED + self.key_id + self.secret, digest_size=32).digest()
        blob = (SIG_ED + KDF_NONE + CHECKSUM_BLAKE2B + bytes(32) + bytes(8) + bytes(8)
                + self.key_id + self.secret + checksum)
        return ("untrusted comment: minisign secret key (unencrypted; keep it off kiosks)\n"
                + base64.b64encode(blob).decode("ascii") + "\n")


def generate() -> SecretKey:
    """A new Ed25519 key pair with a random minisign key id."""
    from nacl.signing import SigningKey

    signing = SigningKey.generate()
    return SecretKey(os.urandom(8), bytes(signing) + bytes(signing.verify_key))


def _payload(text: str, what: str) -> bytes:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 2 or not lines[0].startswith("untrusted comment:"):
        raise SignatureError(f"this is not a minisign {what} file (no 'untrusted comment:' line "
                             "followed by the key)")
    try:
        return base64.b64decode(lines[1], validate=True)
    except binascii.Error as error:
        raise SignatureError(f"the {what} file is damaged (not base64)") from error


def read_public_key(path: Path) -> PublicKey:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SignatureError(f"cannot read the public key {path} ({error})") from error
    return parse_public_key(text)


def parse_public_key(text: str) -> PublicKey:
    """A public key from a minisign .pub file's text or from its base64 line alone."""
    stripped = text.strip()
    if "\n" not in stripped and not stripped.startswith("untrusted comment:"):
        stripped = "untrusted comment: key\n" + stripped  # the one line from `minisign -P`
    blob = _payload(stripped, "public key")
    if len(blob) != 42 or blob[:2] != SIG_ED:
        raise SignatureError("the public key is not a minisign Ed25519 key")
    return PublicKey(blob[2:10], blob[10:])


def read_secret_key(path: Path, password: str | None = None) -> SecretKey:
    """A minisign secret key; an encrypted one needs its password (else SignatureError)."""
    try:
        blob = _payload(path.read_text(encoding="utf-8"), "secret key")
    except (OSError, UnicodeDecodeError) as error:
        raise SignatureError(f"cannot read the secret key {path} ({error})") from error
    if len(blob) != 2 + 2 + 2 + 32 + 8 + 8 + KEYNUM_SK_LEN or blob[:2] != SIG_ED:
        raise SignatureError(f"{path} is not a minisign Ed25519 secret key")
    kdf, checksum_alg = blob[2:4], blob[4:6]
    salt, opslimit, memlimit = blob[6:38], blob[38:46], blob[46:54]
    keynum = blob[54:]
    if checksum_alg != CHECKSUM_BLAKE2B:
        raise SignatureError(f"{path}: unknown checksum in the secret key")
    if kdf == KDF_SCRYPT:
        if password is None:
            raise SignatureError(f"{path} is encrypted: give its password")
        from nacl.pwhash import scrypt

        stream = scrypt.kdf(KEYNUM_SK_LEN, password.encode("utf-8"), salt,
                            opslimit=int.from_bytes(opslimit, "little"),
                            memlimit=int.from_bytes(memlimit, "little"))
        keynum = bytes(a ^ b for a, b in zip(keynum, stream, strict=True))
    elif kdf != KDF_NONE:
        raise SignatureError(f"{path}: unknown key encryption {kdf!r}")
    key_id, secret, checksum = keynum[:8], keynum[8:72], keynum[72:]
    # minisign 0.11 leaves the checksum of an unencrypted key as zeros; the key's own halves
    # (seed and public key) are then checked against each other instead.
    unchecked = kdf == KDF_NONE and checksum == bytes(32)
    if not unchecked and \
            hashlib.blake2b(SIG_ED + key_id + secret, digest_size=32).digest() != checksum:
        raise SignatureError(f"{path}: wrong password, or the secret key is damaged"
                             if kdf == KDF_SCRYPT else f"{path}: the secret key is damaged")
    from nacl.signing import SigningKey

    if bytes(SigningKey(secret[:32]).verify_key) != secret[32:]:
        raise SignatureError(f"{path}: the secret key is damaged")
    return SecretKey(key_id, secret)


def is_encrypted(path: Path) -> bool:
    blob = _payload(path.read_text(encoding="utf-8"), "secret key")
    return blob[2:4] == KDF_SCRYPT


def sign(data: bytes, key: SecretKey, trusted_comment: str,
         untrusted_comment: str = "signature from kiosk pack sign") -> str:
    """The text of a .minisig file for `data` (prehashed, as minisign signs by default)."""
    from nacl.signing import SigningKey

    if "\n" in trusted_comment or "\r" in trusted_comment:
        raise SignatureError("a trusted comment is one line")
    signing = SigningKey(key.secret[:32])
    digest = hashlib.blake2b(data, digest_size=64).digest()
    signature = signing.sign(digest).signature
    comment = trusted_comment.encode("utf-8")
    global_signature = signing.sign(signature + comment).signature
    return (f"untrusted comment: {untrusted_comment}\n"
            f"{base64.b64encode(SIG_PREHASHED + key.key_id + signature).decode('ascii')}\n"
            f"trusted comment: {trusted_comment}\n"
            f"{base64.b64encode(global_signature).decode('ascii')}\n")


def verify(data: bytes, signature_text: str, key: PublicKey) -> str:
    """Check a .minisig against `data` and the key; return the trusted comment.

    Raises SignatureError saying what is wrong: a damaged signature file, a signature made with
    another key, a file that changed after signing, or a trusted comment that was edited."""
    from nacl.exceptions import BadSignatureError
    from nacl.signing import VerifyKey

    lines = signature_text.splitlines()
    if len(lines) < 4 or not lines[0].startswith("untrusted comment:") \
            or not lines[2].startswith("trusted comment: "):
        raise SignatureError("the signature file is damaged or not a minisign signature")
    try:
        blob = base64.b64decode(lines[1].strip(), validate=True)
        global_signature = base64.b64decode(lines[3].strip(), validate=True)
    except binascii.Error as error:
        raise SignatureError("the signature file is damaged (not base64)") from error
    if len(blob) != 74 or blob[:2] not in (SIG_ED, SIG_PREHASHED) or len(global_signature) != 64:
        raise SignatureError("the signature file is damaged or uses an unknown algorithm")
    key_id, signature = blob[2:10], blob[10:]
    if key_id != key.key_id:
        raise SignatureError(
            f"signed with another key (key id {key_id[::-1].hex().upper()}; this kiosk trusts "
            f"{key.id_hex})")
    message = data if blob[:2] == SIG_ED else hashlib.blake2b(data, digest_size=64).digest()
    verifier = VerifyKey(key.key)
    try:
        verifier.verify(message, signature)
    except BadSignatureError as error:
        raise SignatureError("the signature does not match the file: it changed after "
                             "signing, or the signature is damaged") from error
    comment = lines[2][len("trusted comment: "):]
    try:
        verifier.verify(signature + comment.encode("utf-8"), global_signature)
    except BadSignatureError as error:
        raise SignatureError("the trusted comment was changed after signing") from error
    return comment
