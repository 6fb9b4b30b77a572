"""The `kiosk` command: argument parsing and exit codes. Imports Qt only for commands that need it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk import __version__
from kiosk.commands.print_commands import add_print_commands, run_print
from kiosk.commands.report import add_report_command, run_report
from kiosk.core.resources import locations


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--content", type=Path, metavar="DIR",
                        help="a content folder holding language packs (default: the bundled one)")
    common.add_argument("--config", type=Path, metavar="FILE", help="a settings file (TOML)")
    common.add_argument("--lang", metavar="L", help="language pack to use, like en or es")

    parser = argparse.ArgumentParser(
        prog="kiosk", parents=[common],
        description="Patient-education kiosk: guides on chronic pain and acupuncture.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--kiosk", action="store_true",
                        help="waiting-room mode: full screen and locked, idle reset, admin PIN "
                             "to exit (set one first with `kiosk set-pin`)")
    parser.add_argument("--unlocked", action="store_true",
                        help="with --kiosk: try kiosk mode without locking (no PIN needed; "
                             "Ctrl+Q and the window's close button still work)")
    parser.add_argument("--present", nargs="?", const="", metavar="GUIDE",
                        help="show guides as full-screen slides for a talk: one guide by its "
                             "slug (like how-acupuncture-works), or every guide; Esc leaves")
    parser.add_argument("--smoke", action="store_true",
                        help="open every guide and page offscreen-safely, then exit 0 if all worked")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser(
        "check", parents=[common], help="validate every language pack; exit 1 on any problem")
    check.add_argument("--today", metavar="YYYY-MM-DD",
                       help="check review dates as of this day (default: today)")
    add_print_commands(commands, common)
    add_report_command(commands, common)
    set_pin = commands.add_parser(
        "set-pin", parents=[common],
        help="set the admin PIN (4-8 digits) that unlocks kiosk mode; stores only a salted hash")
    set_pin.add_argument("--stdin", action="store_true",
                         help="read the PIN from the first line of standard input (for scripts)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    if args.command == "check":
        return _check(args)
    if args.command == "print":
        return run_print(args)
    if args.command == "report":
        return run_report(args)
    if args.command == "set-pin":
        return _set_pin(args)
    if args.present is not None and args.kiosk:
        print("kiosk: --present is for a laptop and a projector; it does not go with --kiosk",
              file=sys.stderr)
        return 2
    if args.unlocked and not args.kiosk:
        print("kiosk: --unlocked only goes with --kiosk", file=sys.stderr)
        return 2
    if args.kiosk and not args.unlocked and not _pin_is_set(args.config):
        print("kiosk: kiosk mode locks the screen, so staff need an admin PIN to get out.\n"
              "Set one first:   kiosk set-pin\n"
              "or try kiosk mode without locking:   kiosk --kiosk --unlocked", file=sys.stderr)
        return 2
    from kiosk.app import LaunchOptions, run  # Qt is imported only from here on

    content_root, assets = locations(args.content)
    return run(LaunchOptions(content_root=content_root, assets=assets, config=args.config,
                             lang=args.lang, smoke=args.smoke, kiosk_mode=args.kiosk,
                             unlocked=args.unlocked, present=args.present))


def _pin_is_set(config: Path | None) -> bool:
    from kiosk.core.config import load_settings

    settings, problems = load_settings(config)
    for problem in problems:
        print(problem, file=sys.stderr)
    return bool(settings.pin_hash)


def _set_pin(args: argparse.Namespace) -> int:
    from kiosk.core.config import default_config_path, write_setting
    from kiosk.core.pin import hash_pin, valid_pin

    if args.stdin:
        pin = sys.stdin.readline().strip()
    else:
        import getpass

        pin = getpass.getpass("New admin PIN (4 to 8 digits): ").strip()
        if valid_pin(pin) and getpass.getpass("Type it again: ").strip() != pin:
            print("kiosk set-pin: the two PINs differ; nothing was changed", file=sys.stderr)
            return 1
    if not valid_pin(pin):
        print("kiosk set-pin: a PIN is 4 to 8 digits (0-9), typed on the kiosk's keypad; "
              "nothing was changed", file=sys.stderr)
        return 2
    path = args.config or default_config_path()
    try:
        write_setting(path, "pin_hash", hash_pin(pin))
    except (OSError, ValueError) as error:
        print(f"kiosk set-pin: cannot write {path}: {error}", file=sys.stderr)
        return 1
    print(f"Admin PIN set in {path} (only a salted hash is stored).")
    return 0


def _check(args: argparse.Namespace) -> int:
    import datetime as dt

    from kiosk.core.validate import check_content

    content_root, assets = locations(args.content)
    today = dt.date.fromisoformat(args.today) if args.today else None
    report = check_content(content_root, assets, today)
    if args.config is not None:  # the clinic's settings file is checked too when named
        from kiosk.core.config import load_settings

        report.problems.extend(load_settings(args.config)[1])
    for problem in report.problems:
        print(problem)
    if report.readability:
        print()
        print(report.table())
    guides = sum(len(lib.guides) for lib in report.libraries)
    packs = ", ".join(lib.lang for lib in report.libraries)
    print()
    if report.ok:
        print(f"kiosk check: OK: {guides} guides in {packs or 'no packs'}, no problems")
        return 0
    print(f"kiosk check: {len(report.problems)} problems ({guides} guides in {packs})",
          file=sys.stderr)
    return 1
