"""The `kiosk` command: argument parsing and exit codes. Imports Qt only for commands that need it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk import __version__


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
    printing = commands.add_parser("print", help="print a sheet to a PDF file or a printer")
    kinds = printing.add_subparsers(dest="kind", metavar="KIND", required=True)
    sheet = kinds.add_parser("questions", parents=[common],
                             help="the question sheet for the picked questions")
    sheet.add_argument("--pick", required=True, metavar="ID[,ID...]",
                       help="question ids from questions.yaml, in the order to print them")
    where = sheet.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output", type=Path, metavar="FILE.pdf", help="write a PDF file")
    where.add_argument("--printer", metavar="NAME",
                       help='send to this printer ("" for the system default printer)')
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    if args.command == "check":
        return _check(args)
    if args.command == "print":
        return _print_questions(args)
    from kiosk.app import LaunchOptions, run  # Qt is imported only from here on

    content_root, assets = _locations(args)
    return run(LaunchOptions(content_root=content_root, assets=assets, config=args.config,
                             lang=args.lang, smoke=args.smoke))


def _locations(args: argparse.Namespace) -> tuple[Path, Path]:
    from kiosk import resources

    content_root = args.content.resolve() if args.content else resources.content_root()
    return content_root, resources.assets_dir()


def _check(args: argparse.Namespace) -> int:
    import datetime as dt

    from kiosk.validate import check_content

    content_root, assets = _locations(args)
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


def _print_questions(args: argparse.Namespace) -> int:
    import datetime as dt
    import os

    from kiosk.config import load_settings
    from kiosk.content import load_library
    from kiosk.questions import QuestionPicks, build_sheet, unknown_ids

    settings, problems = load_settings(args.config)
    for problem in problems:
        print(problem, file=sys.stderr)
    content_root, assets = _locations(args)
    lang = args.lang or settings.default_language
    if not (content_root / lang).is_dir():
        print(f"kiosk print: no language pack '{lang}' in {content_root}", file=sys.stderr)
        return 2
    library, _ = load_library(content_root / lang, assets)
    ids = [i.strip() for i in args.pick.split(",") if i.strip()]
    unknown = unknown_ids(library.questions, ids)
    if unknown or not ids:
        print(f"kiosk print: unknown question ids: {', '.join(unknown) or '(none given)'}\n"
              f"valid ids: {', '.join(library.questions.ids())}", file=sys.stderr)
        return 2
    sheet = build_sheet(library, QuestionPicks(ids=list(dict.fromkeys(ids))), settings,
                        dt.date.today())

    if not os.environ.get("QT_QPA_PLATFORM") and not os.environ.get("DISPLAY") \
            and sys.platform.startswith("linux") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from kiosk.qtcompat import keep_singletons_alive

    keep_singletons_alive()  # before any Qt call (PySide6 6.12.0 on Python 3.11)
    from PySide6.QtGui import QGuiApplication

    from kiosk.printing import PrintTarget, print_sheet

    app = QGuiApplication.instance() or QGuiApplication(["kiosk"])  # noqa: F841 (kept alive)
    target = PrintTarget(pdf=args.output) if args.output else PrintTarget(printer=args.printer)
    result = print_sheet(sheet, target)
    if not result.ok:
        why = {"no_printer": "no such printer"}.get(result.reason, "printing failed")
        print(f"kiosk print: {why}: {result.detail}", file=sys.stderr)
        return 1
    where = str(args.output) if args.output else (args.printer or "the default printer")
    print(f"printed {result.pages} page{'s' * (result.pages != 1)} to {where}")
    return 0
