"""Content limits: deep nesting, huge files, too many guides or pages are refused alone, with file:line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk.core import limits
from kiosk.core.content import load_library, nesting_depth
from kiosk.core.validate import check_content

TODAY = dt.date(2026, 6, 1)


def _body(path: Path, body: str) -> None:
    text = path.read_text()
    path.write_text(text[: text.index("## ")] + body)


def test_nesting_depth_counts_quotes_list_markers_and_indentation():
    """Ensure depth counts '>' marks, list markers and four-column indents (tabs too)."""
    assert nesting_depth("plain text") == 0
    assert nesting_depth("- item") == 1
    assert nesting_depth("        - item") == 3
    assert nesting_depth("\t\t- item") == 3
    assert nesting_depth(">>> - 1. deep") == 5
    assert nesting_depth("> > > quote") == 3


def test_a_list_nested_300_deep_is_refused_alone_with_its_line_and_others_still_load(pack, assets):
    """Ensure a 300-deep list refuses its guide with a file:line message; the rest still load."""
    path = pack / "guides" / "02-beta.md"
    _body(path, "## Deep\n\n" + "".join("    " * n + "- level\n" for n in range(300)))
    library, problems = load_library(pack, assets, today=TODAY)
    assert [g.slug for g in library.guides] == ["alpha", "gamma"]
    deep = [p for p in problems if p.path == path and "nest more than 8" in p.message]
    assert len(deep) == 1 and deep[0].line == 14 + 2 + limits.MAX_NESTING


def test_check_on_a_5000_deep_quote_exits_with_a_message_not_a_recursion_error(pack, assets):
    """Ensure `kiosk check` reports a 5,000-deep quote as a problem (no RecursionError)."""
    _body(pack / "guides" / "01-alpha.md", "## Deep\n\n" + ">" * 5000 + " x\n")
    report = check_content(pack.parent, assets, TODAY)
    assert any("nest more than 8" in p.message for p in report.problems)


def test_a_guide_over_1_mb_is_refused_before_it_is_read(pack, assets):
    """Ensure a guide over the size limit is refused with its size; the other guides load."""
    path = pack / "guides" / "03-gamma.md"
    _body(path, "## Huge\n\n" + "Pain is real. " * 80_000)
    library, problems = load_library(pack, assets, today=TODAY)
    assert "gamma" not in [g.slug for g in library.guides]
    assert any(p.path == path and p.line == 1 and "at most 1,000,000 bytes" in p.message
               for p in problems)


def test_a_yaml_file_nested_too_deep_is_refused_with_its_line(pack, assets):
    """Ensure a glossary nested 5,000 deep is a file:line problem, not a crash."""
    (pack / "glossary.yaml").write_text("placebo:\n  term: " + "[" * 5000 + "]" * 5000 + "\n")
    library, problems = load_library(pack, assets, today=TODAY)
    deep = [p for p in problems if p.path.name == "glossary.yaml"]
    assert deep and deep[0].line == 2 and "nest more than" in deep[0].message
    assert len(library.guides) == 3


def test_more_than_200_guides_load_the_first_200_and_say_so(pack, assets):
    """Ensure a pack of 205 guides loads 200 and names the guides folder with the limit."""
    template = (pack / "guides" / "01-alpha.md").read_text()
    for number in range(4, 206):
        text = template.replace("order: 1", f"order: {number}").replace("(guide:beta)", "(#x)")
        (pack / "guides" / f"{number:03d}-g{number}.md").write_text(text)
    library, problems = load_library(pack, assets, today=TODAY)
    assert len(library.guides) == limits.MAX_GUIDES
    assert any(p.path.name == "guides" and "at most 200" in p.message for p in problems)


def test_a_guide_with_more_than_40_pages_is_refused_at_the_41st_heading(pack, assets):
    """Ensure a 60-page guide is refused with the line of its 41st page heading."""
    path = pack / "guides" / "02-beta.md"
    _body(path, "".join(f"## Page {n}\n\nText {n}.\n\n" for n in range(60)))
    library, problems = load_library(pack, assets, today=TODAY)
    assert "beta" not in [g.slug for g in library.guides]
    assert any(p.path == path and p.line == 14 + 4 * 40 and "at most 40" in p.message
               for p in problems)


def test_docs_config_md_gives_every_limit_with_the_value_the_code_uses():
    """Ensure the Limits table in docs/config.md matches kiosk/core/limits.py."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "config.md").read_text()
    section = text[text.index("## Limits"):text.index("## The admin PIN")]
    for shown in (f"{limits.MAX_SETTINGS_BYTES:,} bytes", f"| {limits.MAX_TOML_DEPTH} deep |",
                  f"| {limits.MAX_SETTING_TEXT_CHARS} characters |",
                  f"| {limits.MAX_CONTENT_FILE_BYTES:,} bytes |", f"| {limits.MAX_GUIDES} |",
                  f"| {limits.MAX_PAGES} |", f"| {limits.MAX_NESTING} deep |",
                  f"| {limits.MAX_YAML_DEPTH} deep |", f"| {limits.MAX_TITLE_CHARS} characters |",
                  f"| {limits.MAX_SCRYPT_MEMORY // 2**20} MiB |",
                  f"| {limits.MAX_PAGE_CHARS:,} characters, {limits.MAX_PAGE_LINES} lines |",
                  f"page | {limits.MAX_MARKS_PER_PAGE} |",
                  f"| {limits.MAX_QUESTIONS}, {limits.MAX_TOPICS}, {limits.MAX_TERMS} |"):
        assert shown in section, shown


def test_a_page_markdown_cannot_lay_out_quickly_refuses_its_guide_at_the_heading(pack, assets):
    """Ensure 5,000 '*' in a row, 20,000 headings or 5,000 '[' refuse the guide, never a crash."""
    bodies = {"01-alpha.md": "*" * 5000 + "x" + "*" * 5000,
              "02-beta.md": "### h\n" * 20_000,
              "03-gamma.md": "[" * 5000 + "x" + "](y)" * 5000}
    for name, body in bodies.items():
        _body(pack / "guides" / name, "## Fine\n\nA page.\n\n## Hostile\n\n" + body + "\n")
    library, problems = load_library(pack, assets, today=TODAY)
    assert library.guides == ()
    found = {p.path.name: p for p in problems if "split it into more pages" in p.message}
    assert set(found) == set(bodies)
    assert all(p.line == 18 and "page 'Hostile'" in p.message for p in found.values())
    assert "'*' characters" in found["01-alpha.md"].message
    assert "lines" in found["02-beta.md"].message or "characters" in found["02-beta.md"].message


def test_a_bank_of_5000_questions_keeps_the_first_200_and_says_where(pack, assets):
    """Ensure 5,000 questions load as 200 (the screen stays quick) with the list's line named."""
    bank = pack / "questions.yaml"
    bank.write_text(bank.read_text() + "".join(
        f"  - id: extra-{n}\n    topic: mine\n    text: Extra question {n}?\n" for n in range(5000)))
    library, problems = load_library(pack, assets, today=TODAY)
    assert len(library.questions.questions) == limits.MAX_QUESTIONS
    assert any(p.path == bank and p.line == 4 and "at most 200" in p.message for p in problems)


def test_a_glossary_of_1000_terms_keeps_the_first_300(pack, assets):
    """Ensure a glossary over the limit is cut to its first 300 terms, with a message."""
    glossary = pack / "glossary.yaml"
    glossary.write_text(glossary.read_text() + "".join(
        f"t{n}:\n  term: word{n}\n  definition: A word.\n" for n in range(1000)))
    library, problems = load_library(pack, assets, today=TODAY)
    assert len(library.glossary.terms) == limits.MAX_TERMS
    assert any(p.path == glossary and "at most 300" in p.message for p in problems)
