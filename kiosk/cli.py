"""The `kiosk` command: argument parsing and exit codes. Imports Qt only for commands that need it."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kiosk import __version__
from kiosk.commands.doctor import add_doctor_command, run_doctor
from kiosk.commands.pack import add_pack_commands, run_pack
from kiosk.commands.preview import add_preview_command, run_preview
from kiosk.commands.print_commands import add_print_commands, run_print
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
    add_doctor_command(commands, common)
    add_pack_commands(commands, common)
    _add_report_command(commands, common)
    add_preview_command(commands, common)
    set_pin = commands.add_parser(
        "set-pin", parents=[common],
        help="set the admin PIN (4-8 digits) that unlocks kiosk mode; stores only a salted hash")
    set_pin.add_argument("--stdin", action="store_true",
                         help="read the PIN from the first line of standard input (for scripts)")
    return parser


def _add_report_command(commands, common: argparse.ArgumentParser) -> None:
    """`kiosk report` (kiosk/commands/report.py): defined here, as `check` is, so a kiosk's
    start does not import the report's code (7 ms) only to list its arguments."""
    report = commands.add_parser(
        "report", parents=[common],
        help="merge usage files of one or many kiosks into an HTML page with charts and a CSV")
    report.add_argument("folders", nargs="+", type=Path, metavar="DIR",
                        help="folders holding usage-*.json files (searched with their subfolders)")
    report.add_argument("--from", dest="start", metavar="YYYY-MM-DD", type=_date,
                        help="first day to include (default: the first day found)")
    report.add_argument("--to", dest="end", metavar="YYYY-MM-DD", type=_date,
                        help="last day to include (default: the last day found)")
    report.add_argument("-o", "--output", type=Path, required=True, metavar="REPORT.html",
                        help="the page to write; the CSV goes beside it (REPORT.csv)")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-31") from None


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    if args.command == "check":
        return _check(args)
    if args.command == "print":
        return run_print(args)
    if args.command == "report":
        from kiosk.commands.report import run_report  # its charts and usage files: not for a start

        return run_report(args)
    if args.command == "set-pin":
        return _set_pin(args)
    if args.command == "doctor":
        return run_doctor(args)
    if args.command == "pack":
        return run_pack(args)
    if args.command == "preview":
        return run_preview(args)
    if args.present is not None and args.kiosk:
        print("kiosk: --present is for a laptop and a projector; it does not go with --kiosk",
              file=sys.stderr)
        return 2
    if args.unlocked and not args.kiosk:
        print("kiosk: --unlocked only goes with --kiosk", file=sys.stderr)
        return 2
    if args.kiosk and not args.unlocked and not _pin_is_set(args.config):
        return 2
    from kiosk.app import LaunchOptions, run  # Qt is imported only from here on

    content_root, assets = locations(args.content)
    return run(LaunchOptions(content_root=content_root, assets=assets, config=args.config,
                             lang=args.lang, smoke=args.smoke, kiosk_mode=args.kiosk,
                             unlocked=args.unlocked, present=args.present,
                             from_packs=args.content is None))


def _pin_is_set(config: Path | None) -> bool:
    """True if the settings hold a PIN; else say why not (missing, unreadable, no PIN) and how."""
    from kiosk.core.config import default_config_path, load_settings

    settings, problems = load_settings(config)
    for problem in problems:
        print(problem, file=sys.stderr)
    if settings.pin_hash:
        return True
    path = config or default_config_path()
    option = f" --config {path}" if config is not None else ""
    unreadable = path.exists() and any("cannot read" in p.message for p in problems)
    print("kiosk: kiosk mode locks the screen, so staff need an admin PIN to get out.", file=sys.stderr)
    if unreadable:
        print(f"The settings file {path} exists but this user cannot read it: give the kiosk's "
              "user read access (for example root:kiosk, mode 0640; see docs/deploy.md).",
              file=sys.stderr)
    else:
        where = "has no PIN" if path.exists() else "does not exist"
        print(f"The settings file {path} {where}. Set one first:   kiosk set-pin{option}",
              file=sys.stderr)
    print(f"or try kiosk mode without locking:   kiosk --kiosk --unlocked{option}", file=sys.stderr)
    return False


def _set_pin(args: argparse.Namespace) -> int:
    from kiosk.core.config import default_config_path, write_setting
    from kiosk.core.pin import hash_pin, normalise_pin, valid_pin

    if args.stdin:
        pin = normalise_pin(sys.stdin.readline())
    else:
        import getpass

        pin = normalise_pin(getpass.getpass("New admin PIN (4 to 8 digits): "))
        if valid_pin(pin) and normalise_pin(getpass.getpass("Type it again: ")) != pin:
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
    from kiosk.core.placeholders import US_NUMBERS
    from kiosk.core.validate import check_content

    content_root, assets = locations(args.content)
    today = dt.date.fromisoformat(args.today) if args.today else None
    numbers, settings_problems = US_NUMBERS, []
    if args.config is not None:  # the clinic's settings file is checked too when named
        from kiosk.core.config import load_settings

        settings, settings_problems = load_settings(args.config)
        numbers = settings.numbers
    report = check_content(content_root, assets, today, numbers)
    report.problems.extend(settings_problems)
    if args.config is not None:
        packs = {lib.lang for lib in report.libraries}
        if packs and settings.default_language not in packs:
            from kiosk.core.content import Problem

            report.problems.append(Problem(
                args.config, 1, f"'default_language' = {settings.default_language!r} has no "
                f"language pack in the content folder (packs: {', '.join(sorted(packs))}); "
                "the kiosk starts in English"))
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
    print(f"kiosk check: {len(report.problems)} problems ({guides} guides in "
          f"{packs or 'no packs'})",
          file=sys.stderr)
    return 1
