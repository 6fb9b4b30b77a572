"""The visit answers (memory only) and their wording from the pack's visit.yaml, checked by id.

The items (regions, scales, choices, goals) are fixed here by id; every word a patient or a
doctor reads comes from content/<lang>/visit.yaml. Nothing here totals, scores or interprets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from kiosk.core.body import REGION_IDS
from kiosk.core.problems import Problem
from kiosk.core.yaml_lines import LineDict, read_yaml_file

SCALE_IDS = ("average", "worst", "daily_life")
SCALE_MAX = 10
DURATION_IDS = ("months_under_3", "months_3_to_12", "years_1_to_5", "years_over_5")
EFFECT_IDS = ("sleep", "work", "mood", "moving", "family_social", "hobbies")
TREATMENT_IDS = ("medicines", "physio_exercise", "acupuncture", "heat_ice", "massage",
                 "talking_therapy", "injections", "other")
OUTCOME_IDS = ("helped", "not_helped", "not_sure")
GOAL_IDS = ("sleep_better", "walk_further", "back_to_work", "play_with_family", "home_tasks",
            "hobbies", "less_medicine", "feel_calmer", "travel")
MAX_GOALS = 3
WHO_IDS = ("doctor", "acupuncturist", "pharmacist", "insurer")
STEP_IDS = ("where", "how_much", "how_long", "affects", "tried", "goals", "questions")
SCALE_PARTS = ("question", "short", "low", "high")
STEP_PARTS = ("title", "hint")
# Words for screens and the printed sheet (the key under 'labels:'), in the order of the file.
LABEL_IDS = (
    "home_button", "home_hint", "home_button_name", "questions_button", "offer_title", "offer_button",
    "title", "intro", "step", "back", "back_name", "next", "next_name", "front", "back_view",
    "your_left", "your_right", "region_marked_name", "region_unmarked_name", "regions_marked", "region_names",
    "regions_none", "scale_button_name", "choice_name", "outcome_name", "goals_count",
    "goals_full", "questions_none", "questions_change", "preview", "print", "bilingual",
    "bilingual_name", "printed", "print_failed", "no_printer", "preview_title", "preview_back",
    "sheet_title", "sheet_intro", "sheet_where", "sheet_how_much", "sheet_value",
    "sheet_how_long", "sheet_affects", "sheet_tried", "sheet_goals", "sheet_goals_write",
    "sheet_questions", "sheet_own_questions", "sheet_notes", "sheet_blank", "sheet_footer",
    "sheet_page", "sheet_continued", "sheet_marked_key",
)
FIELD = re.compile(r"{(\w+)}")


def required_ids() -> list[str]:
    """Every id the app looks up in visit.yaml, as dotted paths like 'regions.head'."""
    ids = [f"steps.{s}.{p}" for s in STEP_IDS for p in STEP_PARTS]
    ids += [f"regions.{r}" for r in REGION_IDS]
    ids += [f"scales.{s}.{p}" for s in SCALE_IDS for p in SCALE_PARTS]
    for section, keys in (("durations", DURATION_IDS), ("effects", EFFECT_IDS),
                          ("treatments", TREATMENT_IDS), ("outcomes", OUTCOME_IDS),
                          ("goals", GOAL_IDS), ("who", WHO_IDS), ("labels", LABEL_IDS)):
        ids += [f"{section}.{k}" for k in keys]
    return ids


def who_of(question: object) -> str:
    """Who to ask a bank question (doctor when the pack does not say: the field came later)."""
    who = getattr(question, "who", "doctor")
    return who if who in WHO_IDS else "doctor"


# --- the patient's answers ----------------------------------------------------------------------

@dataclass
class VisitAnswers:
    """What the patient chose for their visit sheet; every part may stay empty (skipped)."""

    regions: list[str] = field(default_factory=list)  # in the order marked
    scales: dict[str, int] = field(default_factory=dict)
    duration: str = ""
    effects: list[str] = field(default_factory=list)
    tried: dict[str, str] = field(default_factory=dict)  # treatment id -> outcome id
    goals: list[str] = field(default_factory=list)
    bilingual: bool = True  # when the languages differ: the clinic's words beside the patient's

    def toggle_region(self, region: str) -> bool:
        """Mark a region, or clear it if marked; return True if it is now marked."""
        return _toggle(self.regions, region, REGION_IDS)

    def set_scale(self, scale: str, value: int) -> None:
        """Choose a value (0-10); choosing the same value again clears it."""
        if scale not in SCALE_IDS or not 0 <= value <= SCALE_MAX:
            return
        if self.scales.get(scale) == value:
            del self.scales[scale]
        else:
            self.scales[scale] = value

    def set_duration(self, duration: str) -> None:
        if duration in DURATION_IDS:
            self.duration = "" if self.duration == duration else duration

    def toggle_effect(self, effect: str) -> bool:
        return _toggle(self.effects, effect, EFFECT_IDS)

    def set_outcome(self, treatment: str, outcome: str) -> None:
        """Say how a treatment went; the same answer again takes the treatment off."""
        if treatment not in TREATMENT_IDS or outcome not in OUTCOME_IDS:
            return
        if self.tried.get(treatment) == outcome:
            del self.tried[treatment]
        else:
            self.tried[treatment] = outcome

    def toggle_goal(self, goal: str) -> bool:
        """Pick or unpick a goal; a fourth goal is refused (return False, nothing changes)."""
        if goal not in self.goals and len(self.goals) >= MAX_GOALS:
            return False
        return _toggle(self.goals, goal, GOAL_IDS)

    def clear(self) -> None:
        self.regions.clear()
        self.scales.clear()
        self.duration = ""
        self.effects.clear()
        self.tried.clear()
        self.goals.clear()
        self.bilingual = True

    def filled_parts(self) -> list[str]:
        """The names of the parts that hold an answer (empty after a reset)."""
        parts = {"regions": self.regions, "scales": self.scales, "duration": self.duration,
                 "effects": self.effects, "tried": self.tried, "goals": self.goals,
                 "bilingual choice": not self.bilingual}
        return [name for name, value in parts.items() if value]

    def is_empty(self) -> bool:
        return not self.filled_parts()


def _toggle(items: list[str], item: str, allowed: tuple[str, ...]) -> bool:
    if item in items:
        items.remove(item)
        return False
    if item not in allowed:
        return False
    items.append(item)
    return True


# --- the wording --------------------------------------------------------------------------------

@dataclass(frozen=True)
class VisitWording:
    """visit.yaml of one pack, flattened to dotted ids; missing ids fall back (to English)."""

    path: Path
    lang: str
    values: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    fallback: VisitWording | None = None

    def __call__(self, key: str, **fields: object) -> str:
        text = self.values.get(key)
        if text is None:
            return self.fallback(key, **fields) if self.fallback is not None else key
        return text.format(**fields) if fields else text

    def label(self, key: str, **fields: object) -> str:
        return self(f"labels.{key}", **fields)


def load_visit_wording(pack_dir: Path, problems: list[Problem],
                       fallback: VisitWording | None = None) -> VisitWording:
    """Load <pack>/visit.yaml; report bad entries and missing ids (file:line)."""
    path = pack_dir / "visit.yaml"
    data = read_yaml_file(path, problems)
    values: dict[str, str] = {}
    lines: dict[str, int] = {}
    if data is not None and not isinstance(data, LineDict):
        problems.append(Problem(path, 1, "visit.yaml must be sections of 'id: text' lines"))
    elif data is not None:
        _flatten(data, "", values, lines, path, problems)
        for key in required_ids():
            if key not in values:
                problems.append(Problem(path, _section_line(key, lines),
                                        f"'{key}' is missing; add its wording"))
    return VisitWording(path, pack_dir.name, values, lines, fallback)


def _flatten(data: LineDict, prefix: str, values: dict[str, str], lines: dict[str, int],
             path: Path, problems: list[Problem]) -> None:
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        line = data.line_of(str(key))
        lines[dotted] = line
        if isinstance(value, LineDict):
            _flatten(value, dotted + ".", values, lines, path, problems)
        elif isinstance(value, str) and value.strip():
            values[dotted] = " ".join(value.split())
        else:
            problems.append(Problem(path, line, f"'{dotted}' must be text"))


def _section_line(key: str, lines: dict[str, int]) -> int:
    """The line of the nearest section that exists, where a missing id belongs."""
    parts = key.split(".")
    for size in range(len(parts) - 1, 0, -1):
        line = lines.get(".".join(parts[:size]))
        if line:
            return line
    return 1


def compare_visit_wording(reference: VisitWording, other: VisitWording) -> list[Problem]:
    """Ids one language has and the other lacks, and {fields} that differ, at file:line."""
    problems: list[Problem] = []
    for key in sorted(reference.values.keys() - other.values.keys()):
        problems.append(Problem(
            other.path, _section_line(key, other.lines),
            f"'{key}' is missing ({_short(reference.path)}:{reference.lines.get(key, 1)} has "
            "it); translate it"))
    for key in sorted(other.values.keys() - reference.values.keys()):
        problems.append(Problem(
            other.path, other.lines.get(key, 1),
            f"'{key}' is not in {_short(reference.path)}; remove it or fix its id"))
    for key in sorted(reference.values.keys() & other.values.keys()):
        want = set(FIELD.findall(reference.values[key]))
        if set(FIELD.findall(other.values[key])) != want:
            problems.append(Problem(
                other.path, other.lines.get(key, 1), f"'{key}' must use the fields "
                f"{', '.join('{' + f + '}' for f in sorted(want)) or '(none)'}"))
    return problems


def _short(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def visit_texts(answers: VisitAnswers, wording: VisitWording) -> list[str]:
    """The words of what the patient chose (for the log redactor): regions, duration, effects,
    treatments tried and goals. Scale numbers stay: removing digits would wreck every log line."""
    keys = [f"regions.{r}" for r in answers.regions]
    keys += [f"durations.{answers.duration}"] if answers.duration else []
    keys += [f"effects.{e}" for e in answers.effects]
    keys += [f"treatments.{t}" for t in answers.tried]
    keys += [f"goals.{g}" for g in answers.goals]
    return [wording(k) for k in keys]


class VisitPacks:
    """The visit wording and question banks of every language pack, loaded once each: from the
    content folder, or from an installed content pack's index (`use_pack`)."""

    def __init__(self, content_root: Path) -> None:
        self.content_root = content_root
        self.pack = None  # an installed kiosk.core.pack.PackContent, when the app runs from one
        self._wording: dict[str, VisitWording] = {}
        self._banks: dict[str, object] = {}
        self._names: dict[str, str] = {}
        self.problems: list[Problem] = []

    def use_pack(self, pack) -> None:
        """Read from this installed pack from now on (None: the content folder)."""
        self.pack = pack
        self.forget()

    def wording(self, lang: str) -> VisitWording:
        if lang not in self._wording:
            fallback = self.wording("en") if lang != "en" else None
            if self.pack is not None:
                found = self.pack.visit_wording(lang)
                if found is None:
                    return fallback or VisitWording(Path("visit.yaml"), lang)
                self._wording[lang] = replace(found, fallback=fallback)
                return self._wording[lang]
            pack = self.content_root / lang
            if not pack.is_dir():
                return fallback or VisitWording(pack / "visit.yaml", lang)
            self._wording[lang] = load_visit_wording(pack, self.problems, fallback)
        return self._wording[lang]

    def questions(self, lang: str):
        """The question bank of a pack (kiosk.core.content.QuestionBank)."""
        from kiosk.core.content import load_questions

        if lang not in self._banks:
            if self.pack is not None:
                self._banks[lang] = self.pack.library(lang).questions
            else:
                self._banks[lang] = load_questions(self.content_root / lang / "questions.yaml",
                                                   self.problems)
        return self._banks[lang]

    def language_name(self, lang: str) -> str:
        """The language's own name from its strings.yaml ('English', 'Español')."""
        from kiosk.core.content import load_strings

        if lang not in self._names:
            if self.pack is not None:
                strings = self.pack.library(lang).strings
            else:
                strings = load_strings(self.content_root / lang / "strings.yaml", [], None)
            self._names[lang] = strings.values.get("language_name", lang)
        return self._names[lang]

    def has(self, lang: str) -> bool:
        if self.pack is not None:
            return self.pack.visit_wording(lang) is not None
        return (self.content_root / lang / "visit.yaml").is_file()

    def forget(self) -> None:
        """After a content reload: read the files again next time."""
        self._wording.clear()
        self._banks.clear()
        self._names.clear()
