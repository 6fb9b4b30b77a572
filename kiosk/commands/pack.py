"""`kiosk pack build|keygen|sign|verify`: make, sign and check content packs (no Qt)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path


def add_pack_commands(commands, common: argparse.ArgumentParser) -> None:
    """Add `kiosk pack ...` to the command parser."""
    pack = commands.add_parser("pack", help="build, sign and verify content packs for kiosks "
                               "(docs/deploy.md, 'Content packs')")
    actions = pack.add_subparsers(dest="pack_command", metavar="ACTION", required=True)
    build = actions.add_parser("build", parents=[common],
                               help="check the content (as `kiosk check`) and build one pack file")
    build.add_argument("-o", "--output", type=Path, required=True, metavar="FILE",
                       help="the pack to write, like riverside-2026-12-01.kpack")
    keygen = actions.add_parser("keygen", help="make a signing key pair (minisign format)")
    keygen.add_argument("--secret", type=Path, required=True, metavar="FILE",
                        help="where to write the secret key (keep it on the content machine)")
    keygen.add_argument("--public", type=Path, required=True, metavar="FILE",
                        help="where to write the public key (every kiosk gets a copy)")
    sign = actions.add_parser("sign", help="sign a pack: writes PACK.minisig beside it")
    sign.add_argument("pack", type=Path, metavar="PACK")
    sign.add_argument("--secret", type=Path, required=True, metavar="FILE",
                      help="a minisign secret key (from `kiosk pack keygen` or `minisign -G`)")
    verify = actions.add_parser("verify", help="check a pack's signature and contents; "
                                "exit 0 when good, 1 with the reason when not")
    verify.add_argument("pack", type=Path, metavar="PACK")
    verify.add_argument("--public", type=Path, required=True, metavar="FILE",
                        help="the public key the kiosks trust")


def run_pack(args: argparse.Namespace) -> int:
    return {"build": _build, "keygen": _keygen, "sign": _sign,
            "verify": _verify}[args.pack_command](args)


def _fail(message: str, code: int = 1) -> int:
    print(f"kiosk pack: {message}", file=sys.stderr)
    return code


def _build(args: argparse.Namespace) -> int:
    from kiosk.core.pack import PackError, build_pack
    from kiosk.core.resources import locations

    content_root, assets = locations(args.content)
    try:
        result = build_pack(content_root, assets, args.output)
    except (PackError, OSError) as error:
        return _fail(str(error))
    except ModuleNotFoundError as error:  # the frozen kiosk leaves out `kiosk check`'s tools
        return _fail(f"building a pack runs `kiosk check`, which needs {error.name}: build packs "
                     "from the source install on the content machine (docs/deploy.md)")
    if result.manifest is None:
        for problem in result.problems:
            print(problem)
        return _fail(f"{len(result.problems)} content problems (as `kiosk check` lists them); "
                     "fix them, then build again. No pack was written.")
    m = result.manifest
    guides = sum(len(slugs) for slugs in m.guides.values())
    print(f"Built {args.output}: '{m.name}' version {m.version}, {', '.join(m.languages)}, "
          f"{guides} guides, {len(m.files)} files.\n"
          f"Sign it next: kiosk pack sign {args.output} --secret FILE")
    return 0


def _keygen(args: argparse.Namespace) -> int:
    import os

    from kiosk.core.minisign import generate

    for path in (args.secret, args.public):
        if path.exists():
            return _fail(f"{path} exists; refusing to overwrite a key (move it away first)")
    key = generate()
    try:
        args.secret.parent.mkdir(parents=True, exist_ok=True)
        # Readable by its owner only from the first byte: never briefly world-readable.
        descriptor = os.open(args.secret, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(key.to_file_text())
        args.public.parent.mkdir(parents=True, exist_ok=True)
        args.public.write_text(key.public.to_file_text(), encoding="utf-8")
    except OSError as error:
        return _fail(f"cannot write the key: {error}")
    print(f"Secret key: {args.secret} (unencrypted: keep it on the content machine only)\n"
          f"Public key: {args.public} (key id {key.public.id_hex}; copy it to every kiosk and "
          "set pack_public_key to it)")
    return 0


def _sign(args: argparse.Namespace) -> int:
    from kiosk.core.minisign import SignatureError, is_encrypted, read_secret_key, sign
    from kiosk.core.pack import Manifest, PackError, read_manifest

    try:
        data = args.pack.read_bytes()
        manifest: Manifest = read_manifest(data)
        password = None
        if is_encrypted(args.secret):
            password = _password(args.secret)
        key = read_secret_key(args.secret, password)
    except (OSError, PackError, SignatureError) as error:
        return _fail(f"cannot sign {args.pack}: {error}")
    stamp = int(dt.datetime.now(dt.UTC).timestamp())
    # minisign's own trusted-comment layout, with the pack's name and version added: the
    # comment is covered by the signature, so a kiosk can log what it was told it installs.
    comment = (f"timestamp:{stamp}\tfile:{args.pack.name}\thashed\t"
               f"pack:{manifest.name}\tversion:{manifest.version}")
    target = args.pack.with_name(args.pack.name + ".minisig")
    temporary = target.with_name(f".{target.name}.part")
    try:
        temporary.write_text(sign(data, key, comment), encoding="utf-8")
        temporary.replace(target)
    except OSError as error:
        return _fail(f"cannot write {target}: {error}")
    print(f"Signed {args.pack} (version {manifest.version}) with key {key.public.id_hex}: {target}")
    return 0


def _password(path: Path) -> str:
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(f"Password for {path}: ")
    return sys.stdin.readline().rstrip("\n")  # scripts pipe it in, as they do for minisign


def _verify(args: argparse.Namespace) -> int:
    from kiosk.core.inbox import verify_pack_file
    from kiosk.core.minisign import SignatureError, read_public_key
    from kiosk.core.pack import PackError

    try:
        key = read_public_key(args.public)
        manifest = verify_pack_file(args.pack, key)
    except (OSError, PackError, SignatureError) as error:
        return _fail(f"{args.pack}: NOT good: {error}")
    print(f"{args.pack}: good: '{manifest.name}' version {manifest.version}, "
          f"{', '.join(manifest.languages)}, signed with key {key.id_hex}, every file matches "
          "its hash")
    return 0
