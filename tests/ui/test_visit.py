"""My visit sheet through the real widgets: every step, printing in one and two languages, reset."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from uihelpers import show_at, tap

from kiosk.app import KioskApp, LaunchOptions
from kiosk.core.config import Settings
from kiosk.printing import PrintResult, PrintTarget, iter_sheet_images, print_sheet
from kiosk.printing.visit import iter_visit_images, print_visit_sheet
from kiosk.ui.window import PrintSeams

REPO = Path(__file__).resolve().parents[2]
REGIONS = ("lower_back", "knee_left", "shoulder_right")
SCALES = {"average": 5, "worst": 8, "daily_life": 6}
EFFECTS = ("sleep", "moving")
TRIED = {"acupuncture": "helped", "medicines": "not_sure"}
GOALS = ("sleep_better", "walk_further")


def _app(qtbot, tmp_path: Path, lang: str | None = None, print_visit=None,
         size: tuple[int, int] = (1280, 800)) -> KioskApp:
    out = tmp_path / "visit.pdf"
    seams = PrintSeams(
        print_sheet=lambda sheet: print_sheet(sheet, PrintTarget(pdf=tmp_path / "q.pdf")),
        sheet_images=iter_sheet_images,
        print_visit=print_visit or (lambda sheet: print_visit_sheet(sheet, PrintTarget(pdf=out))),
        visit_images=iter_visit_images)
    kiosk = KioskApp(LaunchOptions(REPO / "content", REPO / "assets", lang=lang),
                     Settings(clinic_name="Riverside Pain Clinic"), printing=seams)
    qtbot.addWidget(kiosk.window)
    return show_at(qtbot, kiosk, size)


def _pick_five_questions(qtbot, kiosk: KioskApp) -> list[str]:
    tap(qtbot, kiosk.screens.toolbar.questions_button)
    ids = kiosk.library.questions.ids()[:5]
    for question_id in ids:
        tap(qtbot, kiosk.screens.questions.rows[question_id])
    return ids


def _tap_region(qtbot, kiosk: KioskApp, region: str) -> None:
    body = kiosk.screens.visit.body_map
    qtbot.mouseClick(body, Qt.MouseButton.LeftButton, pos=body.region_point(region).toPoint())


def _fill_every_step(qtbot, kiosk: KioskApp) -> None:
    """A patient's whole visit sheet, tapped step by step from the home screen."""
    v = kiosk.screens.visit
    tap(qtbot, kiosk.screens.toolbar.home_button)
    tap(qtbot, kiosk.screens.home.visit_button)
    assert kiosk.window.current_screen() is v
    for region in REGIONS:
        _tap_region(qtbot, kiosk, region)
    tap(qtbot, v.next_button)
    for scale, value in SCALES.items():
        tap(qtbot, v.scale_buttons[scale][value])
    tap(qtbot, v.next_button)
    tap(qtbot, v.duration_buttons["years_1_to_5"])
    tap(qtbot, v.next_button)
    for effect in EFFECTS:
        tap(qtbot, v.effect_buttons[effect])
    tap(qtbot, v.next_button)
    for treatment, outcome in TRIED.items():
        tap(qtbot, v.outcome_buttons[treatment][outcome])
    tap(qtbot, v.next_button)
    for goal in GOALS:
        tap(qtbot, v.goal_buttons[goal])
    tap(qtbot, v.next_button)


def _pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(path)
    return len(reader.pages), " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def _expected(kiosk: KioskApp, lang: str, ids: list[str]) -> list[str]:
    w = kiosk.visit_packs.wording(lang)
    bank = kiosk.visit_packs.questions(lang)
    items = [w(f"regions.{r}") for r in REGIONS]
    for scale in SCALES:
        items += [w(f"scales.{scale}.short"), f"0 = {w(f'scales.{scale}.low')}",
                  f"10 = {w(f'scales.{scale}.high')}"]
    items += [w("durations.years_1_to_5")] + [w(f"effects.{e}") for e in EFFECTS]
    items += [f"{w(f'treatments.{t}')}: {w(f'outcomes.{o}')}" for t, o in TRIED.items()]
    items += [w(f"goals.{g}") for g in GOALS] + [bank.get(i).text for i in ids]
    return items


def test_a_whole_visit_sheet_prints_every_answer_on_one_page(qtbot, tmp_path):
    """Ensure 3 regions, 3 scales, duration, effects, 2 tried, 2 goals and 5 questions print on
    one page, each readable back from the PDF, with the scale values beside their anchors."""
    kiosk = _app(qtbot, tmp_path)
    ids = _pick_five_questions(qtbot, kiosk)
    _fill_every_step(qtbot, kiosk)
    v = kiosk.screens.visit
    assert v.progress.text() == "Step 7 of 7"
    assert not v.bilingual_button.isVisibleTo(kiosk.window)  # the patient reads English already
    assert "What do you think is causing my pain?" in v.questions_list.text()
    tap(qtbot, v.print_button)
    pages, text = _pdf_text(tmp_path / "visit.pdf")
    assert pages == 1
    for item in _expected(kiosk, "en", ids):
        assert item in text, item
    for value in SCALES.values():
        assert f"{value} of 10" in text
    assert "For my doctor" in text and "Notes" in text and "Riverside Pain Clinic" in text
    assert kiosk.window.toast.text().startswith("Your visit sheet is printing")
    answers = kiosk.session.visit
    assert answers.regions == list(REGIONS) and answers.scales == SCALES
    assert answers.tried == TRIED and answers.goals == list(GOALS)


def test_the_spanish_sheet_shows_each_item_in_spanish_and_english(qtbot, tmp_path):
    """Ensure a Spanish reader's bilingual sheet has every item in Spanish and in English."""
    kiosk = _app(qtbot, tmp_path, lang="es")
    ids = _pick_five_questions(qtbot, kiosk)
    _fill_every_step(qtbot, kiosk)
    v = kiosk.screens.visit
    assert v.bilingual_button.isVisible() and v.bilingual_button.isChecked()
    assert v.bilingual_button.text_shown() == "✓  También en English, para el médico"
    assert v.progress.text() == "Paso 7 de 7"
    tap(qtbot, v.print_button)
    pages, text = _pdf_text(tmp_path / "visit.pdf")
    assert pages == 1
    for item in _expected(kiosk, "es", ids) + _expected(kiosk, "en", ids):
        assert item in text, item
    assert "Para mi médico" in text and "For my doctor" in text


def test_the_patient_can_print_in_their_language_only(qtbot, tmp_path):
    """Ensure turning the bilingual choice off prints the Spanish words alone."""
    kiosk = _app(qtbot, tmp_path, lang="es")
    _fill_every_step(qtbot, kiosk)
    tap(qtbot, kiosk.screens.visit.bilingual_button)
    assert kiosk.session.visit.bilingual is False
    tap(qtbot, kiosk.screens.visit.print_button)
    _, text = _pdf_text(tmp_path / "visit.pdf")
    assert "Parte baja de la espalda" in text and "Lower back" not in text


def test_tapping_again_clears_and_a_fourth_goal_is_refused(qtbot, tmp_path):
    """Ensure a second tap clears a region, scale, choice or outcome; only three goals fit."""
    kiosk = _app(qtbot, tmp_path)
    v = kiosk.screens.visit
    kiosk.window.show_visit()
    _tap_region(qtbot, kiosk, "head")
    assert "Head" in v.marked_list.text()
    assert v.body_map.buttons["head"].accessibleName() == "Head: marked. Tap to clear it."
    _tap_region(qtbot, kiosk, "head")
    assert kiosk.session.visit.regions == [] and v.marked_list.text() == "Nothing marked yet."
    v.show_step(1)
    tap(qtbot, v.scale_buttons["worst"][3])
    tap(qtbot, v.scale_buttons["worst"][3])
    assert kiosk.session.visit.scales == {}
    v.show_step(5)
    for goal in ("sleep_better", "walk_further", "travel"):
        tap(qtbot, v.goal_buttons[goal])
    assert not v.goal_buttons["hobbies"].isEnabled()
    assert "You have picked three" in v.goals_count.text()
    tap(qtbot, v.goal_buttons["travel"])
    tap(qtbot, v.goal_buttons["hobbies"])
    assert kiosk.session.visit.goals == ["sleep_better", "walk_further", "hobbies"]
    assert v.goal_buttons["hobbies"].text_shown().startswith("✓")


def test_every_step_can_be_skipped_and_revisited(qtbot, tmp_path):
    """Ensure Next and Back move freely with nothing answered, with "Step n of 7" shown."""
    kiosk = _app(qtbot, tmp_path)
    v = kiosk.screens.visit
    kiosk.window.show_visit()
    assert v.progress.text() == "Step 1 of 7" and not v.back_button.isEnabled()
    for step in range(2, 8):
        tap(qtbot, v.next_button)
        assert v.progress.text() == f"Step {step} of 7"
    assert not v.next_button.isEnabled()
    tap(qtbot, v.back_button)
    assert v.progress.text() == "Step 6 of 7"
    assert v.step_title.text() == "What matters most to you?"
    buttons = [v.back_button, v.next_button, *v.scale_buttons["average"],
               *v.outcome_buttons["massage"].values(), v.print_button]
    assert all(b.height() >= 56 for b in buttons if b.isVisible())


def test_regions_work_from_the_keyboard_with_names(qtbot, tmp_path):
    """Ensure each region is a focusable control with a name, marked with the Space key."""
    kiosk = _app(qtbot, tmp_path)
    kiosk.window.show_visit()
    button = kiosk.screens.visit.body_map.buttons["neck"]
    assert button.accessibleName() == "Neck: not marked. Tap to mark it."
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert kiosk.session.visit.regions == ["neck"]
    assert len(kiosk.screens.visit.body_map.buttons) == 21


@pytest.mark.parametrize("entry", ["questions", "end of guide"])
def test_the_visit_sheet_opens_from_my_questions_and_a_guide_end(qtbot, tmp_path, entry):
    """Ensure My questions and the last page of a guide both offer the visit sheet."""
    kiosk = _app(qtbot, tmp_path, size=(1920, 1080))
    s = kiosk.screens
    if entry == "questions":
        tap(qtbot, s.toolbar.questions_button)
        button = s.questions.visit_button
    else:
        kiosk.window.open_guide(kiosk.library.guides[0].slug)
        while not s.reader.on_last_page():
            tap(qtbot, s.reader.next_button)
        button = s.offers.visit_button
    assert button.isVisible()
    tap(qtbot, button)
    assert kiosk.window.current_screen() is s.visit


def test_no_printer_keeps_every_answer(qtbot, tmp_path):
    """Ensure a missing printer is a calm notice and the answers stay as they were."""
    kiosk = _app(qtbot, tmp_path,
                 print_visit=lambda sheet: PrintResult(False, 0, "no_printer", "none"))
    _fill_every_step(qtbot, kiosk)
    tap(qtbot, kiosk.screens.visit.print_button)
    bar = kiosk.screens.notice_bar
    assert bar.isVisible() and bar.text.text().startswith("No printer is set up here")
    assert kiosk.session.visit.regions == list(REGIONS)
    assert kiosk.screens.visit.shows_answers()


def test_the_preview_shows_the_visit_sheet_and_prints_it(qtbot, tmp_path):
    """Ensure See my sheet previews the visit sheet and its Print button prints that sheet."""
    kiosk = _app(qtbot, tmp_path)
    _fill_every_step(qtbot, kiosk)
    tap(qtbot, kiosk.screens.visit.preview_button)
    preview = kiosk.window.preview
    assert preview.isVisible() and len(preview.page_labels) == 1
    assert preview.title.text() == "Your visit sheet, as it will print"
    tap(qtbot, preview.print_button)
    assert _pdf_text(tmp_path / "visit.pdf")[0] == 1


def test_start_over_empties_every_part(qtbot, tmp_path):
    """Ensure a reset empties every answer and the screen, and the leftover check agrees."""
    kiosk = _app(qtbot, tmp_path)
    _fill_every_step(qtbot, kiosk)
    kiosk.window.reset_patient()
    assert kiosk.session.visit.is_empty()
    assert kiosk.screens.visit.shows_answers() == [] and kiosk.screens.visit.step == 0
    assert kiosk.window.leftover_patient_state() == []


def test_a_visit_answer_left_after_reset_is_caught(qtbot, tmp_path, caplog):
    """Ensure the leftover check names visit answers a reset failed to clear (and rebuilds)."""
    kiosk = _app(qtbot, tmp_path)
    _fill_every_step(qtbot, kiosk)
    kiosk.session.visit.clear = lambda: None  # a bug: the answers survive the reset
    old = kiosk.window
    with caplog.at_level(logging.ERROR, logger="kiosk"), \
            qtbot.waitSignal(old.reset_failed) as failed:
        old.reset_patient()
    assert any(item.startswith("visit answers (regions, scales") for item in failed.args[0])
    assert kiosk.window is not old


def test_many_questions_flow_onto_a_second_page_and_no_further(qtbot, tmp_path):
    """Ensure 15 questions on a bilingual sheet all print, on exactly two pages."""
    kiosk = _app(qtbot, tmp_path, lang="es")
    ids = kiosk.library.questions.ids()[:15]
    for question_id in ids:
        kiosk.window.toggle_question(question_id)
    _fill_every_step(qtbot, kiosk)
    tap(qtbot, kiosk.screens.visit.print_button)
    pages, text = _pdf_text(tmp_path / "visit.pdf")
    assert pages == 2 and "15." in text and "Mi hoja para la consulta (continuación)" in text
    for question_id in ids:
        assert kiosk.library.questions.get(question_id).text in text


def test_a_sheet_with_nothing_answered_still_prints_its_blank_table(qtbot, tmp_path):
    """Ensure skipping every step prints one page with each question of the table left blank."""
    kiosk = _app(qtbot, tmp_path)
    kiosk.window.show_visit()
    kiosk.screens.visit.show_step(6)
    tap(qtbot, kiosk.screens.visit.print_button)
    pages, text = _pdf_text(tmp_path / "visit.pdf")
    assert pages == 1 and "Where it hurts" in text and "What matters most to me" in text
    assert "of 10" not in text


def test_portrait_screens_put_the_marked_list_under_the_outline(qtbot, tmp_path):
    """Ensure a portrait totem shows the words under the body outline, not squeezed beside it."""
    kiosk = _app(qtbot, tmp_path, size=(1080, 1920))
    kiosk.window.show_visit()
    qtbot.waitUntil(lambda: kiosk.screens.visit.marked_list.y()
                    > kiosk.screens.visit.body_map.geometry().bottom())
    assert kiosk.screens.visit.body_map.width() > 900


def test_switching_language_keeps_the_step_and_every_answer(qtbot, tmp_path):
    """Ensure Español mid-way keeps the patient on their step with their answers, in Spanish."""
    kiosk = _app(qtbot, tmp_path)
    _fill_every_step(qtbot, kiosk)
    v = kiosk.screens.visit
    tap(qtbot, v.back_button)
    tap(qtbot, kiosk.screens.toolbar.language_buttons["es"])
    assert kiosk.window.current_screen() is v and v.progress.text() == "Paso 6 de 7"
    assert v.goal_buttons["sleep_better"].text_shown() == "✓  Dormir mejor"
    assert kiosk.session.visit.regions == list(REGIONS)
    assert not v.bilingual_button.isHidden()  # Spanish now differs from the clinic's English


def test_each_region_can_also_be_tapped_by_its_name(qtbot, tmp_path):
    """Ensure every region has a big named button that marks it, ticked, with the outline shaded."""
    kiosk = _app(qtbot, tmp_path)
    kiosk.window.show_visit()
    v = kiosk.screens.visit
    assert len(v.region_buttons) == 21
    tap(qtbot, v.region_buttons["neck"])
    assert kiosk.session.visit.regions == ["neck"] and "neck" in v.body_map.marked
    assert v.region_buttons["neck"].text_shown() == "✓  Neck"
    assert v.marked_list.text() == "You marked: Neck"
    assert all(b.height() >= 56 for b in v.region_buttons.values() if b.isVisible())


def test_questions_group_by_who_to_ask_on_screen_and_on_paper(qtbot, tmp_path):
    """Ensure picked questions sit under who to ask (a pack with 'who'), on My questions and
    on the printed visit sheet, doctor first."""
    import dataclasses

    from kiosk.core.content import Question

    @dataclasses.dataclass(frozen=True)
    class AskedQuestion(Question):  # the shape issue 13 gives every question
        who: str = "doctor"

    kiosk = _app(qtbot, tmp_path)
    bank = kiosk.library.questions
    ids = bank.ids()[:3]
    asked = {ids[0]: "pharmacist", ids[1]: "doctor", ids[2]: "insurer"}
    questions = tuple(AskedQuestion(q.id, q.topic, q.text, q.line, who=asked.get(q.id, "doctor"))
                      for q in bank.questions)
    kiosk.window.library = dataclasses.replace(
        kiosk.library, questions=dataclasses.replace(bank, questions=questions))
    for question_id in ids:
        kiosk.window.toggle_question(question_id)
    kiosk.window.show_questions()
    rows = kiosk.screens.questions.picked_rows
    shown = [rows.itemAt(i).widget() for i in range(rows.count())]
    headings = [w.text() for w in shown if w.objectName() == "topicTitle"]
    assert headings == ["For my doctor", "For my pharmacist", "For my insurance or the front desk"]
    kiosk.window.print_visit()
    _, text = _pdf_text(tmp_path / "visit.pdf")
    order = [text.index(bank.get(i).text) for i in (ids[1], ids[0], ids[2])]
    assert order == sorted(order) and text.index("For my doctor") < order[0]
