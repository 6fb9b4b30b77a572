"""`kiosk print ...`: the printing subcommands (question sheet; guide handouts and booklet)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kiosk.core.resources import locations


def _add_target(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output", type=Path, metavar="FILE.pdf", help="write a PDF file")
    where.add_argument("--printer", metavar="NAME",
                       help='send to this printer ("" for the system default printer)')


def add_print_commands(commands, common: argparse.ArgumentParser) -> None:
    """Add `print` and its kinds to the `kiosk` command's subparsers."""
    printing = commands.add_parser("print", help="print a sheet, a guide or the booklet")
    kinds = printing.add_subparsers(dest="kind", metavar="KIND", required=True)
    sheet = kinds.add_parser("questions", parents=[common],
                             help="the question sheet for the picked questions")
    sheet.add_argument("--pick", required=True, metavar="ID[,ID...]",
                       help="question ids from questions.yaml, in the order to print them")
    _add_target(sheet)
    guide = kinds.add_parser("guide", parents=[common],
                             help="one guide as a handout (pages, pictures, sources, review date)")
    guide.add_argument("slug", metavar="SLUG", help="the guide, like chronic-pain")
    _add_target(guide)
    booklet = kinds.add_parser("booklet", parents=[common],
                               help="every guide as a booklet (cover, contents, words to know)")
    _add_target(booklet)


def run_print(args: argparse.Namespace) -> int:
    """Run `kiosk print KIND`; return the exit code."""
    if args.kind == "questions":
        return print_questions(args)
    if args.kind in ("guide", "booklet"):
        return print_handout(args)
    raise SystemExit(f"kiosk print: unknown kind {args.kind!r}")


def _gui_application():
    """A QGuiApplication for painting (offscreen when there is no display)."""
    if not os.environ.get("QT_QPA_PLATFORM") and not os.environ.get("DISPLAY") \
            and sys.platform.startswith("linux") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from kiosk.qtcompat import keep_singletons_alive

    keep_singletons_alive()  # before any Qt call (PySide6 6.12.0 on Python 3.11)
    from PySide6.QtGui import QGuiApplication

    from kiosk.ui.fonts import load_fonts

    app = QGuiApplication.instance() or QGuiApplication(["kiosk"])
    load_fonts(locations(None)[1])  # paper uses the same typeface as the screen
    return app


def _settings_and_library(args: argparse.Namespace):
    """Settings (problems to stderr) and the language pack, English strings behind it; None if
    there is no such pack."""
    from kiosk.core.config import load_settings
    from kiosk.core.content import load_library

    settings, problems = load_settings(args.config)
    for problem in problems:
        print(problem, file=sys.stderr)
    content_root, assets = locations(args.content)
    lang = args.lang or settings.default_language
    if not (content_root / lang).is_dir():
        print(f"kiosk print: no language pack '{lang}' in {content_root}", file=sys.stderr)
        return settings, None
    fallback = None
    if lang != "en" and (content_root / "en").is_dir():
        fallback = load_library(content_root / "en", assets, numbers=settings.numbers)[0].strings
    library, _ = load_library(content_root / lang, assets, fallback_strings=fallback,
                              numbers=settings.numbers)
    return settings, library


def _report(result, args: argparse.Namespace) -> int:
    if not result.ok:
        why = {"no_printer": "no such printer"}.get(result.reason, "printing failed")
        print(f"kiosk print: {why}: {result.detail}", file=sys.stderr)
        return 1
    where = str(args.output) if args.output else (args.printer or "the default printer")
    print(f"printed {result.pages} page{'s' * (result.pages != 1)} to {where}")
    return 0


def _target(args: argparse.Namespace):
    from kiosk.printing import PrintTarget

    return PrintTarget(pdf=args.output) if args.output else PrintTarget(printer=args.printer)


def print_questions(args: argparse.Namespace) -> int:
    import datetime as dt

    from kiosk.core.questions import QuestionPicks, build_sheet, unknown_ids

    settings, library = _settings_and_library(args)
    if library is None:
        return 2
    ids = [i.strip() for i in args.pick.split(",") if i.strip()]
    unknown = unknown_ids(library.questions, ids)
    if unknown or not ids:
        print(f"kiosk print: unknown question ids: {', '.join(unknown) or '(none given)'}\n"
              f"valid ids: {', '.join(library.questions.ids())}", file=sys.stderr)
        return 2
    sheet = build_sheet(library, QuestionPicks(ids=list(dict.fromkeys(ids))), settings,
                        dt.date.today())

    app = _gui_application()  # noqa: F841 (kept alive while painting)
    from kiosk.printing import print_sheet

    return _report(print_sheet(sheet, _target(args)), args)


def print_handout(args: argparse.Namespace) -> int:
    """`kiosk print guide SLUG` and `kiosk print booklet`."""
    from kiosk.core.handout import build_booklet, build_guide_handout

    settings, library = _settings_and_library(args)
    if library is None:
        return 2
    if args.kind == "guide":
        if library.guide(args.slug) is None:
            print(f"kiosk print: no guide '{args.slug}' in '{library.lang}'\n"
                  f"valid guides: {', '.join(g.slug for g in library.guides) or '(none)'}",
                  file=sys.stderr)
            return 2
        handout = build_guide_handout(library, args.slug, settings)
    else:
        if not library.guides:
            print(f"kiosk print: no guides in '{library.lang}' to print", file=sys.stderr)
            return 2
        handout = build_booklet(library, settings)

    app = _gui_application()  # noqa: F841 (kept alive while painting)
    from kiosk.printing import print_handout as print_pages

    return _report(print_pages(handout, _target(args)), args)
