"""The printed visit sheet as plain data: every word in the patient's language, and the clinic's
language beside it when the patient chose the bilingual sheet. No Qt; nothing is scored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kiosk import __version__
from kiosk.core.config import PAPER_SIZES, Settings
from kiosk.core.content import QuestionBank
from kiosk.core.pages import format_date
from kiosk.core.questions import QuestionPicks, clinic_logo
from kiosk.core.visit import (
    SCALE_IDS,
    SCALE_MAX,
    TREATMENT_IDS,
    WHO_IDS,
    VisitAnswers,
    VisitWording,
    who_of,
)

Pair = tuple[str, str]  # (the patient's language, the clinic's language or "" when not shown)


@dataclass(frozen=True)
class Scale:
    """One 0-10 answer: the chosen value (None: skipped) and the words at each end."""

    value: int | None
    value_text: Pair
    low: Pair  # "0 = No pain"
    high: Pair  # "10 = As bad as I can imagine"


@dataclass(frozen=True)
class Row:
    """One line of the answers table: what was asked, and the answers (or a scale)."""

    label: Pair
    values: tuple[Pair, ...] = ()
    scale: Scale | None = None


@dataclass(frozen=True)
class QuestionGroup:
    heading: Pair
    questions: tuple[Pair, ...]


@dataclass(frozen=True)
class VisitSheet:
    """Everything the printed visit sheet shows."""

    title: Pair
    clinic: str
    logo: Path | None
    date_text: str
    intro: Pair
    marked: tuple[str, ...]  # region ids, drawn shaded on the outline
    front: Pair
    back: Pair
    your_left: Pair
    your_right: Pair
    marked_key: Pair
    rows: tuple[Row, ...]
    goals_write: Pair
    questions_title: Pair
    groups: tuple[QuestionGroup, ...]
    notes_title: Pair
    blank: str
    footer: str
    continued: str
    page_label: str  # a template with {page} and {total}
    paper: str
    bilingual: bool


def build_visit_sheet(answers: VisitAnswers, picks: QuestionPicks, wording: VisitWording,
                      bank: QuestionBank, settings: Settings, assets: Path, today: date,
                      clinic_wording: VisitWording | None = None,
                      clinic_bank: QuestionBank | None = None) -> VisitSheet:
    """The sheet for these answers; pass the clinic's wording and bank for the bilingual sheet."""
    bilingual = clinic_wording is not None and clinic_wording.lang != wording.lang

    def pair(key: str, **fields: object) -> Pair:
        other = clinic_wording(key, **fields) if bilingual and clinic_wording else ""
        return wording(key, **fields), other

    def label(key: str, **fields: object) -> Pair:
        return pair(f"labels.{key}", **fields)

    def joined(first: Pair, second: Pair, sep: str = ": ") -> Pair:
        return f"{first[0]}{sep}{second[0]}", f"{first[1]}{sep}{second[1]}" if bilingual else ""

    rows = [Row(label("sheet_where"), tuple(pair(f"regions.{r}") for r in answers.regions))]
    for scale in SCALE_IDS:
        value = answers.scales.get(scale)
        low, high = pair(f"scales.{scale}.low"), pair(f"scales.{scale}.high")
        rows.append(Row(pair(f"scales.{scale}.short"), scale=Scale(
            value, label("sheet_value", value=value) if value is not None else ("", ""),
            joined(("0", "0"), low, " = "), joined((str(SCALE_MAX), str(SCALE_MAX)), high, " = "))))
    rows.append(Row(label("sheet_how_long"),
                    (pair(f"durations.{answers.duration}"),) if answers.duration else ()))
    rows.append(Row(label("sheet_affects"), tuple(pair(f"effects.{e}") for e in answers.effects)))
    tried = [t for t in TREATMENT_IDS if t in answers.tried]  # in the list's order
    rows.append(Row(label("sheet_tried"), tuple(
        joined(pair(f"treatments.{t}"), pair(f"outcomes.{answers.tried[t]}")) for t in tried)))
    rows.append(Row(label("sheet_goals"), tuple(pair(f"goals.{g}") for g in answers.goals)))

    groups: dict[str, list[Pair]] = {who: [] for who in WHO_IDS}
    for question_id in picks.ids:
        question = bank.get(question_id)
        if question is None:
            continue
        other = clinic_bank.get(question_id) if bilingual and clinic_bank else None
        groups[who_of(question)].append(
            (question.text, other.text if other is not None else ""))
    question_groups = [QuestionGroup(pair(f"who.{who}"), tuple(qs))
                       for who, qs in groups.items() if qs]
    if picks.own:
        question_groups.append(QuestionGroup(label("sheet_own_questions"),
                                             tuple((text, "") for text in picks.own)))
    return VisitSheet(
        title=label("sheet_title"),
        clinic=settings.clinic_name.strip() or wording.label("title"),
        logo=clinic_logo(settings, assets),
        date_text=format_date(today, wording.lang),
        intro=label("sheet_intro"),
        marked=tuple(answers.regions),
        front=label("front"),
        back=label("back_view"),
        your_left=label("your_left"),
        your_right=label("your_right"),
        marked_key=label("sheet_marked_key"),
        rows=tuple(rows),
        goals_write=label("sheet_goals_write"),
        questions_title=label("sheet_questions"),
        groups=tuple(question_groups),
        notes_title=label("sheet_notes"),
        blank=wording.label("sheet_blank"),
        footer=f"{wording.label('sheet_footer')} kiosk {__version__}",
        continued=wording.label("sheet_continued"),
        page_label=wording.label("sheet_page", page="{page}", total="{total}"),
        paper=settings.paper_size if settings.paper_size in PAPER_SIZES else "letter",
        bilingual=bilingual,
    )
