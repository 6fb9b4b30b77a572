"""Composition root: logging, excepthook, QApplication; builds every object and wires them once."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk import __version__
from kiosk.config import Settings, load_settings
from kiosk.content import Library, Problem, load_library
from kiosk.render import RenderCache
from kiosk.session import PatientSession
from kiosk.ui.home import HomeScreen
from kiosk.ui.notices import NoticeBar, Notifier
from kiosk.ui.questions import QuestionOffers, QuestionsScreen
from kiosk.ui.reader import ReaderScreen
from kiosk.ui.theme import TEXT_SCALES
from kiosk.ui.toolbar import Toolbar
from kiosk.ui.window import MainWindow, PrintSeams, Screens

log = logging.getLogger("kiosk")


@dataclass(frozen=True)
class LaunchOptions:
    """What the command line asked for."""

    content_root: Path
    assets: Path
    config: Path | None = None
    lang: str | None = None
    smoke: bool = False
    kiosk_mode: bool = False


def setup_logging(log_dir: Path | None = None) -> Path | None:
    """Log to stderr and to a rotating file in the user's log folder (never patient text)."""
    root = logging.getLogger("kiosk")
    root.setLevel(logging.INFO)
    if root.handlers:
        return None
    root.addHandler(logging.StreamHandler())
    if log_dir is None:
        from platformdirs import user_log_dir

        log_dir = Path(user_log_dir("pain-kiosk", appauthor=False))
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        path = log_dir / "kiosk.log"
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        return path
    except OSError as error:
        root.warning("cannot write the log file in %s (%s); logging to the console only",
                     log_dir, error)
        return None


def load_for_language(content_root: Path, assets: Path, lang: str) -> tuple[Library, list[Problem]]:
    """Load one language pack, with English strings behind it for anything not translated."""
    problems: list[Problem] = []
    fallback = None
    if lang != "en" and (content_root / "en").is_dir():
        english, _ = load_library(content_root / "en", assets)
        fallback = english.strings
    pack = content_root / lang
    if not pack.is_dir():
        problems.append(Problem(pack, 1, f"no language pack '{lang}'; using English"))
        pack = content_root / "en"
        fallback = None
    library, found = load_library(pack, assets, fallback_strings=fallback)
    return library, problems + found


class KioskApp:
    """Everything one run of the app is made of, built and connected in one place."""

    def __init__(self, options: LaunchOptions, settings: Settings,
                 printing: PrintSeams | None = None) -> None:
        self.options = options
        self.settings = settings
        lang = options.lang or settings.default_language
        self.session = PatientSession(
            default_lang=lang,
            default_text_step=TEXT_SCALES.index(settings.default_text_size / 100)
            if settings.default_text_size / 100 in TEXT_SCALES else 0,
        )
        self.notifier = Notifier()
        self.library, problems = load_for_language(options.content_root, options.assets, lang)
        self.cache = RenderCache(self.library)
        self.screens = Screens(
            toolbar=Toolbar(), notice_bar=NoticeBar(), home=HomeScreen(), reader=ReaderScreen(),
            questions=QuestionsScreen(allow_typing=not options.kiosk_mode),
            offers=QuestionOffers())
        self.window = MainWindow(self.screens, self.library, self.cache, self.session,
                                 self.notifier, settings, printing or self._printing(settings))
        self._report_problems(problems)

    @staticmethod
    def _printing(settings: Settings) -> PrintSeams:
        """Print to the configured printer (or the system default); never a dialog."""

        def print_sheet(sheet):
            from kiosk import printing  # QtPrintSupport stays off the start-up path

            return printing.print_sheet(sheet, printing.PrintTarget(printer=settings.printer))

        def sheet_images(sheet, width_px: int):
            from kiosk import printing

            return printing.render_sheet_images(sheet, width_px)

        return PrintSeams(print_sheet=print_sheet, sheet_images=sheet_images)

    def _report_problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            log.warning("content: %s", problem)
        if not self.library.guides:
            self.notifier.notice(self.library.strings("notice_no_guides"),
                                 detail=f"{len(problems)} content problems")
        elif problems:
            self.notifier.notice(self.library.strings("notice_content_problems"),
                                 detail=f"{len(problems)} content problems; run kiosk check")

    def prerender_in_background(self) -> None:
        """After home has painted, render the remaining guides one per event-loop turn."""
        pending = self.cache.pending()
        if not pending:
            for problem in self.cache.problems:
                log.warning("content: %s", problem)
            return
        self.cache.pages(pending[0])
        QTimer.singleShot(0, self.prerender_in_background)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication of the process."""
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("pain-kiosk")
    app.setApplicationVersion(__version__)
    return app


def run(options: LaunchOptions) -> int:
    """Start the app (or the smoke run) and return the exit code."""
    started = time.perf_counter()
    setup_logging()
    settings, problems = load_settings(options.config)
    for problem in problems:
        log.warning("config: %s", problem)
    qt_app = create_application()
    kiosk = KioskApp(options, settings)
    kiosk.window.resize(1280, 800)
    kiosk.window.show()
    QTimer.singleShot(0, kiosk.prerender_in_background)
    if options.smoke:
        from kiosk.smoke import smoke_run

        return smoke_run(kiosk, qt_app, started)
    return qt_app.exec()
