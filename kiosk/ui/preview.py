"""`kiosk preview`: an author's window showing a guide as the kiosk shows it, live, beside its problems."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QSize, Qt, QTimer
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.config import Settings
from kiosk.core.content import GUIDE_NAME, Guide, Library, Problem
from kiosk.core.handout import build_guide_handout
from kiosk.core.readability import count, fernandez_huerta, flesch_kincaid, smog
from kiosk.core.render import RenderedPage, render_guide
from kiosk.core.validate import check_content
from kiosk.printing.handouts import render_handout_images
from kiosk.ui.reader import ReaderScreen
from kiosk.ui.theme import NORMAL, TEXT_SCALES, Sizes, app_style_sheet, document_style_sheet

SCREEN_SIZES = ((1024, 768), (1280, 800), (1920, 1080), (1080, 1920))
SETTLE_MS = 250  # editors save in bursts (temp file, rename, a backup): wait for quiet
PRINT_WIDTH_PX = 420
TERM_LINK = re.compile(r'href="term:([^"#]+)"')


@dataclass
class ShownGuide:
    """The last version of a guide that loaded: kept on screen while its file is broken."""

    guide: Guide
    library: Library
    pages: list[RenderedPage]


class KioskFrame:
    """The real kiosk reader at one screen size, off screen, drawn into a label scaled to fit."""

    def __init__(self) -> None:
        self.frame = QWidget()
        self.frame.setObjectName("kioskFrame")
        # Laid out and painted like a shown window (so the reader cuts its screens for this
        # size), but never put on the author's screen: the preview shows its picture.
        self.frame.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        self.reader = ReaderScreen()
        column = QVBoxLayout(self.frame)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.reader)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.setMinimumSize(240, 180)
        self.caption = QLabel()
        self.caption.setObjectName("frameCaption")
        self.holder = QWidget()
        box = QVBoxLayout(self.holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.caption)
        box.addWidget(self.picture, 1)
        self._strings_of: Library | None = None

    def set_size(self, size: tuple[int, int], scale: float, assets: Path) -> None:
        width, height = size
        sizes = Sizes.for_screen(height, scale, width)
        self.frame.resize(width, height)  # a top-level frame: no size hints to pass on
        self.frame.setStyleSheet(app_style_sheet(NORMAL, sizes))
        self.frame.show()
        self.reader.set_document_style(document_style_sheet(NORMAL, sizes), sizes.body, assets,
                                       QApplication.font(), NORMAL.link, NORMAL.term,
                                       sizes.button * 46)
        self.reader.place_side()

    def show_pages(self, library: Library, shown: ShownGuide, index: int, screen: int) -> None:
        if self._strings_of is not library:
            self.reader.set_strings(library.strings)
            self._strings_of = library
        following = library.next_guide(shown.guide.slug)
        self.reader.open_guide(shown.guide.slug, shown.guide.title, shown.pages,
                               following.slug if following else None,
                               following.title if following else None, index)
        for _ in range(screen):
            self.reader.next_page()

    def clear(self, message: str) -> None:
        self.reader.close_guide()
        self.picture.clear()
        self.picture.setText(message)

    def draw(self) -> None:
        if not self.reader.pages:
            return
        self.frame.layout().activate()
        shot = self.frame.grab()
        room = self.picture.size()
        if room.width() < shot.width() or room.height() < shot.height():
            shot = shot.scaled(room, Qt.AspectRatioMode.KeepAspectRatio,
                               Qt.TransformationMode.SmoothTransformation)
        # The screen's edge, so the author sees where the kiosk's glass ends.
        painter = QPainter(shot)
        painter.setPen(Qt.GlobalColor.darkGray)
        painter.drawRect(shot.rect().adjusted(0, 0, -1, -1))
        painter.end()
        self.picture.setPixmap(shot)


class PreviewWindow(QMainWindow):
    """Guide as the kiosk shows it (and a translation, and on paper), its facts and problems;
    reloaded whenever a file of the content folder is saved."""

    def __init__(self, content_root: Path, assets: Path, slug: str = "",
                 settle_ms: int = SETTLE_MS, check: Callable = check_content) -> None:
        super().__init__()
        self.setWindowTitle("kiosk preview")
        self.content_root = content_root
        self.assets = assets
        self.slug = slug
        self.index = 0
        self.libraries: dict[str, Library] = {}
        self.shown: dict[tuple[str, str], ShownGuide] = {}  # (lang, slug) -> last good version
        self.loaded: dict[tuple[str, str], tuple[Guide, Library]] = {}  # as the files are now
        self.problems: list[Problem] = []
        self.reloads = 0
        self.printed_pages = 0
        self._check = check
        self._busy = False  # filling the combo boxes: their signals are ours, not the author's

        self.guide_box = QComboBox()
        self.page_box = QComboBox()
        self.size_box = QComboBox()
        for width, height in SCREEN_SIZES:
            shape = " portrait" if height > width else ""
            self.size_box.addItem(f"{width} x {height}{shape}", (width, height))
        self.size_box.setCurrentIndex(1)
        self.text_box = QComboBox()
        for scale in TEXT_SCALES:
            self.text_box.addItem(f"text {round(scale * 100)}%", scale)
        self.second_box = QComboBox()
        self.back_button = QPushButton("< Back")
        self.next_button = QPushButton("Next >")
        controls = QHBoxLayout()
        for label, widget in (("Guide", self.guide_box), ("Page", self.page_box),
                              ("", self.back_button), ("", self.next_button),
                              ("Screen", self.size_box), ("", self.text_box),
                              ("Beside it", self.second_box)):
            if label:
                controls.addWidget(QLabel(label))
            controls.addWidget(widget)
        controls.addStretch(1)

        self.banner = QLabel()
        self.banner.setObjectName("brokenBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #FDECEA; color: #7A1C12; border: 2px solid #B3261E;"
                                  " padding: 8px; font-size: 15px;")
        self.banner.hide()

        self.main = KioskFrame()
        self.second = KioskFrame()
        self.print_pictures = QLabel()
        self.print_pictures.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        print_area = QScrollArea()
        print_area.setWidget(self.print_pictures)
        print_area.setWidgetResizable(True)
        print_area.setMinimumWidth(PRINT_WIDTH_PX // 2 + 30)
        printed = QWidget()
        printed_column = QVBoxLayout(printed)
        printed_column.setContentsMargins(0, 0, 0, 0)
        printed_column.addWidget(QLabel("As printed (handout)"))
        printed_column.addWidget(print_area, 1)

        self.problem_list = QListWidget()
        self.problem_list.setObjectName("problems")
        self.problem_list.setWordWrap(True)
        self.problem_list.setAlternatingRowColors(True)  # one problem per band, easy to tell apart
        self.problem_list.setSpacing(3)
        self.problem_title = QLabel()
        self.facts = QLabel()
        self.facts.setObjectName("facts")
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setAlignment(Qt.AlignmentFlag.AlignTop)
        side = QWidget()
        side_column = QVBoxLayout(side)
        side_column.setContentsMargins(0, 0, 0, 0)
        side_column.addWidget(QLabel("<b>This page</b>"))
        side_column.addWidget(self.facts)
        side_column.addWidget(self.problem_title)
        side_column.addWidget(self.problem_list, 1)

        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(self.main.holder)
        splitter.addWidget(self.second.holder)
        splitter.addWidget(printed)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 3)
        splitter.setStretchFactor(3, 1)
        splitter.setSizes([320, 700, 700, 260])
        self.splitter = splitter

        central = QWidget()
        page = QVBoxLayout(central)
        page.addLayout(controls)
        page.addWidget(self.banner)
        page.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.watcher = QFileSystemWatcher(self)
        self.settle = QTimer(self)
        self.settle.setSingleShot(True)
        self.settle.setInterval(settle_ms)
        self.redraw = QTimer(self)  # after the reader's own zero-time relayout on a resize
        self.redraw.setSingleShot(True)
        self.redraw.setInterval(0)
        self.print_later = QTimer(self)
        self.print_later.setSingleShot(True)
        self.print_later.setInterval(0)
        self._connect()
        self._apply_size()
        self.reload()

    def _connect(self) -> None:
        self.watcher.directoryChanged.connect(lambda _: self.settle.start())
        self.watcher.fileChanged.connect(lambda _: self.settle.start())
        self.settle.timeout.connect(self.reload)
        self.redraw.timeout.connect(self._draw)
        self.print_later.timeout.connect(self._show_printed)
        self.guide_box.currentIndexChanged.connect(self._on_guide_chosen)
        self.page_box.currentIndexChanged.connect(self._on_page_chosen)
        self.size_box.currentIndexChanged.connect(lambda _: self._apply_size())
        self.text_box.currentIndexChanged.connect(lambda _: self._apply_size())
        self.second_box.currentIndexChanged.connect(lambda _: self._show())
        self.back_button.clicked.connect(lambda: self._turn(self.main.reader.previous_page))
        self.next_button.clicked.connect(lambda: self._turn(self.main.reader.next_page))
        self.problem_list.itemActivated.connect(self._on_problem_chosen)
        self.problem_list.itemClicked.connect(self._on_problem_chosen)
        self.main.reader.page_shown.connect(lambda _slug, _index: self.redraw.start())

    # --- watching the folder ---------------------------------------------------------------

    def watch(self) -> None:
        """Watch every folder and file of the packs. Editors save by writing a new file and
        renaming it over the old one, after which the watcher is silent on that path: the
        folder tells us something changed, and each reload adds the new files again."""
        folders = [self.content_root]
        for pack in sorted(p for p in self.content_root.iterdir() if p.is_dir()) \
                if self.content_root.is_dir() else []:
            folders += [pack, pack / "guides", pack / "snippets"]
        folders = [f for f in folders if f.is_dir()]
        files = [f for folder in folders[1:] for f in folder.iterdir() if f.is_file()]
        have = set(self.watcher.directories()) | set(self.watcher.files())
        wanted = [str(p) for p in [*folders, *files] if str(p) not in have]
        if wanted:
            self.watcher.addPaths(wanted)

    # --- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Check and load every pack again, keeping the guide and page in view."""
        self.watch()
        report = self._check(self.content_root, self.assets)
        self.reloads += 1
        self.problems = report.problems
        self.libraries = {library.lang: library for library in report.libraries}
        self.loaded = {(library.lang, guide.slug): (guide, library)
                       for library in report.libraries for guide in library.guides}
        primary = self._primary()
        if primary is not None and primary.guides and self._main_shown() is None:
            self.slug = primary.guides[0].slug
        self._fill_boxes()
        self._list_problems()
        self._show()

    def _primary(self) -> Library | None:
        return self.libraries.get("en") or next(iter(self.libraries.values()), None)

    def _main_lang(self) -> str:
        primary = self._primary()
        return primary.lang if primary else "en"

    def _main_shown(self) -> ShownGuide | None:
        return self.shown_guide(self._main_lang(), self.slug)

    def shown_guide(self, lang: str, slug: str) -> ShownGuide | None:
        """The guide as it loads now (rendered once per change), else its last good version."""
        key = (lang, slug)
        now = self.loaded.get(key)
        kept = self.shown.get(key)
        if now is not None and (kept is None or kept.guide != now[0] or kept.library is not now[1]):
            pages, _ = render_guide(*now)
            kept = self.shown[key] = ShownGuide(now[0], now[1], pages)
        return kept

    def broken(self, lang: str, slug: str) -> bool:
        """True when a guide that once loaded does not load now."""
        return (lang, slug) in self.shown and (lang, slug) not in self.loaded

    def _fill_boxes(self) -> None:
        self._busy = True
        primary = self._primary()
        slugs = [g.slug for g in primary.guides] if primary else []
        if self.slug and self.slug not in slugs and self._main_shown() is not None:
            slugs.append(self.slug)  # broken now: its last good version stays choosable
        self.guide_box.clear()
        for slug in slugs:  # titles as loaded: no guide is rendered just to be listed
            now = self.loaded.get((self._main_lang(), slug))
            guide = now[0] if now else self.shown[(self._main_lang(), slug)].guide
            self.guide_box.addItem(f"{guide.title} ({slug})", slug)
        if self.slug in slugs:
            self.guide_box.setCurrentIndex(slugs.index(self.slug))
        wanted = self.second_box.currentData()
        self.second_box.clear()
        self.second_box.addItem("(nothing)", "")
        for lang in sorted(self.libraries):
            if lang != self._main_lang():
                self.second_box.addItem(f"the {lang} pack", lang)
        found = self.second_box.findData(wanted if wanted is not None else "es")
        self.second_box.setCurrentIndex(max(0, found))
        self._busy = False

    def _list_problems(self) -> None:
        self.problem_list.clear()
        for problem in self.problems:
            item = QListWidgetItem(f"{self._short(problem.path)}:{problem.line}: {problem.message}")
            item.setData(Qt.ItemDataRole.UserRole, (str(problem.path), problem.line))
            self.problem_list.addItem(item)
        count_text = "No problems" if not self.problems else \
            f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''} " \
            "(click one to show its page)"
        self.problem_title.setText(f"<b>kiosk check:</b> {count_text}")

    def _short(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.content_root))
        except ValueError:
            return str(path)

    # --- showing ---------------------------------------------------------------------------

    def _show(self, screen: int = 0) -> None:
        if self._busy:
            return
        shown = self._main_shown()
        if shown is None:
            self.main.clear("No guide to show: see the problems.")
            self.banner.hide()
            self._fill_pages(None)
            return
        self.index = max(0, min(self.index, len(shown.pages) - 1))
        self.main.caption.setText(f"<b>{shown.library.lang}</b>: as the kiosk shows it")
        self.main.show_pages(shown.library, shown, self.index, screen)
        self._show_banner(shown)
        self._fill_pages(shown)
        lang = self.second_box.currentData() or ""
        other = self.shown_guide(lang, self.slug) if lang else None
        self.second.holder.setVisible(bool(lang))
        if other is not None:
            self.second.caption.setText(f"<b>{lang}</b>: the same page")
            self.second.show_pages(other.library, other,
                                   min(self.index, len(other.pages) - 1), 0)
        elif lang:
            self.second.caption.setText(f"<b>{lang}</b>")
            self.second.clear(f"The {lang} pack has no guide '{self.slug}' that loads.")
        self._show_facts(shown, other)
        self.print_later.start()  # the screen first; the paper a moment later
        self.redraw.start()

    def _show_banner(self, shown: ShownGuide) -> None:
        if not self.broken(shown.library.lang, self.slug):
            self.banner.hide()
            return
        path = shown.guide.path
        found = [p for p in self.problems if p.path == path]
        why = "; ".join(f"line {p.line}: {p.message}" for p in found[:3]) \
            or "the file is gone or cannot be read"
        self.banner.setText(f"{self._short(path)} cannot be shown as it is now ({why}). "
                            "The last version that worked is shown until it is fixed.")
        self.banner.show()

    def _fill_pages(self, shown: ShownGuide | None) -> None:
        self._busy = True
        self.page_box.clear()
        if shown is not None:
            for number, page in enumerate(shown.pages, start=1):
                self.page_box.addItem(f"{number}. {page.title}")
            self.page_box.setCurrentIndex(self.index)
        self._busy = False

    def _show_printed(self) -> None:
        shown = self._main_shown()
        if shown is None:
            return
        try:
            handout = build_guide_handout(shown.library, shown.guide.slug, Settings())
        except KeyError:  # broken now: the handout is made from the pack as it is
            self.print_pictures.setText("Not printable until the guide loads again.")
            return
        images = render_handout_images(handout, PRINT_WIDTH_PX)
        gap = 12
        height = sum(i.height() for i in images) + gap * max(0, len(images) - 1)
        sheet = QPixmap(QSize(PRINT_WIDTH_PX, max(1, height)))
        sheet.fill(Qt.GlobalColor.lightGray)
        painter = QPainter(sheet)
        y = 0
        for image in images:
            painter.drawImage(0, y, image)
            y += image.height() + gap
        painter.end()
        self.print_pictures.setPixmap(sheet.scaledToWidth(
            PRINT_WIDTH_PX // 2, Qt.TransformationMode.SmoothTransformation))
        self.print_pictures.setToolTip(f"{len(images)} printed page(s)")
        self.printed_pages = len(images)

    def _show_facts(self, shown: ShownGuide, other: ShownGuide | None) -> None:
        rows = [self._page_facts(shown, self.main.reader)]
        if other is not None:
            rows.append(self._page_facts(other, self.second.reader))
        self.facts.setText("<br><br>".join(rows))

    def _page_facts(self, shown: ShownGuide, reader: ReaderScreen) -> str:
        index = reader.index
        library = shown.library
        rendered = shown.pages[index]
        lines = [f"<b>{library.lang}</b>: page {index + 1} of {len(shown.pages)}"]
        if index < len(shown.guide.pages):
            counts = count(shown.guide.pages[index].markdown, library.lang)
            if counts.words and library.lang == "en":
                grade = flesch_kincaid(counts)
                smog_grade = smog(counts)
                lines.append(f"Reading grade: FK {grade:.1f}, SMOG "
                             f"{'-- (under 30 sentences)' if smog_grade is None else f'{smog_grade:.1f}'}"
                             f" (limits FK {shown.guide.reading_limit.fk:.1f}, "
                             f"SMOG {shown.guide.reading_limit.smog:.1f})")
            elif counts.words and library.lang == "es":
                lines.append(f"Reading ease: Fernández-Huerta {fernandez_huerta(counts):.1f} "
                             f"(at least {shown.guide.reading_limit.ease:.0f})")
            lines.append(f"{counts.words} words, {counts.sentences} sentences")
        else:
            lines.append("The app's own closing page (not counted)")
        screens = reader.screen_count()
        lines.append("Fits one screen" if screens == 1 else
                     f"<span style='color:#B3261E'>Takes {screens} screens</span>")
        questions = [library.questions.get(q) for q in rendered.question_ids]
        lines.append("Questions: " + ("; ".join(q.text for q in questions if q) or "none"))
        terms = []
        for term_id in dict.fromkeys(TERM_LINK.findall(rendered.html)):
            term = library.glossary.get(term_id)
            terms.append(term.term if term else term_id)
        lines.append("Glossary: " + (", ".join(terms) or "none"))
        return "<br>".join(lines)

    def _draw(self) -> None:
        self.main.draw()
        if self.second.holder.isVisible():
            self.second.draw()
        shown = self._main_shown()
        if shown is not None:
            lang = self.second_box.currentData() or ""
            other = self.shown_guide(lang, self.slug) if lang else None
            self._show_facts(shown, other)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API name
        super().resizeEvent(event)
        self.redraw.start()

    # --- the author's choices --------------------------------------------------------------

    def _apply_size(self) -> None:
        size = self.size_box.currentData()
        scale = self.text_box.currentData()
        for frame in (self.main, self.second):
            frame.set_size(size, scale, self.assets)
        if self.main.reader.pages:
            self._show(self.main.reader.screen)

    def _on_guide_chosen(self, number: int) -> None:
        if self._busy or number < 0:
            return
        self.slug = self.guide_box.itemData(number)
        self.index = 0
        self._show()

    def _on_page_chosen(self, number: int) -> None:
        if self._busy or number < 0:
            return
        self.index = number
        self._show()

    def _turn(self, step: Callable[[], None]) -> None:
        step()
        self.index = self.main.reader.index
        self._fill_pages(self._main_shown())
        self.redraw.start()

    def show_guide(self, slug: str, index: int = 0) -> None:
        """Show one guide's page (by slug and page index)."""
        self.slug = slug
        self.index = index
        self._fill_boxes()
        self._show()

    def _on_problem_chosen(self, item: QListWidgetItem) -> None:
        path_text, line = item.data(Qt.ItemDataRole.UserRole)
        found = self.page_for(Path(path_text), line)
        if found is None:
            return
        lang, slug, index = found
        if lang != self._main_lang():  # a translation's problem: show that pack beside
            self._busy = True
            self.second_box.setCurrentIndex(max(0, self.second_box.findData(lang)))
            self._busy = False
        self.show_guide(slug, index)

    def page_for(self, path: Path, line: int) -> tuple[str, str, int] | None:
        """The guide and page a problem at `path`:`line` is on: the guide's page around the
        line, or the first page that includes the snippet's line."""
        name = GUIDE_NAME.match(path.name)
        if name and path.parent.name == "guides":
            slug = name.group(2)
            lang = path.parent.parent.name
            shown = self.shown_guide(lang, slug)
            if shown is None:
                return None
            index = 0
            for number, page in enumerate(shown.guide.pages):
                if page.line <= line:
                    index = number
            return lang, slug, index
        for (lang, slug), (guide, _library) in self.loaded.items():
            for number, page in enumerate(guide.pages):
                if (path, line) in page.origins:
                    return lang, slug, number
        return None
