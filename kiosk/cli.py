"""The `kiosk` command: argument parsing and exit codes. Imports Qt only for commands that need it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk import __version__
from kiosk.print_commands import add_print_commands, run_print
from kiosk.resources import locations


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
    parser.add_argument("--smoke", action="store_true",
                        help="open every guide and page offscreen-safely, then exit 0 if all worked")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser(
        "check", parents=[common], help="validate every language pack; exit 1 on any problem")
    check.add_argument("--today", metavar="YYYY-MM-DD",
                       help="check review dates as of this day (default: today)")
    add_print_commands(commands, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    if args.command == "check":
        return _check(args)
    if args.command == "print":
        return run_print(args)
    from kiosk.app import LaunchOptions, run  # Qt is imported only from here on

    content_root, assets = locations(args.content)
    return run(LaunchOptions(content_root=content_root, assets=assets, config=args.config,
                             lang=args.lang, smoke=args.smoke))


def _check(args: argparse.Namespace) -> int:
    import datetime as dt

    from kiosk.validate import check_content

    content_root, assets = locations(args.content)
    today = dt.date.fromisoformat(args.today) if args.today else None
    report = check_content(content_root, assets, today)
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
