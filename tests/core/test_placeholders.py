"""Clinic numbers as placeholders, shared snippets ({{include NAME}}) and who a question is for."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.core.content import load_library
from kiosk.core.placeholders import ClinicNumbers, bare_numbers
from kiosk.core.validate import check_content

TODAY = dt.date(2026, 11, 21)
UK = ClinicNumbers(emergency="999", crisis="116 123")


def problems_of(pack: Path, assets: Path) -> list[str]:
    return [str(p) for p in check_content(pack.parent, assets, today=TODAY).problems]


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def add_to_second_page(path: Path, text: str) -> None:
    path.write_text(path.read_text().replace(
        '\n!!! tip "Try this"', f'\n{text}\n\n!!! tip "Try this"'))


@pytest.fixture
def snippet(pack: Path) -> Path:
    """A warning-signs snippet in the pack, with both placeholders."""
    folder = pack / "snippets"
    folder.mkdir()
    path = folder / "warning-signs.md"
    path.write_text("- Chest pain or trouble breathing: call {{emergency}}.\n"
                    "- Thoughts of harming yourself: call or text {{crisis}}.\n")
    return path


def test_placeholders_take_the_clinics_numbers_everywhere_in_the_pack(pack, assets):
    """Ensure {{emergency}} and {{crisis}} become the clinic's numbers in guide text, page titles,
    strings, questions and the glossary."""
    guide = pack / "guides" / "01-alpha.md"
    add_to_second_page(guide, "Call {{emergency}} now. Call or text {{ crisis }} any time.")
    guide.write_text(guide.read_text().replace("## Key points", "## When to call {{emergency}}"))
    strings = pack / "strings.yaml"
    strings.write_text(strings.read_text() + "\nextra_help: Call {{emergency}} or {{crisis}}.\n")
    questions = pack / "questions.yaml"
    questions.write_text(questions.read_text().replace(
        "What is causing my pain?", "When should I call {{emergency}}?"))
    glossary = pack / "glossary.yaml"
    glossary.write_text(glossary.read_text().replace(
        "A fake treatment with no active part.", "A fake treatment. Call {{crisis}} if low."))

    library, problems = load_library(pack, assets, today=TODAY, numbers=UK)
    assert problems == []
    alpha = library.guide("alpha")
    assert "Call 999 now. Call or text 116 123 any time." in alpha.pages[1].markdown
    assert alpha.pages[2].title == "When to call 999"
    assert alpha.pages[2].slug == "when-to-call-emergency"  # stable whatever the clinic's number
    assert library.strings("extra_help") == "Call 999 or 116 123."
    assert library.questions.get("q-one").text == "When should I call 999?"
    assert library.glossary.get("placebo").definition == "A fake treatment. Call 116 123 if low."
    assert "{{" not in " ".join(p.markdown for p in alpha.pages)
    us, _ = load_library(pack, assets, today=TODAY)
    assert us.strings("extra_help") == "Call 911 or 988."


def test_an_unknown_placeholder_is_reported_at_its_file_and_line(pack, assets):
    """Ensure {{ambulance}} is named with the guide's file:line and the known placeholders."""
    guide = pack / "guides" / "02-beta.md"
    add_to_second_page(guide, "Call {{ambulance}} now.")
    found = problems_of(pack, assets)
    line = line_of(guide, "{{ambulance}}")
    assert any(re.search(rf"02-beta\.md:{line}: unknown placeholder '{{{{ambulance}}}}'.*"
                         r"{{emergency}}, {{crisis}}", p) for p in found), found


@pytest.mark.parametrize("text, flagged", [
    ("Call 911 now.", ["911"]),
    ("Call 911, or go to the emergency room.", ["911"]),
    ("**Call 911**", ["911"]),
    ('!!! danger "Call 911 or go to the emergency room if you have"', ["911"]),
    ("Call or text 988 (press 2 for Spanish).", ["988"]),
    ("In the UK call 999; in Europe call 112; in Australia call 000.", ["999", "112", "000"]),
    ("Samaritans: 116 123.", ["116 123"]),
    ("About 1 in 1,000 people.", []),
    ("Over 10,000 people took part.", []),
    ("Más de 10.000 personas.", []),
    ("Unas 10 000 personas.", []),
    ("It costs $999 a year.", []),
    ("Page 911-918 of the journal.", []),
    ("1,000,000 needles", []),
    ("In 1988 and 2911 and 9110.", []),
    ("Call {{emergency}} or {{crisis}}.", []),
])
def test_bare_urgent_numbers_are_found_but_not_parts_of_other_numbers(text, flagged):
    """Ensure 911, 988, 999, 112, 000 standing alone are flagged, never 10,000 or 1 in 1,000."""
    assert [number for number, _ in bare_numbers(text)] == flagged


def test_check_fails_on_a_bare_911_in_a_guide_with_file_and_line(pack, assets, capsys, monkeypatch):
    """Ensure `kiosk check` exits 1 and says file:line: write {{emergency}} for a bare 911."""
    monkeypatch.setattr("kiosk.core.resources.assets_dir", lambda: assets)
    guide = pack / "guides" / "01-alpha.md"
    add_to_second_page(guide, "If you have chest pain, call 911 now.")
    line = line_of(guide, "call 911 now")
    code = main(["check", "--content", str(pack.parent), "--today", "2026-11-21"])
    out = capsys.readouterr().out
    assert code == 1
    assert re.search(rf"01-alpha\.md:{line}: write {{{{emergency}}}} instead of the number 911",
                     out), out


def test_check_fails_on_bare_numbers_in_snippets_and_strings(pack, assets, snippet):
    """Ensure a bare 988 in a snippet and a bare 911 in strings.yaml are named at their lines."""
    snippet.write_text(snippet.read_text() + "- Call 988 if you feel hopeless.\n")
    strings = pack / "strings.yaml"
    strings.write_text(strings.read_text() + "\nextra_help: Call 911.\n")
    found = problems_of(pack, assets)
    assert any(re.search(r"snippets/warning-signs\.md:3: write {{crisis}} instead of the "
                         r"number 988", p) for p in found), found
    line = line_of(strings, "extra_help")
    assert any(re.search(rf"strings\.yaml:{line}: write {{{{emergency}}}}", p) for p in found)


def test_an_include_puts_the_snippet_in_place_with_its_numbers(pack, assets, snippet):
    """Ensure {{include warning-signs}} is replaced by the snippet (indented inside a box too)."""
    add_to_second_page(pack / "guides" / "01-alpha.md",
                       "Get help now for:\n\n{{include warning-signs}}\n\nThat is all.")
    beta = pack / "guides" / "02-beta.md"
    beta.write_text(beta.read_text().replace(
        '!!! tip "Try this"\n    Take a short walk each day.',
        '!!! danger "Get help now"\n    {{include warning-signs}}'))
    library, problems = load_library(pack, assets, today=TODAY, numbers=UK)
    assert problems == []
    page = library.guide("alpha").pages[1].markdown
    assert ("Get help now for:\n\n- Chest pain or trouble breathing: call 999.\n"
            "- Thoughts of harming yourself: call or text 116 123.\n\nThat is all.") in page
    box = library.guide("beta").pages[1].markdown
    assert "    - Chest pain or trouble breathing: call 999.\n    - Thoughts" in box
    assert problems_of(pack, assets) == []


def test_a_missing_snippet_is_named_at_the_guide_line_and_every_guide_still_shows(pack, assets):
    """Ensure a missing snippet is reported at file:line, its page shows without it, and the
    other guides load."""
    guide = pack / "guides" / "02-beta.md"
    add_to_second_page(guide, "{{include warning-signs}}\n\nStill here.")
    library, problems = load_library(pack, assets, today=TODAY)
    line = line_of(guide, "{{include warning-signs}}")
    assert [str(p).split("content/en/")[-1] for p in problems] == [
        f"guides/02-beta.md:{line}: snippet 'warning-signs' not found: add "
        "snippets/warning-signs.md to the language pack or fix the name; the rest of the page "
        "still shows"]
    assert [g.slug for g in library.guides] == ["alpha", "beta", "gamma"]
    assert "Still here." in library.guide("beta").pages[1].markdown
    assert "include" not in library.guide("beta").pages[1].markdown


@pytest.mark.parametrize("name", [
    "../strings", "..", "a/b", "a\\b", "%2e%2e%2fstrings", "..%2fx", "Warning-Signs",
    "warning-signs.md", "/etc/passwd", "warning signs", "~/x",
])
def test_a_snippet_name_must_be_a_plain_slug_never_a_path(pack, assets, snippet, name):
    """Ensure names with .., /, \\, encoded forms or other characters are refused, not read."""
    (pack / "strings.md").write_text("secret text\n")
    guide = pack / "guides" / "01-alpha.md"
    add_to_second_page(guide, f"{{{{include {name}}}}}")
    library, problems = load_library(pack, assets, today=TODAY)
    line = line_of(guide, "{{include")
    assert len(problems) == 1
    assert f"01-alpha.md:{line}: snippet name '{name}' is not allowed" in str(problems[0])
    assert "secret" not in library.guide("alpha").pages[1].markdown


def test_a_symlinked_snippet_leading_out_of_the_folder_is_not_read(pack, assets, snippet, tmp_path):
    """Ensure a snippet file that resolves outside snippets/ counts as missing."""
    outside = tmp_path / "outside.md"
    outside.write_text("secret text\n")
    (pack / "snippets" / "leak").symlink_to(outside)
    (pack / "snippets" / "leak.md").symlink_to(outside)
    add_to_second_page(pack / "guides" / "01-alpha.md", "{{include leak}}")
    library, problems = load_library(pack, assets, today=TODAY)
    assert any("snippet 'leak' not found" in str(p) for p in problems)
    assert "secret" not in library.guide("alpha").pages[1].markdown


def test_a_snippet_that_includes_another_is_named_at_the_snippets_line(pack, assets, snippet):
    """Ensure nesting is reported once at snippet:line, however many guides include it."""
    snippet.write_text(snippet.read_text() + "{{include warning-signs}}\n")
    for name in ("01-alpha.md", "02-beta.md"):
        add_to_second_page(pack / "guides" / name, "{{include warning-signs}}")
    _, problems = load_library(pack, assets, today=TODAY)
    nested = [str(p) for p in problems if "cannot include another snippet" in str(p)]
    assert len(nested) == 1 and "snippets/warning-signs.md:3:" in nested[0]


def test_line_numbers_stay_true_after_an_include(pack, assets, snippet):
    """Ensure a problem after an include points at the guide's own line, and one inside the
    snippet at snippet:line."""
    guide = pack / "guides" / "01-alpha.md"
    add_to_second_page(guide, "{{include warning-signs}}\n\nSee the [missing](guide:nowhere).")
    snippet.write_text(snippet.read_text() + "- A [bad link](guide:elsewhere) here.\n")
    found = problems_of(pack, assets)
    after = line_of(guide, "guide:nowhere")
    assert any(f"01-alpha.md:{after}: link 'missing' goes to guide 'nowhere'" in p
               for p in found), found
    assert any("snippets/warning-signs.md:3: link 'bad link' goes to guide 'elsewhere'" in p
               for p in found), found


@pytest.mark.parametrize("entry, message", [
    ("", "question 'q-one' has no 'who': add who: doctor | acupuncturist | pharmacist | insurer"),
    ("    who: nurse\n", "question 'q-one' has who: 'nurse'; use one of: doctor, "
                        "acupuncturist, pharmacist, insurer"),
])
def test_every_question_says_who_it_is_for(pack, assets, entry, message):
    """Ensure a question without 'who', or with an unknown one, is named at file:line."""
    path = pack / "questions.yaml"
    text = path.read_text().replace("    who: doctor\n", entry)
    path.write_text(text)
    found = problems_of(pack, assets)
    line = line_of(path, "who: nurse") if entry else line_of(path, "- id: q-one")
    assert any(f"questions.yaml:{line}: {message}" in p for p in found), found


def test_who_is_on_the_question(pack, assets):
    """Ensure the loaded question carries who it is for."""
    path = pack / "questions.yaml"
    path.write_text(path.read_text().replace("who: doctor", "who: pharmacist"))
    library, problems = load_library(pack, assets, today=TODAY)
    assert problems == [] and library.questions.get("q-one").who == "pharmacist"


def test_a_translation_must_use_the_same_urgent_help_placeholders_and_snippets(pack, assets,
                                                                               snippet):
    """Ensure a translated pack that drops {{crisis}} from a string, an include from a guide, or
    a snippet, is named at its file (and line), so no language loses the crisis line."""
    import shutil

    add_to_second_page(pack / "guides" / "01-alpha.md", "{{include warning-signs}}")
    strings = pack / "strings.yaml"
    strings.write_text(strings.read_text() + "\nextra_help: Call {{emergency}} or {{crisis}}.\n")
    spanish = pack.parent / "es"
    shutil.copytree(pack, spanish)
    assert problems_of(pack, assets) == []
    es_strings = spanish / "strings.yaml"
    es_strings.write_text(es_strings.read_text().replace(
        "extra_help: Call {{emergency}} or {{crisis}}.", "extra_help: Llame al {{emergency}}."))
    guide = spanish / "guides" / "01-alpha.md"
    guide.write_text(guide.read_text().replace("{{include warning-signs}}", ""))
    (spanish / "snippets" / "warning-signs.md").unlink()
    found = problems_of(pack, assets)
    line = line_of(es_strings, "extra_help")
    assert any(f"es/strings.yaml:{line}: string 'extra_help' must use {{{{crisis}}}}, "
               "{{emergency}}, like the en one" in p for p in found), found
    assert any("es/guides/01-alpha.md:1: the en version uses {{include warning-signs}}" in p
               for p in found), found
    assert any("es/snippets:1: snippet 'warning-signs' is missing from 'es'" in p for p in found)
