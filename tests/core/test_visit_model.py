"""The visit answers model, the body outline's regions, and visit.yaml checked between languages."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from kiosk.core.body import REGION_IDS, REGION_SHAPES, region_at
from kiosk.core.config import Settings
from kiosk.core.questions import QuestionPicks
from kiosk.core.validate import check_content
from kiosk.core.visit import VisitAnswers, VisitPacks, required_ids
from kiosk.core.visit_sheet import build_visit_sheet

REPO = Path(__file__).resolve().parents[2]


def test_answers_toggle_and_clear_and_refuse_a_fourth_goal():
    """Ensure each answer toggles, bad ids are ignored, goals stop at three and clear empties."""
    answers = VisitAnswers()
    assert answers.toggle_region("neck") and not answers.toggle_region("tail")
    answers.set_scale("worst", 9)
    answers.set_scale("worst", 11)
    answers.set_duration("years_1_to_5")
    answers.set_outcome("massage", "helped")
    for goal in ("sleep_better", "travel", "hobbies"):
        assert answers.toggle_goal(goal)
    assert not answers.toggle_goal("walk_further") and len(answers.goals) == 3
    assert answers.scales == {"worst": 9} and answers.tried == {"massage": "helped"}
    answers.set_outcome("massage", "helped")
    assert answers.tried == {}
    answers.bilingual = False
    answers.clear()
    assert answers.is_empty() and answers.bilingual


def test_about_twenty_regions_each_found_under_its_own_middle():
    """Ensure every region is drawn and a tap at its middle finds that region, in each view."""
    assert len(REGION_IDS) == 21
    for region, shapes in REGION_SHAPES.items():
        for shape in shapes:
            assert region_at(shape.view, *shape.centre()) == region
    assert region_at("front", 2, 2) is None
    assert region_at("front", 22.8, 148, reach=9) == "hand_right"  # just under the hand


def test_left_and_right_are_the_patients_own():
    """Ensure the patient's left is on the viewer's right from the front, left from the back."""
    front = next(s for s in REGION_SHAPES["hand_left"] if s.view == "front")
    back = next(s for s in REGION_SHAPES["hand_left"] if s.view == "back")
    assert front.centre()[0] > 50 > back.centre()[0]


def test_every_wording_id_is_in_both_bundled_packs():
    """Ensure en and es visit.yaml hold every id the app looks up, and nothing more."""
    packs = VisitPacks(REPO / "content")
    for lang in ("en", "es"):
        wording = packs.wording(lang)
        assert set(wording.values) == set(required_ids())
    assert packs.problems == []


def test_check_names_a_missing_and_an_extra_id_with_file_and_line(tmp_path):
    """Ensure kiosk check reports an id missing from or extra in a translation at file:line."""
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    path = root / "es" / "visit.yaml"
    lines = path.read_text().splitlines()
    lines = [line for line in lines if not line.startswith("  neck:")]
    where = lines.index("goals:")
    lines.insert(where + 1, "  dance_again: Volver a bailar")
    path.write_text("\n".join(lines) + "\n")
    report = check_content(root, REPO / "assets", dt.date(2026, 12, 1))
    messages = [str(p) for p in report.problems]
    regions_line = lines.index("regions:") + 1
    assert any(m.endswith(f"visit.yaml:{regions_line}: 'regions.neck' is missing; add its wording")
               for m in messages), messages
    assert any(f"visit.yaml:{where + 2}: 'goals.dance_again' is not in en/visit.yaml" in m
               for m in messages), messages


def test_the_sheet_groups_questions_by_who_and_never_scores():
    """Ensure questions group under who to ask (doctor by default) and no total is made."""
    packs = VisitPacks(REPO / "content")
    bank = packs.questions("en")
    answers = VisitAnswers(scales={"average": 4, "worst": 9, "daily_life": 7})
    picks = QuestionPicks(ids=bank.ids()[:2], own=["Can I swim?"])
    sheet = build_visit_sheet(answers, picks, packs.wording("en"), bank, Settings(),
                              REPO / "assets", dt.date(2026, 12, 1))
    assert [g.heading[0] for g in sheet.groups] == ["For my doctor", "Questions I wrote"]
    values = [r.scale.value_text[0] for r in sheet.rows if r.scale is not None]
    assert values == ["4 of 10", "9 of 10", "7 of 10"]
    assert not sheet.bilingual and all(not r.label[1] for r in sheet.rows)
