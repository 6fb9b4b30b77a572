"""Presentation mode: the real slide screen, offscreen, driven by the keys a clicker sends."""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path

import pytest
from conftest import BUNDLED_ASSETS, BUNDLED_CONTENT, write_guide
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QTextDocument
from PySide6.QtWidgets import QApplication

from kiosk.core.content import load_library
from kiosk.core.render import RenderCache
from kiosk.ui.present import PresentationScreen
from kiosk.ui.slides import MIN_TEXT_PX, PresentedGuide, SlideGeometry, present_labels

SIZES = [(1280, 800), (1920, 1080)]

LONG_GUIDE = """\
---
title: Delta long
summary: A guide with one very long page
icon: icons/test.svg
order: 4
reviewed: 2026-01-01
review_by: 2099-01-01
sources:
  - "Test Source. A book about pain. Publisher. 2020."
---

## A page far too long for one slide

{paragraphs}

![A green box](illustrations/pic.svg)

- {item} one.
- {item} two.
- {item} three.
- {item} four.

!!! tip "Try this"
    Take a short walk each day. {sentence}

{more}

## Short page

One short paragraph with a [placebo](term:placebo) and a link to [Alpha](guide:alpha).
"""

SENTENCE = "Pain that lasts a long time changes how you sleep, move and feel each day."


def long_guide_text() -> str:
    paragraphs = "\n\n".join(f"Paragraph {n}. {SENTENCE} {SENTENCE}" for n in range(1, 9))
    more = "\n\n".join(f"Closing paragraph {n}. {SENTENCE}" for n in range(1, 6))
    return LONG_GUIDE.format(paragraphs=paragraphs, item=SENTENCE.rstrip("."),
                             sentence=SENTENCE, more=more)


def presented(library, cache: RenderCache, slugs: list[str] | None = None) -> list[PresentedGuide]:
    return [PresentedGuide(g.slug, g.title, g.summary, g.icon, cache.pages(g.slug))
            for g in library.guides if slugs is None or g.slug in slugs]


@pytest.fixture
def small_library(pack: Path, assets: Path):
    """The three-guide test pack plus a guide with one very long page."""
    write_guide(pack, 4, "delta", "Delta long", "alpha", text=long_guide_text())
    # Every page but delta's long one must fit one slide, the app's 'About' page too: give it a
    # short urgent-help text of its own (the bundled one is long enough for two slides).
    strings = pack / "strings.yaml"
    strings.write_text(re.sub(r"(?ms)^urgent_text:.*?(?=^\w)", "urgent_text: Call "
                              "{{emergency}} for chest pain or trouble breathing.\n",
                              strings.read_text()))
    library, _ = load_library(pack, assets)
    return library, RenderCache(library)


@pytest.fixture
def make_screen(qtbot):
    """A shown presentation screen of the given guides at a projector's size."""

    def build(guides, assets: Path, size=(1280, 800), start_slug=None, start_page=None,
              **options) -> PresentationScreen:
        screen = PresentationScreen(assets, **options)
        qtbot.addWidget(screen)
        screen.resize(*size)
        screen.show()
        qtbot.waitExposed(screen)
        screen.show_guides(guides, start_slug, start_page)
        return screen

    return build


@pytest.fixture
def alpha(small_library, assets, make_screen) -> PresentationScreen:
    """The alpha guide presented at 1920x1080 (a slide a page there) by Riverside Pain Clinic."""
    library, cache = small_library
    return make_screen(presented(library, cache, ["alpha"]), assets, size=(1920, 1080),
                       clinic_name="Riverside Pain Clinic")


def press(qtbot, screen: PresentationScreen, key: Qt.Key) -> None:
    """Press a key as a clicker would: it goes to whatever has the keyboard."""
    target = QApplication.focusWidget() or screen
    assert target is screen or screen.isAncestorOf(target), "the keyboard left the slides"
    qtbot.keyClick(target, key)


def click_at(qtbot, screen: PresentationScreen, x_share: float) -> None:
    qtbot.mouseClick(screen, Qt.MouseButton.LeftButton,
                     pos=QPoint(round(screen.width() * x_share), screen.height() // 2))


def colour_at_centre(screen: PresentationScreen) -> QColor:
    image = screen.grab().toImage()
    return image.pixelColor(image.width() // 2, image.height() // 2)


def counter(screen: PresentationScreen) -> str:
    assert screen.counter.isVisible()
    return screen.counter.text()


def fragments(document: QTextDocument):
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            yield it.fragment()
            it += 1
        block = block.next()


# --- what is on the slides --------------------------------------------------------------------


def test_title_slide_shows_title_summary_icon_and_clinic(alpha):
    """Ensure a guide opens on its title slide: title, one-line summary, icon and clinic name."""
    slide = alpha.current_slide()
    assert slide.is_title and slide.title == "Alpha pain"
    text = alpha.shown_text()
    assert "Alpha pain" in text
    assert "A short guide to alpha pain" in text
    assert "Riverside Pain Clinic" in text
    assert '<img src="icons/test.svg"' in slide.markup
    assert counter(alpha) == f"1 / {alpha.slide_count()}"


def test_one_slide_per_page_after_the_title(alpha, small_library):
    """Ensure each page of a short guide is one slide, in order, the app's 'About' page last."""
    library, cache = small_library
    titles = [p.title for p in cache.pages("alpha")]
    slides = alpha.slides
    assert [s.title for s in slides[1:]] == titles
    assert titles[-1] == "About this guide"


def test_links_show_as_plain_text(alpha):
    """Ensure glossary words and guide links are on the slide as words, not as links."""
    alpha.go_to(1)
    assert "placebo" in alpha.shown_text()
    alpha.go_to(2)
    assert "other guide" in alpha.shown_text()
    for slide in alpha.slides:
        assert not any(f.charFormat().isAnchor() for f in fragments(slide.document))
        assert "href" not in slide.markup


@pytest.mark.parametrize("width,height", SIZES)
def test_type_is_sized_for_the_back_of_the_room(width, height):
    """Ensure body text is 3.5-4% of the screen height and headings are bigger."""
    geometry = SlideGeometry.for_screen(width, height)
    assert 0.035 <= geometry.body_px / height <= 0.04
    assert geometry.title_px > geometry.heading_px > geometry.body_px >= MIN_TEXT_PX
    assert geometry.deck_title_px > geometry.title_px


# --- keys ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", [Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space,
                                 Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_next_keys_go_forward(qtbot, alpha, key):
    """Ensure every key a clicker sends for 'next' shows the next slide and counts it."""
    press(qtbot, alpha, key)
    assert alpha.index == 1
    assert alpha.current_slide().title == "About alpha pain"
    assert "About alpha pain" in alpha.shown_text()
    assert counter(alpha) == f"2 / {alpha.slide_count()}"


@pytest.mark.parametrize("key", [Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Backspace])
def test_back_keys_go_back(qtbot, alpha, key):
    """Ensure every 'back' key shows the slide before, and stops at the first."""
    alpha.go_to(2)
    press(qtbot, alpha, key)
    assert alpha.index == 1 and alpha.current_slide().title == "About alpha pain"
    assert counter(alpha).startswith("2 / ")
    press(qtbot, alpha, key)
    press(qtbot, alpha, key)
    assert alpha.index == 0 and counter(alpha).startswith("1 / ")


def test_next_stops_at_the_last_slide(qtbot, alpha):
    """Ensure pressing next on the last slide stays there (nothing wraps round)."""
    total = alpha.slide_count()
    for _ in range(total + 2):
        press(qtbot, alpha, Qt.Key.Key_Right)
    assert alpha.index == total - 1
    assert counter(alpha) == f"{total} / {total}"


def test_home_and_end_go_to_first_and_last_slide(qtbot, alpha):
    """Ensure End shows the last slide and Home the first."""
    press(qtbot, alpha, Qt.Key.Key_End)
    total = alpha.slide_count()
    assert alpha.current_slide().title == "About this guide"
    assert counter(alpha) == f"{total} / {total}"
    press(qtbot, alpha, Qt.Key.Key_Home)
    assert alpha.current_slide().is_title and counter(alpha) == f"1 / {total}"


@pytest.mark.parametrize("key", [Qt.Key.Key_B, Qt.Key.Key_Period])
def test_blank_key_blacks_out_the_screen_and_brings_it_back(qtbot, alpha, key):
    """Ensure B and '.' turn the screen black (no counter) and, pressed again, bring it back."""
    alpha.go_to(1)
    assert colour_at_centre(alpha) != QColor("#000000")
    press(qtbot, alpha, key)
    assert alpha.blank
    assert colour_at_centre(alpha) == QColor("#000000")
    assert alpha.shown_text() == "" and not alpha.counter.isVisible()
    press(qtbot, alpha, key)
    assert not alpha.blank and alpha.index == 1
    assert "About alpha pain" in alpha.shown_text()
    assert colour_at_centre(alpha) != QColor("#000000")


def test_a_move_while_blank_only_brings_the_slide_back(qtbot, alpha):
    """Ensure next, back or a click on a black screen shows the same slide again, not another."""
    alpha.go_to(1)
    for action in (lambda: press(qtbot, alpha, Qt.Key.Key_Right),
                   lambda: press(qtbot, alpha, Qt.Key.Key_Left),
                   lambda: click_at(qtbot, alpha, 0.9)):
        press(qtbot, alpha, Qt.Key.Key_B)
        action()
        assert not alpha.blank and alpha.index == 1
        assert counter(alpha).startswith("2 / ")


def test_typed_number_then_enter_jumps_to_that_slide(qtbot, alpha):
    """Ensure typing 3 then Enter shows slide 3, and the typed number is shown while typing."""
    press(qtbot, alpha, Qt.Key.Key_3)
    assert alpha.number.isVisible() and "3" in alpha.number.text()
    assert alpha.index == 0
    press(qtbot, alpha, Qt.Key.Key_Return)
    assert alpha.index == 2 and counter(alpha).startswith("3 / ")
    assert alpha.current_slide().title == "Second page"
    assert not alpha.number.isVisible()


def test_typed_two_digits_and_a_number_past_the_end(qtbot, alpha):
    """Ensure '1','0' means slide 10, and a number past the end shows the last slide."""
    total = alpha.slide_count()
    assert total < 10
    press(qtbot, alpha, Qt.Key.Key_1)
    press(qtbot, alpha, Qt.Key.Key_0)
    assert "10" in alpha.number.text()
    press(qtbot, alpha, Qt.Key.Key_Enter)
    assert alpha.index == total - 1


def test_backspace_and_escape_while_typing_a_number(qtbot, alpha):
    """Ensure Backspace takes back a typed digit and Esc drops the number without leaving."""
    alpha.go_to(1)
    press(qtbot, alpha, Qt.Key.Key_2)
    press(qtbot, alpha, Qt.Key.Key_5)
    press(qtbot, alpha, Qt.Key.Key_Backspace)
    assert "2" in alpha.number.text() and "25" not in alpha.number.text()
    assert alpha.index == 1
    with qtbot.assertNotEmitted(alpha.finished):
        press(qtbot, alpha, Qt.Key.Key_Escape)
    assert not alpha.number.isVisible() and alpha.index == 1


def test_typed_number_is_forgotten_after_a_pause(qtbot, small_library, assets, make_screen):
    """Ensure a stray digit does not linger: after the timeout Enter is 'next' again."""
    library, cache = small_library
    screen = make_screen(presented(library, cache, ["alpha"]), assets, number_timeout_ms=30)
    press(qtbot, screen, Qt.Key.Key_3)
    qtbot.waitUntil(lambda: not screen.number.isVisible())
    press(qtbot, screen, Qt.Key.Key_Return)
    assert screen.index == 1


def test_t_shows_the_slide_list_and_arrows_enter_pick(qtbot, alpha):
    """Ensure T lists the slides' titles; Down and Enter show the chosen slide."""
    press(qtbot, alpha, Qt.Key.Key_T)
    assert alpha.contents.isVisible()
    entries = alpha.contents.entries_shown()
    assert [e.split(maxsplit=1)[1] for e in entries] == [s.title for s in alpha.slides]
    assert alpha.contents.list.currentRow() == 0
    press(qtbot, alpha, Qt.Key.Key_Down)
    press(qtbot, alpha, Qt.Key.Key_Down)
    assert alpha.index == 0  # moving in the list does not move the slides yet
    press(qtbot, alpha, Qt.Key.Key_Return)
    assert not alpha.contents.isVisible()
    assert alpha.index == 2 and alpha.current_slide().title == "Second page"
    press(qtbot, alpha, Qt.Key.Key_Right)  # the keyboard is back on the slides
    assert alpha.index == 3


def test_slide_list_click_picks_and_escape_closes(qtbot, alpha):
    """Ensure a click on a title in the list shows it, and Esc closes the list without leaving."""
    press(qtbot, alpha, Qt.Key.Key_T)
    with qtbot.assertNotEmitted(alpha.finished):
        press(qtbot, alpha, Qt.Key.Key_Escape)
    assert not alpha.contents.isVisible() and alpha.index == 0
    press(qtbot, alpha, Qt.Key.Key_T)
    view = alpha.contents.list
    item = view.item(3)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualItemRect(item).center())
    assert not alpha.contents.isVisible()
    assert alpha.index == 3 and alpha.current_slide().title == "Key points"


def test_slide_list_marks_the_slide_on_screen(qtbot, alpha):
    """Ensure the list opens with the current slide's page selected."""
    alpha.go_to(2)
    press(qtbot, alpha, Qt.Key.Key_T)
    assert alpha.contents.list.currentItem().text().endswith("Second page")


def test_escape_leaves(qtbot, alpha):
    """Ensure Esc emits finished (the app decides where to go), even from a black screen."""
    with qtbot.waitSignal(alpha.finished, timeout=1000):
        press(qtbot, alpha, Qt.Key.Key_Escape)
    press(qtbot, alpha, Qt.Key.Key_B)
    with qtbot.waitSignal(alpha.finished, timeout=1000):
        press(qtbot, alpha, Qt.Key.Key_Escape)


def test_tab_does_not_take_the_keyboard_away(qtbot, alpha):
    """Ensure Tab leaves the keyboard on the slides, so the clicker keeps working."""
    press(qtbot, alpha, Qt.Key.Key_Tab)
    press(qtbot, alpha, Qt.Key.Key_Right)
    assert alpha.index == 1


def test_counter_sits_small_in_the_bottom_right_corner(alpha):
    """Ensure the counter is in the bottom-right corner, below the slide's text area."""
    geometry = alpha.geometry_now
    box = alpha.counter.geometry()
    assert box.left() > alpha.width() * 0.75
    assert box.top() >= geometry.top + geometry.text_height
    assert box.bottom() <= alpha.height()
    assert box.height() < alpha.height() * 0.06


def test_click_right_third_next_left_third_back(qtbot, alpha):
    """Ensure a click on the right third goes on, the left third goes back, the middle does nothing."""
    click_at(qtbot, alpha, 0.85)
    assert alpha.index == 1
    click_at(qtbot, alpha, 0.5)
    assert alpha.index == 1
    click_at(qtbot, alpha, 0.1)
    assert alpha.index == 0


# --- all guides, starting points, resizing ----------------------------------------------------


def test_all_guides_run_in_order_each_with_its_title_slide(small_library, assets, make_screen):
    """Ensure with no guide given every guide is shown in order, each opening on its title."""
    library, cache = small_library
    screen = make_screen(presented(library, cache), assets, size=(1920, 1080))
    titles = [(s.guide, s.title) for s in screen.slides if s.is_title]
    assert titles == [(g.slug, g.title) for g in library.guides]
    assert screen.current_slide().title == library.guides[0].title
    expected = sum(len(cache.pages(g.slug)) + 1 for g in library.guides[:3])
    assert screen.slides[expected].is_title  # the fourth guide follows the third's last page


def test_starts_on_the_given_guide_and_page(small_library, assets, make_screen):
    """Ensure the presentation can open on a guide's title slide or on one of its pages."""
    library, cache = small_library
    screen = make_screen(presented(library, cache), assets, start_slug="beta")
    assert screen.current_slide().title == "Beta care"
    screen.show_guides(presented(library, cache), "gamma", 1)
    assert screen.current_slide().title == "Second page"
    assert screen.current_slide().guide == "gamma"


def test_resizing_lays_slides_out_again_and_keeps_the_page(qtbot, small_library, assets,
                                                           make_screen):
    """Ensure a new screen size re-splits the slides (bigger type) on the same page."""
    library, cache = small_library
    screen = make_screen(presented(library, cache, ["delta"]), assets, size=(1920, 1080))
    screen.go_to(2)
    shown = screen.current_slide()
    big_body = screen.geometry_now.body_px
    screen.resize(1280, 800)
    qtbot.waitUntil(lambda: screen.geometry_now.height == 800)
    assert screen.geometry_now.body_px < big_body
    slide = screen.current_slide()
    assert (slide.guide, slide.page) == (shown.guide, shown.page)
    assert counter(screen) == f"{screen.index + 1} / {screen.slide_count()}"


# --- long pages and fitting ---------------------------------------------------------------------


def test_long_page_is_split_with_continued_titles(small_library, assets, make_screen):
    """Ensure a page too long for one slide becomes several, later ones titled '(continued)'."""
    library, cache = small_library
    screen = make_screen(presented(library, cache, ["delta"]), assets)
    long_page = [s for s in screen.slides if s.page == 0]
    assert len(long_page) >= 3
    assert long_page[0].title == "A page far too long for one slide"
    for slide in long_page[1:]:
        assert slide.title == "A page far too long for one slide (continued)"
        assert "(continued)" in slide.document.toPlainText()
    words = "".join(s.document.toPlainText() for s in long_page)
    for n in range(1, 9):  # nothing lost, nothing twice
        assert words.count(f"Paragraph {n}.") == 1
    for n in range(1, 6):
        assert words.count(f"Closing paragraph {n}.") == 1
    assert words.count("Take a short walk each day.") == 1
    assert sum(s.markup.count("<img") for s in long_page) == 1
    assert [s.title for s in screen.slides if s.page == 1] == ["Short page"]


@pytest.mark.parametrize("width,height", SIZES)
def test_long_page_slides_never_overflow_nor_shrink_type(small_library, assets, make_screen,
                                                         width, height):
    """Ensure every slide of the long page fits the slide area and no text is below the minimum."""
    library, cache = small_library
    screen = make_screen(presented(library, cache, ["delta"]), assets, size=(width, height))
    assert_slides_fit(screen)


@pytest.mark.parametrize("width,height", SIZES)
def test_bundled_guides_fit_every_slide(make_screen, width, height):
    """Ensure every slide of every bundled guide fits at both projector sizes, type never shrunk."""
    library, _ = load_library(BUNDLED_CONTENT / "en", BUNDLED_ASSETS)
    cache = RenderCache(library)
    screen = make_screen(presented(library, cache), BUNDLED_ASSETS, size=(width, height),
                         clinic_name="Riverside Pain Clinic")
    assert_slides_fit(screen)
    pictures = [s for s in screen.slides if not s.is_title and "<img" in s.markup]
    assert pictures, "the bundled guides have pictures"
    for slide in pictures:  # pictures fill the slide: at least half the text column wide
        assert slide.document.size().width() >= screen.geometry_now.text_width * 0.5


def assert_slides_fit(screen: PresentationScreen) -> None:
    geometry = screen.geometry_now
    assert geometry.width == screen.width() and geometry.height == screen.height()
    assert geometry.top + geometry.text_height <= screen.height()
    assert geometry.left + geometry.text_width <= screen.width()
    for number, slide in enumerate(screen.slides, start=1):
        size = slide.document.size()
        where = f"slide {number} '{slide.title}'"
        assert size.height() <= geometry.text_height, f"{where} is {size.height()} px tall"
        assert size.width() <= geometry.text_width + 0.5, f"{where} is {size.width()} px wide"
        for fragment in fragments(slide.document):
            if fragment.charFormat().isImageFormat() or not fragment.text().strip():
                continue
            pixels = fragment.charFormat().font().pixelSize()
            assert pixels >= MIN_TEXT_PX, f"{where}: '{fragment.text()[:30]}' at {pixels} px"


# --- speed and labels ---------------------------------------------------------------------------


def test_next_slide_is_instant(qtbot, make_screen):
    """Ensure showing the next slide (key to painted) takes under 16 ms: slides are laid out once."""
    library, _ = load_library(BUNDLED_CONTENT / "en", BUNDLED_ASSETS)
    cache = RenderCache(library)
    screen = make_screen(presented(library, cache, ["how-acupuncture-works"]), BUNDLED_ASSETS,
                         size=(1920, 1080))
    timings = []
    for _ in range(screen.slide_count() - 1):
        started = time.perf_counter()
        press(qtbot, screen, Qt.Key.Key_Right)
        screen.repaint()
        timings.append(time.perf_counter() - started)
    assert screen.index == screen.slide_count() - 1
    assert statistics.median(timings) < 0.016, f"median {statistics.median(timings) * 1000:.1f} ms"


def test_labels_come_from_the_language_pack_when_it_has_them(small_library, assets, make_screen):
    """Ensure the screen's words can be translated, with English where a pack lacks them."""
    library, cache = small_library
    labels = present_labels(library.strings)
    assert labels["present_continued"] == "{title} (continued)"  # not in strings.yaml yet
    spanish = {"present_continued": "{title} (continuación)", "present_counter": "{slide} de {total}"}
    screen = make_screen(presented(library, cache, ["delta"]), assets,
                         labels=present_labels(lambda key: spanish.get(key, key)))
    assert screen.slides[2].title.endswith("(continuación)")
    assert counter(screen) == f"1 de {screen.slide_count()}"
