"""Picking questions while reading, the My questions screen, and printing that never loses picks."""

from __future__ import annotations

from uihelpers import tap

from kiosk.core.config import Settings


def open_page_offering_questions(kiosk, qtbot):
    """Open the first guide page that offers questions; return its question ids."""
    reader = kiosk.screens.reader
    for tile_index, guide in enumerate(kiosk.library.guides):
        for page_index, page in enumerate(guide.pages):
            if page.question_ids:
                tap(qtbot, kiosk.screens.home.tiles[tile_index])
                reader.show_page(page_index)
                return list(page.question_ids)
    raise AssertionError("no page offers questions")


def test_add_from_a_page_shows_added_counts_on_the_badge_and_a_second_tap_removes(make_app, qtbot):
    """Ensure one tap adds (button and badge say so, a confirmation shows), another tap removes."""
    kiosk = make_app(size=(1920, 1080))
    ids = open_page_offering_questions(kiosk, qtbot)
    offers, toolbar = kiosk.screens.offers, kiosk.screens.toolbar
    assert offers.isVisible()
    button = offers.buttons[ids[0]]
    text = kiosk.library.questions.get(ids[0]).text
    assert text in button.text_shown() and "Add to my questions" in button.text_shown()
    assert toolbar.questions_button.text() == "My questions (0)"
    tap(qtbot, button)
    assert "Added to my questions" in button.text_shown() and button.isChecked()
    assert toolbar.questions_button.text() == "My questions (1)"
    assert kiosk.window.toast.isVisible()
    assert kiosk.session.picks.ids == [ids[0]]
    tap(qtbot, button)
    assert toolbar.questions_button.text() == "My questions (0)"
    assert not button.isChecked()


def test_offers_sit_under_the_page_on_a_portrait_screen(make_app, qtbot):
    """Ensure on a portrait totem the offered questions show under the page and still work."""
    kiosk = make_app(size=(1080, 1920))
    ids = open_page_offering_questions(kiosk, qtbot)
    offers = kiosk.screens.offers
    assert offers.isVisible()
    reader = kiosk.screens.reader
    assert offers.mapTo(reader, offers.rect().topLeft()).y() > reader.view.mapTo(
        reader, reader.view.rect().topLeft()).y()
    tap(qtbot, offers.buttons[ids[0]])
    assert kiosk.session.picks.ids == [ids[0]]


def test_my_questions_lists_picks_first_in_order_and_remove_and_clear_all_work(make_app, qtbot):
    """Ensure the sheet part lists picks in pick order; Remove takes one off; Clear all asks first."""
    kiosk = make_app(size=(1920, 1080))
    ids = open_page_offering_questions(kiosk, qtbot)
    tap(qtbot, kiosk.screens.offers.buttons[ids[0]])
    tap(qtbot, kiosk.screens.toolbar.questions_button)
    screen = kiosk.screens.questions
    assert kiosk.window.current_screen() is screen
    assert list(screen.picked) == [ids[0]]
    bank = kiosk.library.questions.ids()
    other = next(q for q in bank if q != ids[0])
    row = screen.rows[other]
    assert row.height() >= 56
    tap(qtbot, row)
    assert list(screen.picked) == [ids[0], other]
    assert screen.yours_title.text() == "Your sheet (2)"
    assert screen.rows[other].isChecked() and screen.rows[other].text_shown().startswith("✓")
    tap(qtbot, screen.picked[ids[0]].remove_button)
    assert list(screen.picked) == [other]
    assert kiosk.screens.toolbar.questions_button.text() == "My questions (1)"
    tap(qtbot, screen.clear_button)
    confirm = kiosk.window.confirm
    assert confirm.isVisible()
    tap(qtbot, confirm.close_button)  # "No, keep them"
    assert list(screen.picked) == [other]
    tap(qtbot, screen.clear_button)
    tap(qtbot, confirm.yes_button)
    assert screen.picked == {} and screen.none_label.isVisible()
    assert kiosk.screens.toolbar.questions_button.text() == "My questions (0)"


def test_typed_questions_can_be_added_in_window_mode_and_removed(make_app, qtbot):
    """Ensure a laptop user can type their own question onto the sheet and take it off."""
    kiosk = make_app()
    tap(qtbot, kiosk.screens.toolbar.questions_button)
    screen = kiosk.screens.questions
    assert screen.own_field.isVisible()
    qtbot.keyClicks(screen.own_field, "Can I still drive after a session?")
    tap(qtbot, screen.own_add)
    assert kiosk.session.picks.own == ["Can I still drive after a session?"]
    assert "Can I still drive after a session?" in screen.picked
    tap(qtbot, screen.picked["Can I still drive after a session?"].remove_button)
    assert kiosk.session.picks.own == []


def test_printing_with_no_printer_keeps_the_picks_and_shows_a_calm_notice(make_app, qtbot):
    """Ensure a missing printer shows a notice (no dialog) and every pick is still there."""
    kiosk = make_app(settings=Settings(printer="no-such-printer-here"))
    bank = kiosk.library.questions.ids()
    tap(qtbot, kiosk.screens.toolbar.questions_button)
    screen = kiosk.screens.questions
    for question_id in bank[:3]:
        tap(qtbot, screen.rows[question_id])
    tap(qtbot, screen.print_button)
    notice = kiosk.screens.notice_bar
    assert notice.isVisible()
    assert "could not find a printer" in notice.text.text()
    assert kiosk.session.picks.ids == bank[:3]
    assert list(screen.picked) == bank[:3]


def test_preview_shows_the_sheet_as_it_will_print(make_app, qtbot):
    """Ensure See my sheet shows the printed page image(s), and Back returns to the list."""
    kiosk = make_app(size=(1920, 1080))
    tap(qtbot, kiosk.screens.toolbar.questions_button)
    screen = kiosk.screens.questions
    tap(qtbot, screen.rows[kiosk.library.questions.ids()[0]])
    tap(qtbot, screen.preview_button)
    preview = kiosk.window.preview
    assert preview.isVisible()
    assert len(preview.page_labels) == 1
    assert preview.page_labels[0].pixmap().height() > preview.page_labels[0].pixmap().width()
    tap(qtbot, preview.close_button)
    assert not preview.isVisible()
