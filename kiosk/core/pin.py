"""The admin PIN: a salted scrypt hash in the settings file, and a gate that slows down guessing.

The PIN itself is never stored or logged. A stored hash looks like
`scrypt$16384$8$1$<salt, base64>$<hash, base64>`, so its cost can be raised later without
breaking PINs already written.
"""

from __future__ import annotations

import base64
import os
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.core.limits import MAX_SCRYPT_MEMORY, SCRYPT_N, SCRYPT_P, SCRYPT_R, scrypt_memory

MIN_DIGITS, MAX_DIGITS = 4, 8
PIN_PATTERN = re.compile(rf"[0-9]{{{MIN_DIGITS},{MAX_DIGITS}}}")  # ASCII: what the keypad types
FREE_TRIES = 5  # wrong PINs allowed before the gate makes the next one wait
FIRST_WAIT = 30.0  # seconds after the fifth wrong PIN; doubles with each wrong PIN after it
LONGEST_WAIT = 300.0
# scrypt cost (kiosk/core/limits.py): N=2**15, r=8, p=1 is 32 MiB and about 0.1 s per check on
# the kiosk's hardware (docs/config.md has the figure). No cost makes a 4-8 digit PIN safe from
# someone who can read the settings file, but at this cost all 10,000 four-digit PINs take about
# 20 minutes of one core instead of 94 s, and the file's mode (root:kiosk 0640) keeps it unread.
# Hashes store their own cost, so older (N=4096) ones keep working.
_N, _R, _P = SCRYPT_N, SCRYPT_R, SCRYPT_P


def valid_pin(pin: str) -> bool:
    """True for 4 to 8 digits 0-9: what the on-screen keypad can type."""
    return PIN_PATTERN.fullmatch(pin) is not None


def normalise_pin(typed: str) -> str:
    """Digits typed on any keyboard as the keypad's 0-9 (full-width '１２３４' is '1234');
    anything that is not a digit is kept, so valid_pin refuses it."""
    plain = unicodedata.normalize("NFKC", typed.strip())
    return "".join(str(unicodedata.decimal(ch)) if unicodedata.decimal(ch, None) is not None
                   else ch for ch in plain)


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """The text stored in the settings file as `pin_hash` for this PIN."""
    if not valid_pin(pin):
        raise ValueError("a PIN is 4 to 8 digits")
    import hashlib  # see verify_pin

    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32,
                            maxmem=MAX_SCRYPT_MEMORY)
    encode = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${encode(salt).decode()}${encode(digest).decode()}"


def well_formed(stored: str) -> bool:
    """True if `stored` is a hash `hash_pin` could have written and the kiosk can check."""
    return _parse(stored) is not None and cost_problem(stored) is None


def cost_problem(stored: str) -> str | None:
    """Why the kiosk could never check this hash (its scrypt cost needs too much memory), or None.

    A hash like that passes every other check and then fails every PIN, even the right one."""
    parsed = _parse(stored)
    if parsed is None:
        return None
    n, r, p = parsed[:3]
    needed = scrypt_memory(n, r, p)
    if needed <= MAX_SCRYPT_MEMORY:
        return None
    return (f"its scrypt cost (N={n}, r={r}, p={p}) needs {needed // 2**20} MiB per check; the "
            f"kiosk allows {MAX_SCRYPT_MEMORY // 2**20} MiB, so no PIN would ever be accepted: "
            "run `kiosk set-pin` to write a new one")


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    try:
        n, r, p = (int(x) for x in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except ValueError:
        return None
    if n < 2 or n & (n - 1) or not (1 <= r <= 64 and 1 <= p <= 16) or len(salt) < 8 \
            or len(digest) < 16:
        return None
    return n, r, p, salt, digest


def verify_pin(pin: str, stored: str) -> bool:
    """True only if `pin` is the PIN `stored` was made from (constant-time comparison)."""
    parsed = _parse(stored)
    if parsed is None or not valid_pin(pin):
        return False
    n, r, p, salt, digest = parsed
    # hashlib loads OpenSSL's libcrypto, 3.4 MiB resident: only once a PIN is typed, not at
    # start-up (the staff menu imports this module for MAX_DIGITS).
    import hashlib
    import hmac

    if scrypt_memory(n, r, p) > MAX_SCRYPT_MEMORY:
        return False
    attempt = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=len(digest),
                             maxmem=MAX_SCRYPT_MEMORY)
    return hmac.compare_digest(attempt, digest)


@dataclass
class PinGate:
    """Checks PINs; after FREE_TRIES wrong ones in a row, each further try must wait."""

    stored: str
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    _open_at: float = field(default=0.0, repr=False)

    def wait_seconds(self) -> float:
        """Seconds until the next try is allowed (0 when it is allowed now)."""
        return max(0.0, self._open_at - self.clock())

    def tries_left(self) -> int:
        """Wrong PINs still allowed before the waiting starts."""
        return max(0, FREE_TRIES - self.failures)

    def check(self, pin: str) -> bool:
        """True for the right PIN. A try during the wait is refused without checking it."""
        if self.wait_seconds() > 0:
            return False
        if verify_pin(pin, self.stored):
            self.failures = 0
            self._open_at = 0.0
            return True
        self.failures += 1
        if self.failures >= FREE_TRIES:
            extra = self.failures - FREE_TRIES
            self._open_at = self.clock() + min(LONGEST_WAIT, FIRST_WAIT * 2**extra)
        return False
