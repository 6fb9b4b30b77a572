"""`kiosk preview`: the author's live preview window (Qt is imported only when it runs)."""

from __future__ import annotations

import argparse
import sys

from kiosk.core.resources import locations


def add_preview_command(commands: argparse._SubParsersAction,
                        common: argparse.ArgumentParser) -> None:
    preview = commands.add_parser(
        "preview", parents=[common],
        help="for guide writers: show a guide as the kiosk does, beside what `kiosk check` "
             "finds; updates each time a file is saved")
    preview.add_argument("guide", nargs="?", default="", metavar="GUIDE",
                         help="the guide to open, by its slug (like how-acupuncture-works)")


def run_preview(args: argparse.Namespace) -> int:
    content_root, assets = locations(args.content)
    if not content_root.is_dir():
        print(f"kiosk preview: no content folder at {content_root}; pass --content DIR with "
              "the folder that holds en/guides/", file=sys.stderr)
        return 2
    from kiosk.app import create_application
    from kiosk.ui.fonts import load_fonts
    from kiosk.ui.preview import PreviewWindow

    app = create_application()
    load_fonts(assets)
    window = PreviewWindow(content_root, assets, args.guide)
    if args.guide and window.slug != args.guide:
        print(f"kiosk preview: no guide '{args.guide}'; showing the first one", file=sys.stderr)
    window.resize(1600, 950)
    window.show()
    return app.exec()
