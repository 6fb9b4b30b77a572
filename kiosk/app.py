"""Composition root: logging, excepthook, QApplication; builds every object and wires them once."""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QPixmapCache
from PySide6.QtWidgets import QApplication

from kiosk import __version__, qtcompat  # noqa: F401 - qtcompat first: PySide6 reads no source
from kiosk.app_packs import PackReceiver
from kiosk.core.config import Settings, load_settings
from kiosk.core.content import Library, Problem, offered_languages
from kiosk.core.languages import load_for_language, welcome_starts
from kiosk.core.logfile import REDACTOR, Redactor, setup_logging  # noqa: F401 - Redactor: tests
from kiosk.core.pages import RenderCache
from kiosk.core.session import PatientSession
from kiosk.core.visit import VisitPacks, visit_texts
from kiosk.print_seams import print_seams
from kiosk.ui.fonts import load_fonts
from kiosk.ui.home import HomeScreen
from kiosk.ui.idle import IdleWatcher, Lockdown
from kiosk.ui.notices import NoticeBar, Notifier
from kiosk.ui.plaintext import install_plain_text_labels, polish_built
from kiosk.ui.questions import QuestionOffers, QuestionsScreen
from kiosk.ui.reader import ReaderScreen
from kiosk.ui.theme import TEXT_SCALES
from kiosk.ui.toolbar import Toolbar
from kiosk.ui.window import MainWindow, PrintSeams, Screens

if TYPE_CHECKING:
    from kiosk.core.inbox import Inbox
    from kiosk.core.pack import PackContent
    from kiosk.core.packstore import PackStore

log = logging.getLogger("kiosk")
PIXMAP_CACHE_KIB = 2048  # Qt's default is 10240 (docs/PERFORMANCE.md, "Soak")


@dataclass(frozen=True)
class LaunchOptions:
    """What the command line asked for."""

    content_root: Path
    assets: Path
    config: Path | None = None
    lang: str | None = None
    smoke: bool = False
    kiosk_mode: bool = False
    unlocked: bool = False  # kiosk mode without the lock (trying it out; no PIN needed)
    present: str | None = None  # --present: "" for every guide, or one guide's slug
    speech_engine: str | None = None  # a Qt TextToSpeech engine by name (tests: "mock")
    packs_dir: Path | None = None  # installed content packs; None: the content folder only
    from_packs: bool = False  # run(): use the settings' packs folder (no --content given)


@dataclass(frozen=True)
class KioskTimings:
    """Kiosk-mode intervals in milliseconds (from the settings; tests pass short ones)."""

    idle_ms: int
    warn_ms: int
    long_press_ms: int = 3000
    inbox_poll_ms: int = 5000  # how often the pack inbox is looked at (two looks per install)
    usage_write_ms: int = 60_000  # usage counts: a write at most this often, besides each reset

    @classmethod
    def from_settings(cls, settings: Settings) -> KioskTimings:
        return cls(settings.idle_seconds * 1000, settings.warn_seconds * 1000)


def _make_visit_screen():
    """My visit sheet's screen: imported and built the first time a patient opens it."""
    from kiosk.ui.visit import VisitScreen

    return VisitScreen()


class KioskApp(PackReceiver):
    """Everything one run of the app is made of, built and connected in one place."""

    def __init__(self, options: LaunchOptions, settings: Settings,
                 printing: PrintSeams | None = None, timings: KioskTimings | None = None,
                 log_path: Path | None = None) -> None:
        self.options = options
        self.settings = settings
        self.log_path = log_path
        self.printing = printing or self._printing(settings, lambda: getattr(self, "cache", None))
        lang = options.lang or settings.default_language
        self.session = PatientSession(
            default_lang=lang,
            default_text_step=TEXT_SCALES.index(settings.default_text_size / 100)
            if settings.default_text_size / 100 in TEXT_SCALES else 0,
        )
        self.notifier = Notifier()
        self.visit_packs = VisitPacks(options.content_root)
        self.watching = False  # the app-wide event filters: installed just after the first paint
        self.packs: PackStore | None = None
        self.pack: PackContent | None = None  # the installed pack the app shows, if any
        self.inbox: Inbox | None = None
        self._open_packs()
        self.library, self.cache, problems = self._read_content(lang)
        if self.library.lang != lang:  # no pack for it: what loaded is what a reset returns to
            self.session.default_lang = self.session.lang = self.library.lang
        self.idle: IdleWatcher | None = None
        self.lockdown: Lockdown | None = None
        self.keeper = None  # kiosk.ui.fullscreen.ScreenKeeper, in a real kiosk-mode run
        self._prepared_once = False
        self.timings = timings or KioskTimings.from_settings(settings)
        self.resets_rebuilt = 0
        self.speech = None
        load_fonts(options.assets)
        self.pin_gate = None  # one for the whole run: a rebuilt window must not forget wrong PINs
        if settings.pin_hash:
            from kiosk.core.pin import PinGate

            self.pin_gate = PinGate(settings.pin_hash)
        self.speech_off = ""  # why there is no read aloud, once set_up_speech has looked
        self.usage = self._usage_counter(options, settings, self.library.lang)
        self._build_window()
        after_first_paint(self.window, self._watch_every_widget)
        REDACTOR.sources = [self.patient_texts]
        self._report_problems(problems)
        if options.kiosk_mode:
            self._enter_kiosk_mode()
        self._start_inbox()
        polish_built(self.window)  # what the app-wide filter does, before it is installed

    def _watch_every_widget(self) -> None:
        """Install the app-wide event filters, just after the first paint (and at once if the
        window is rebuilt). Not before: PySide6 6.12 answers the first object a Python filter is
        handed whose class it has no binding for (Qt's gesture manager, made by the first
        scroll area) by building every class and enum of QtCore, QtGui and QtWidgets at once,
        40 ms that home would otherwise wait for."""
        if self.watching:
            return
        self.watching = True
        polish_built(self.window)  # and for what was built after that, before the filter
        install_plain_text_labels(QApplication.instance())
        self.screens.reader.watch_the_page()
        if self.lockdown is not None:
            self.lockdown.start()
            if not self.window.welcome.isVisible():  # at rest on the welcome screen: no timing
                self.idle.start()

    def _build_window(self) -> None:
        """Build the screens and the window (again after a reset that could not clear them)."""
        self.screens = Screens(
            toolbar=Toolbar(), notice_bar=NoticeBar(), home=HomeScreen(), reader=ReaderScreen(),
            questions=QuestionsScreen(allow_typing=not self.options.kiosk_mode),
            offers=QuestionOffers(), make_visit=_make_visit_screen)
        self.window = MainWindow(self.screens, self.library, self.cache, self.session,
                                 self.notifier, self.settings, self.printing,
                                 self._offered_languages(), pin_gate=self.pin_gate,
                                 visit_packs=self.visit_packs)
        self.window.log_path = self.log_path
        if self.options.kiosk_mode:
            self.window.set_welcome_starts(welcome_starts(self.options.content_root,
                                                          self.window.languages))
        self.window.language_requested.connect(self.switch_language)
        self.window.reload_requested.connect(self.reload_content)
        self.window.exit_requested.connect(self.quit)
        self.window.reset_failed.connect(self._rebuild_after_failed_reset)
        self.window.present_requested.connect(self.start_presentation)
        self.window.patient_reset.connect(self.switch_to_new_pack)
        self.window.patient_reset.connect(self.release_caches)
        self.window.rollback_requested.connect(self.roll_back_pack)
        self._show_pack_facts()
        self.presentation = None
        if self.speech is not None:
            self.window.attach_speech(self.speech)
        if self.usage is not None:
            self.window.connect_usage(self.usage)

    def release_caches(self) -> None:
        """After a patient reset: give back Qt's caches of that visit (kiosk/ui/caches.py)."""
        from kiosk.ui.caches import release_caches
        from kiosk.ui.fonts import font_files

        faces = font_files(self.options.assets)
        if faces:
            release_caches(faces[0])

    def _usage_counter(self, options: LaunchOptions, settings: Settings, lang: str):
        """Usage counts, when the clinic turned them on (never in a smoke run or slides)."""
        if not settings.usage_counts or options.smoke or options.present is not None:
            return None
        from kiosk.core.config import usage_outbox_path
        from kiosk.core.usage import UsageCounter, kiosk_name

        counter = UsageCounter(usage_outbox_path(settings), kiosk_name(settings.kiosk_id),
                               lang=lang, version=__version__)
        self._usage_timer = QTimer(interval=self.timings.usage_write_ms)
        self._usage_timer.timeout.connect(counter.flush)
        self._usage_timer.start()
        log.info("usage counts: on, written to %s", counter.outbox)
        return counter

    def close_usage(self) -> None:
        """At exit: count the session in progress and write the day's totals."""
        if self.usage is not None:
            self._usage_timer.stop()
            self.usage.close()

    def set_up_speech(self) -> None:
        """Offer Listen if a speech engine works (after first paint: loading one takes time)."""
        if self.speech is None:
            from kiosk.ui.speech import Speech, open_engine

            engine, self.speech_off = open_engine(self.options.speech_engine)
            if engine is None:
                log.info("read aloud is off: %s", self.speech_off)
            else:
                self.speech = Speech(engine, self.settings.speech_voices)
        if self.speech is not None:
            self.window.attach_speech(self.speech)
        log.info("start-up done: read aloud is %s", "on" if self.speech is not None else "off")

    def start_presentation(self, slug: str = "", page: int | None = None) -> bool:
        """Show one guide (or every guide, for "") as full-screen slides; Esc comes back."""
        self._watch_every_widget()  # `kiosk --present` never paints the window it would wait for
        from kiosk.ui.present import PresentationScreen
        from kiosk.ui.slides import PresentedGuide, present_labels

        guides = [g for g in self.library.guides if not slug or g.slug == slug]
        if not guides:
            self.notifier.notice(self.library.strings("notice_content_problems"),
                                 detail=f"no guide '{slug}' to present")
            return False
        presented = [PresentedGuide(g.slug, g.title, g.summary, g.icon, self.cache.pages(g.slug))
                     for g in guides]
        if self.presentation is None:
            self.presentation = PresentationScreen(
                self.library.assets, clinic_name=self.settings.clinic_name,
                labels=present_labels(self.library.strings))
            self.presentation.finished.connect(self.end_presentation)
        self.presentation.labels.update(present_labels(self.library.strings))
        self.presentation.show_guides(presented, start_slug=slug or None, start_page=page)
        self.presentation.setWindowTitle(self.library.strings("present_name"))
        self.presentation.showFullScreen()
        self.presentation.activateWindow()
        self.presentation.setFocus()
        return True

    def end_presentation(self) -> None:
        """Esc in the slides: back to the window, or quit if the app was started to present."""
        if self.presentation is not None:
            self.presentation.hide()
        if self.options.present is not None:
            QApplication.quit()
            return
        self.window.activateWindow()

    def _enter_kiosk_mode(self) -> None:
        locked = not self.options.unlocked
        self.window.enter_kiosk_mode(locked)
        if self.idle is None:  # both watch every event: they start in _watch_every_widget
            self.idle = IdleWatcher(self.timings.idle_ms, self.timings.warn_ms)
            self.lockdown = Lockdown(self.window, locked, self.timings.long_press_ms)
            if self.watching:
                self.idle.start()
                self.lockdown.start()
        else:
            self.lockdown.window = self.window
        self.window.connect_idle(self.idle)
        self.window.connect_lockdown(self.lockdown)
        self.window.show_welcome()  # at rest until a patient taps: the idle timer waits too

    def patient_texts(self) -> list[str]:
        """Everything this patient picked or typed (for the log redactor)."""
        picks = self.session.picks
        texts = [q.text for q in (self.library.questions.get(i) for i in picks.ids) if q]
        texts += list(picks.own)
        for lang in {self.library.lang, self.settings.clinic_language}:  # a sheet shows both
            if self.visit_packs.has(lang):
                texts += visit_texts(self.session.visit, self.visit_packs.wording(lang))
        window = getattr(self, "window", None)
        if window is not None:
            texts.append(window.screens.questions.own_field.text())
        return [t for t in texts if t]

    def _load(self, lang: str) -> list[Problem]:
        """Load a language pack as the app's library, with a fresh render cache."""
        self.library, self.cache, problems = self._read_content(lang)
        QTimer.singleShot(0, self.prerender_in_background)
        return problems

    def switch_language(self, lang: str) -> None:
        """Show another language pack, keeping the patient's place, picks and settings."""
        place = self.window.place()
        problems = self._load(lang)
        self.session.lang = self.library.lang
        self.window.show_library(self.library, self.cache)
        self._show_pack_facts()  # the staff menu's pack lines in the new language
        self.window.restore_place(place)
        self._report_problems(problems)

    def reload_content(self) -> None:
        """Staff: read the content folder again (after an update), then report what loaded."""
        problems = self._load(self.session.lang)
        self.visit_packs.forget()
        self.window.show_library(self.library, self.cache)
        for problem in problems:
            log.warning("content: %s", problem)
        count = len(self.library.guides)
        log.info("admin: content reloaded: %d guides, %d problems", count, len(problems))
        self.window.show_admin()
        self.window.show_admin_status(self.library.strings(
            "admin_reloaded", count=count, problems=len(problems)))

    def _rebuild_after_failed_reset(self, leftovers: list[str]) -> None:
        """The last resort of a reset: throw the whole window away and build a fresh one."""
        old = self.window
        geometry, full = old.geometry(), old.isFullScreen()
        self.session.reset()
        if self.packs is not None and self.packs.activate_staged():
            self._open_current_pack()
            self._load(self.session.lang)
        elif self.library.lang != self.session.lang:
            self._load(self.session.lang)
        self._build_window()
        if self.options.kiosk_mode:
            self._enter_kiosk_mode()
        self.window.setGeometry(geometry)
        if full:
            self.window.showFullScreen()
        else:
            self.window.show()
        if self.keeper is not None:  # keep the new window in front, and let the old one go
            self.keeper.stop()
            self.keep_full_screen()
        old._exiting = True
        old.close()
        old.deleteLater()
        self.resets_rebuilt += 1
        log.error("reset could not clear %s; built a new window", ", ".join(leftovers))

    def _read_content(self, lang: str) -> tuple[Library, RenderCache, list[Problem]]:
        """One language of the installed pack (ready to show), else of the content folder."""
        if self.pack is not None:
            from kiosk.core.pack import PackError

            try:
                return self.pack.load(lang, self.settings.numbers)
            except PackError as error:
                log.error("packs: %s; showing %s instead", error, self.options.content_root)
                self.pack = None
                self.visit_packs.use_pack(None)
        library, problems = load_for_language(self.options.content_root, self.options.assets,
                                              lang, self.settings.numbers)
        return library, RenderCache(library), problems

    def _offered_languages(self) -> list[tuple[str, str, str]]:
        if self.pack is not None:
            return self.pack.offered(self.settings.languages)
        return offered_languages(self.options.content_root, self.settings.languages)

    def recover(self) -> None:
        """After an unexpected error: back to a usable screen, with a calm notice."""
        self.window.recover_from_error()

    def keep_full_screen(self) -> None:
        """Kiosk mode: cover the screen on every deploy path and come back if hidden."""
        from kiosk.ui.fullscreen import ScreenKeeper

        self.keeper = ScreenKeeper(self.window, parent=self.window)
        self.keeper.start()

    def quit(self) -> None:
        self.close_usage()
        if self.keeper is not None:
            self.keeper.stop()
        if self.idle is not None:
            self.idle.stop()
        if self.lockdown is not None:
            self.lockdown.stop()
        if QApplication.overrideCursor() is not None:
            QApplication.restoreOverrideCursor()
        self.window.close()
        QApplication.quit()

    # The print seams (kiosk/print_seams.py); a static method so tests and tools that build
    # their own seams around the real ones keep one name for them.
    _printing = staticmethod(print_seams)

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
            if not self._prepared_once:  # said once: a language switch prepares its pack again
                self._prepared_once = True
                log.info("start-up done: every guide is ready")
            return
        self.cache.pages(pending[0])
        QTimer.singleShot(0, self.prerender_in_background)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication of the process."""
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("pain-kiosk")
    app.setApplicationVersion(__version__)
    # Qt keeps drawn icons (every tile and button icon, at every text size and theme a patient
    # chose) in a pixmap cache of up to 10 MiB. A kiosk redraws an icon it no longer holds in
    # about a millisecond; holding fewer kept 8 MiB less in use over a 5,000-action soak.
    QPixmapCache.setCacheLimit(PIXMAP_CACHE_KIB)
    return app


class _FirstPaint(QObject):
    """Calls back once, when the watched widget has painted for the first time."""

    def __init__(self, widget, callback) -> None:
        super().__init__(widget)
        self.callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API name
        if event.type() == QEvent.Type.Paint and self.callback is not None:
            callback, self.callback = self.callback, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, callback)
        return False


def after_first_paint(widget, callback) -> None:
    """Run `callback` from the event loop just after `widget` first paints."""
    _FirstPaint(widget, callback)


def install_excepthook(kiosk: KioskApp) -> None:
    """Log every unexpected error to the rotating log; then recover instead of dying."""
    recovering = False

    def hook(kind, value, trace) -> None:
        nonlocal recovering
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, trace)
            return
        log.error("unexpected error", exc_info=(kind, value, trace))
        if recovering:
            return  # the recovery itself failed: logged, and nothing more to try
        recovering = True
        try:
            kiosk.recover()
        except Exception:  # noqa: BLE001 - the last line of defence must not raise
            log.exception("recovering from the error failed")
        finally:
            recovering = False

    sys.excepthook = hook


def run(options: LaunchOptions) -> int:
    """Start the app (or the smoke run) and return the exit code."""
    started = time.perf_counter()
    log_path = setup_logging()
    settings, problems = load_settings(options.config)
    for problem in problems:
        log.warning("config: %s", problem)
    if options.from_packs and options.packs_dir is None:
        from dataclasses import replace

        from kiosk.core.config import packs_folder

        options = replace(options, packs_dir=packs_folder(settings))
    qt_app = create_application()
    kiosk = KioskApp(options, settings, log_path=log_path)
    install_excepthook(kiosk)
    if options.present is not None and not options.smoke:
        if not kiosk.start_presentation(options.present):
            slugs = ", ".join(g.slug for g in kiosk.library.guides)
            print(f"kiosk: no guide '{options.present}' to present; guides: {slugs}",
                  file=sys.stderr)
            return 2
        return qt_app.exec()
    if options.kiosk_mode and not options.smoke:
        if settings.hide_cursor:
            qt_app.setOverrideCursor(Qt.CursorShape.BlankCursor)
        kiosk.keep_full_screen()
    else:
        size = QSize(1280, 800)
        screen = qt_app.primaryScreen()
        if screen is not None and qt_app.platformName() != "offscreen" and not options.smoke:
            # A window is placed as it is asked for where no window manager fits it to the
            # screen: on a 1024x768 laptop it would run off the right and the bottom.
            room = screen.availableGeometry()
            size = size.boundedTo(room.size())
            kiosk.window.move(room.topLeft())
        kiosk.window.resize(size)
        kiosk.window.show()
    # Nothing but home before the first paint: guides render, and a speech engine loads, after.
    after_first_paint(kiosk.window, lambda: (QTimer.singleShot(0, kiosk.prerender_in_background),
                                             QTimer.singleShot(50, kiosk.set_up_speech)))
    if options.smoke:
        from kiosk.commands.smoke import smoke_run

        return smoke_run(kiosk, qt_app, started)
    code = qt_app.exec()
    kiosk.close_usage()
    return code
