"""Switching language: the patient keeps their page and picks; sheets print in the language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QLabel
from uihelpers import tap, turn_page

from kiosk import cli
from kiosk.core.content import load_library, offered_languages

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"


def test_every_pack_is_offered_by_its_own_name():
    offered = offered_languages(CONTENT)
    assert [(code, name) for code, name, _ in offered] == [("en", "English"), ("es", "Español")]
    assert dict((c, i) for c, _, i in offered)["es"] == "Leer en español"


def test_switching_language_mid_guide_keeps_the_page_and_the_picks(make_app, qtbot):
    kiosk = make_app()
    window, s = kiosk.window, kiosk.screens
    guide = kiosk.library.guides[3]
    window.open_guide(guide.slug)
    turn_page(qtbot, s.reader)
    turn_page(qtbot, s.reader)
    picked = kiosk.library.questions.ids()[:2]
    for question_id in picked:
        window.toggle_question(question_id)
    english_title = s.reader.pages[2].title
    tap(qtbot, s.toolbar.language_buttons["es"])
    assert kiosk.library.lang == "es" and kiosk.session.lang == "es"
    assert window.current_screen() is s.reader
    assert s.reader.slug == guide.slug and s.reader.index == 2
    assert s.reader.pages[2].title != english_title  # the same page, now in Spanish
    assert kiosk.session.picks.ids == picked
    assert s.toolbar.questions_button.text() == kiosk.library.strings("toolbar_questions",
                                                                      count=2)
    assert "English" in s.toolbar.language_buttons["en"].text()
    assert s.reader.next_button.text() != "Next ›"
    tap(qtbot, s.toolbar.language_buttons["en"])
    assert s.reader.pages[2].title == english_title and s.reader.index == 2


def test_language_button_on_home_switches_and_my_questions_follow(make_app, qtbot):
    kiosk = make_app()
    window, s = kiosk.window, kiosk.screens
    window.toggle_question("safe-blood-thinner")
    tap(qtbot, s.home.language_buttons["es"])
    assert kiosk.library.lang == "es" and window.current_screen() is s.home
    spanish = kiosk.library.questions.get("safe-blood-thinner").text
    window.show_questions()
    shown = [label.text() for label in s.questions.findChildren(QLabel) if label.isVisible()]
    assert spanish in shown
    assert s.questions.heading.text() == kiosk.library.strings("questions_heading") != "My questions"


def test_spanish_sheet_prints_in_spanish(tmp_path, capsys):
    out = tmp_path / "s.pdf"
    assert cli.main(["print", "questions", "--lang", "es", "--pick",
                     "pain-cause,safe-blood-thinner,cost-insurance", "-o", str(out)]) == 0
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    spanish, _ = load_library(CONTENT / "es", REPO / "assets")
    for question_id in ("pain-cause", "safe-blood-thinner", "cost-insurance"):
        assert " ".join(spanish.questions.get(question_id).text.split()) in text
    assert spanish.strings("sheet_title") in text
    months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
              "septiembre", "octubre", "noviembre", "diciembre"]
    today = dt.date.today()
    assert f"{today.day} de {months[today.month - 1]} de {today.year}" in text
    english, _ = load_library(CONTENT / "en", REPO / "assets")
    assert english.strings("sheet_title") not in text
