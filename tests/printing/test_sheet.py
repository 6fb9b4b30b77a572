"""The printed question sheet: `kiosk print questions`, page flow, failures and the preview."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk.cli import main
from kiosk.core.config import Settings
from kiosk.core.content import load_library
from kiosk.core.questions import QuestionPicks, build_sheet, unknown_ids
from kiosk.core.render import format_date

REPO = Path(__file__).resolve().parents[2]
PACK = REPO / "content" / "en"
ASSETS = REPO / "assets"
TWELVE = ["pain-cause", "pain-type", "pain-tests", "pain-warning-signs", "acu-evidence-my-condition",
          "acu-with-current-care", "safe-blood-thinner", "safe-device", "prac-licence",
          "care-other-options", "cost-insurance", "after-stop"]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pdf_pages(path: Path) -> list[str]:
    return [_flat(page.extract_text() or "") for page in PdfReader(path).pages]


@pytest.fixture
def library():
    return load_library(PACK, ASSETS)[0]


@pytest.fixture
def clinic_config(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text('clinic_name = "Riverside Pain Clinic"\n')
    return path


def test_twelve_picks_print_on_one_page_with_every_question_the_date_and_the_clinic(
        qapp, tmp_path, clinic_config, library, capsys):
    """Ensure a 12-question sheet is one PDF page holding every question, today's date and the clinic."""
    out = tmp_path / "sheet.pdf"
    code = main(["print", "questions", "--pick", ",".join(TWELVE), "-o", str(out),
                 "--config", str(clinic_config)])
    assert code == 0
    assert "printed 1 page to" in capsys.readouterr().out
    pages = _pdf_pages(out)
    assert len(pages) == 1
    for question_id in TWELVE:
        assert _flat(library.questions.get(question_id).text) in pages[0]
    assert format_date(dt.date.today(), "en") in pages[0]
    assert "Riverside Pain Clinic" in pages[0]
    assert "Page 1 of 1" in pages[0]


def test_more_than_twelve_picks_continue_on_a_second_page_with_its_header(
        qapp, tmp_path, clinic_config, library):
    """Ensure 13+ picks print the first 12 on page 1 and the rest under the continued header
    (in the sheet's order: grouped by who to ask, each group in pick order)."""
    picks = [*TWELVE, "safe-worse", "safe-pregnancy"]
    out = tmp_path / "sheet.pdf"
    assert main(["print", "questions", "--pick", ",".join(picks), "-o", str(out),
                 "--config", str(clinic_config)]) == 0
    pages = _pdf_pages(out)
    assert len(pages) == 2
    assert _flat(library.strings("sheet_continued")) in pages[1]
    sheet = build_sheet(library, QuestionPicks(ids=picks), Settings(), dt.date.today())
    assert _flat(sheet.questions[11]) in pages[0]
    assert _flat(sheet.questions[12]) in pages[1] and _flat(sheet.questions[13]) in pages[1]
    assert "Page 2 of 2" in pages[1]


def test_an_unknown_id_exits_2_and_lists_the_valid_ids(qapp, tmp_path, capsys):
    """Ensure an unknown question id is refused with exit 2 and the valid ids listed."""
    out = tmp_path / "sheet.pdf"
    assert main(["print", "questions", "--pick", "pain-cause,no-such-question", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "no-such-question" in err
    assert "pain-cause" in err and "after-follow-up" in err
    assert not out.exists()


def test_unknown_ids_keeps_the_order_given_without_repeats(library):
    """Ensure unknown_ids names each unknown id once, in the order given."""
    assert unknown_ids(library.questions, ["x", "pain-cause", "y", "x"]) == ["x", "y"]


def test_the_sheet_lists_bank_questions_in_pick_order_then_typed_ones(library):
    """Ensure the sheet holds picked questions in pick order, then the patient's own."""
    picks = QuestionPicks(ids=["safe-device", "pain-cause"], own=["Can I drive home after?"])
    sheet = build_sheet(library, picks, Settings(paper_size="a4"), dt.date(2026, 3, 4))
    assert sheet.questions == (library.questions.get("safe-device").text,
                               library.questions.get("pain-cause").text, "Can I drive home after?")
    assert sheet.clinic == library.strings("sheet_no_clinic")
    assert sheet.logo == ASSETS / "logo.svg"
    assert "March 4, 2026" in sheet.date_text
    assert sheet.paper == "a4"


def test_a_printer_that_does_not_exist_is_reported_as_no_printer(qapp, library):
    """Ensure printing to a missing printer name returns reason no_printer, not an exception."""
    from kiosk.printing import PrintTarget, print_sheet

    sheet = build_sheet(library, QuestionPicks(ids=TWELVE[:3]), Settings(), dt.date.today())
    result = print_sheet(sheet, PrintTarget(printer="no-such-printer-here"))
    assert (result.ok, result.reason, result.pages) == (False, "no_printer", 0)


@pytest.mark.qt_log_ignore("QPainter::begin")  # Qt warns when begin() fails; we report it
def test_a_painter_that_cannot_begin_is_reported_as_failed(qapp, tmp_path, library):
    """Ensure a PDF path in a missing folder gives reason failed instead of a silent blank."""
    from kiosk.printing import PrintTarget, print_sheet

    sheet = build_sheet(library, QuestionPicks(ids=TWELVE[:3]), Settings(), dt.date.today())
    result = print_sheet(sheet, PrintTarget(pdf=tmp_path / "missing" / "sheet.pdf"))
    assert (result.ok, result.reason) == (False, "failed")


@pytest.mark.parametrize(("paper", "ratio"), [("letter", 11 / 8.5), ("a4", 297 / 210)])
def test_the_preview_has_one_image_per_page_shaped_like_the_paper(qapp, library, paper, ratio):
    """Ensure render_sheet_images gives one image per printed page with the paper's aspect ratio."""
    from kiosk.printing import render_sheet_images, sheet_pages

    for count in (3, 14):
        ids = [*TWELVE, "safe-worse", "safe-pregnancy"][:count]
        sheet = build_sheet(library, QuestionPicks(ids=ids), Settings(paper_size=paper),
                            dt.date.today())
        images = render_sheet_images(sheet, 600)
        assert len(images) == sheet_pages(sheet) == (1 if count <= 12 else 2)
        for image in images:
            assert image.width() == 600
            assert image.height() / image.width() == pytest.approx(ratio, abs=0.005)


def test_the_printed_sheet_groups_questions_by_who_to_ask(qapp, tmp_path, library):
    """Ensure picks for the doctor, the acupuncturist and the insurer print under those headings,
    doctor first, each group in pick order, with the numbers running on."""
    bank = library.questions
    by_who = {}
    for question in bank.questions:
        by_who.setdefault(question.who, []).append(question.id)
    picks = [by_who["insurer"][0], by_who["acupuncturist"][0], by_who["doctor"][0],
             by_who["acupuncturist"][1], by_who["doctor"][1]]
    out = tmp_path / "sheet.pdf"
    assert main(["print", "questions", "--pick", ",".join(picks), "-o", str(out)]) == 0
    (text,) = _pdf_pages(out)
    headings = [library.strings(f"who_{who}") for who in ("doctor", "acupuncturist", "insurer")]
    places = [text.find(_flat(h)) for h in headings]
    assert -1 not in places and places == sorted(places), places
    order = [by_who["doctor"][0], by_who["doctor"][1], by_who["acupuncturist"][0],
             by_who["acupuncturist"][1], by_who["insurer"][0]]
    found = [text.find(_flat(bank.get(i).text)) for i in order]
    assert -1 not in found and found == sorted(found)
    assert places[1] < found[2] and found[1] < places[1]  # a heading opens its own group
    assert f"5. {_flat(bank.get(order[-1]).text)}" in text
