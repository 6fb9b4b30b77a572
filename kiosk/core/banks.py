"""Loading a pack's question bank, glossary and UI strings (questions.yaml, glossary.yaml,
strings.yaml), every problem collected with its file and line, the clinic's numbers filled in.
"""

from __future__ import annotations

import functools
from pathlib import Path

from kiosk.core import limits
from kiosk.core.models import ASK_WHO, Glossary, Question, QuestionBank, Strings, Term, Topic
from kiosk.core.placeholders import US_NUMBERS, ClinicNumbers, fill, unknown_message
from kiosk.core.problems import Problem
from kiosk.core.yaml_lines import LineDict, load_yaml, read_content_text, read_yaml_file


def filled(
    text: str, numbers: ClinicNumbers, path: Path, line: int, problems: list[Problem]
) -> str:
    """The text with its placeholders filled; an unknown one is reported at this file:line."""
    result, unknown = fill(text, numbers)
    problems.extend(Problem(path, line, unknown_message(name, numbers)) for name in unknown)
    return result


def load_questions(
    path: Path, problems: list[Problem], numbers: ClinicNumbers = US_NUMBERS
) -> QuestionBank:
    """Load questions.yaml: topics in order, then questions with id, topic, who and text."""
    data = read_yaml_file(path, problems)
    if data is None:
        return QuestionBank(path)
    if not isinstance(data, LineDict):
        problems.append(Problem(path, 1, "questions.yaml must have 'topics:' and 'questions:'"))
        return QuestionBank(path)
    topics: list[Topic] = []
    for item in _at_most(data, "topics", limits.MAX_TOPICS, path, problems):
        if not (isinstance(item, LineDict) and isinstance(item.get("id"), str)
                and isinstance(item.get("title"), str)):
            problems.append(Problem(path, getattr(item, "line", data.line_of("topics")),
                                    "each topic needs an 'id' and a 'title'"))
            continue
        topics.append(Topic(item["id"], filled(item["title"], numbers, path, item.line_of(
            "title"), problems)))
    if not topics:
        problems.append(Problem(path, data.line_of("topics"), "no topics: add a 'topics:' list"))
    topic_ids = {t.id for t in topics}
    questions: list[Question] = []
    seen: set[str] = set()
    for item in _at_most(data, "questions", limits.MAX_QUESTIONS, path, problems):
        line = getattr(item, "line", data.line_of("questions"))
        if not (isinstance(item, LineDict) and all(
                isinstance(item.get(k), str) and item.get(k).strip()
                for k in ("id", "topic", "text"))):
            problems.append(Problem(path, line, "each question needs 'id', 'topic' and 'text'"))
            continue
        if item["id"] in seen:
            problems.append(Problem(path, line, f"question id '{item['id']}' is used twice"))
            continue
        if item["topic"] not in topic_ids:
            problems.append(Problem(
                path, item.line_of("topic"), f"unknown topic '{item['topic']}'; "
                f"topics are: {', '.join(sorted(topic_ids))}"))
            continue
        seen.add(item["id"])
        who = item.get("who")
        if who is None:
            problems.append(Problem(
                path, line, f"question '{item['id']}' has no 'who': add who: "
                f"{' | '.join(ASK_WHO)} (who the patient should ask)"))
            who = ""
        elif who not in ASK_WHO:
            problems.append(Problem(
                path, item.line_of("who"), f"question '{item['id']}' has who: {who!r}; "
                f"use one of: {', '.join(ASK_WHO)}"))
            who = ""
        text = filled(item["text"].strip(), numbers, path, item.line_of("text"), problems)
        questions.append(Question(item["id"], item["topic"], text, line, who))
    return QuestionBank(path, tuple(topics), tuple(questions))


def _at_most(data: LineDict, key: str, most: int, path: Path, problems: list[Problem]) -> list:
    """The first `most` items of a list in a .yaml file; more is reported at the list's line."""
    items = data.get(key) or []
    if not isinstance(items, list):
        return []
    if len(items) > most:
        problems.append(Problem(path, data.line_of(key), f"{len(items)} {key}; at most {most} "
                                f"are used (the first {most}): the rest are left out"))
    return items[:most]


def load_glossary(
    path: Path, problems: list[Problem], numbers: ClinicNumbers = US_NUMBERS
) -> Glossary:
    """Load glossary.yaml: term id -> term, forms that link to it, and a short definition."""
    data = read_yaml_file(path, problems)
    if not isinstance(data, LineDict):
        if data is not None:
            problems.append(Problem(path, 1, "glossary.yaml must map term ids to terms"))
        return Glossary(path)
    terms: dict[str, Term] = {}
    if len(data) > limits.MAX_TERMS:
        problems.append(Problem(path, 1, f"{len(data)} terms; a glossary may have at most "
                                f"{limits.MAX_TERMS}: the first {limits.MAX_TERMS} are used"))
    for term_id, item in list(data.items())[: limits.MAX_TERMS]:
        line = data.line_of(term_id)
        if not (isinstance(item, dict) and isinstance(item.get("term"), str)
                and isinstance(item.get("definition"), str)):
            problems.append(Problem(
                path, line, f"term '{term_id}' needs a 'term' and a 'definition'"))
            continue
        forms = item.get("forms") or [item["term"]]
        if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms):
            problems.append(Problem(path, line, f"'forms' of '{term_id}' must be a list of words"))
            forms = [item["term"]]
        definition = filled(" ".join(item["definition"].split()), numbers, path,
                             item.line_of("definition"), problems)
        terms[str(term_id)] = Term(str(term_id), item["term"], tuple(forms), definition, line)
    return Glossary(path, terms)


def load_strings(
    path: Path, problems: list[Problem], fallback: Strings | None,
    numbers: ClinicNumbers = US_NUMBERS,
) -> Strings:
    """Load strings.yaml, a flat map of UI string keys to text, placeholders filled."""
    text = read_content_text(path, problems)
    if text is None:
        return Strings(path, {}, fallback)
    values, found = _strings_read(path, text, numbers)
    problems.extend(found)
    return Strings(path, dict(values), fallback)


# What each strings.yaml text gave (values, problems), so one text is parsed once: the app reads
# the English strings three times as it starts (behind every pack, for the language list, as
# the pack's own). Keyed by the text itself, so an edited file is always read afresh; the least
# recently used go first, so a nurse saving a file all day in the live preview keeps only a few.
@functools.lru_cache(maxsize=8)
def _strings_read(path: Path, text: str, numbers: ClinicNumbers
                  ) -> tuple[dict[str, str], tuple[Problem, ...]]:
    found: list[Problem] = []
    return _string_values(text, path, found, numbers), tuple(found)


def _string_values(text: str, path: Path, problems: list[Problem],
                   numbers: ClinicNumbers) -> dict[str, str]:
    data = load_yaml(text, path, problems)
    if not isinstance(data, LineDict):
        if data is not None:
            problems.append(Problem(path, 1, "strings.yaml must be 'key: text' lines"))
        return {}
    values: dict[str, str] = {}
    for key, value in data.items():
        if not isinstance(value, str):
            problems.append(Problem(path, data.line_of(key), f"string '{key}' must be text"))
            continue
        values[str(key)] = filled(value, numbers, path, data.line_of(key), problems)
    return values
