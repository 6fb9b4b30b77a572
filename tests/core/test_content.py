"""Loading and validating a language pack: every problem found, with file and line."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from kiosk.cli import main
from kiosk.core.content import load_library, slugify
from kiosk.core.validate import check_content


def problems_of(pack: Path, assets: Path) -> list[str]:
    report = check_content(pack.parent, assets, today=dt.date(2026, 11, 21))
    return [str(p) for p in report.problems]


def test_a_good_pack_loads_every_guide_in_order_with_no_problems(pack, assets):
    """Ensure a valid pack gives three guides in 'order', their pages, and zero problems."""
    library, problems = load_library(pack, assets, today=dt.date(2026, 11, 21))
    assert problems == []
    assert [g.slug for g in library.guides] == ["alpha", "beta", "gamma"]
    assert [p.title for p in library.guides[0].pages] == [
        "About alpha pain", "Second page", "Key points"]
    assert library.guides[0].pages[0].question_ids == ("q-one",)
    assert problems_of(pack, assets) == []


def test_page_slugs_are_plain_ascii_words():
    """Ensure headings become stable page slugs, accents and punctuation dropped."""
    assert slugify("What is chronic pain?") == "what-is-chronic-pain"
    assert slugify("¿Qué es el dolor crónico?") == "que-es-el-dolor-cronico"


def test_broken_front_matter_is_reported_at_its_line_and_other_guides_still_load(pack, assets):
    """Ensure unparsable YAML names the file and line, leaves that guide out, keeps the others."""
    broken = pack / "guides" / "02-beta.md"
    lines = broken.read_text().splitlines()
    lines[2] = "summary: [unclosed"
    broken.write_text("\n".join(lines) + "\n")
    library, problems = load_library(pack, assets, today=dt.date(2026, 11, 21))
    assert [g.slug for g in library.guides] == ["alpha", "gamma"]
    assert any(re.search(r"02-beta\.md:[34]: not valid YAML", str(p)) for p in problems)


def test_front_matter_fences_are_dash_lines_and_a_rule_in_the_body_stays(pack, assets):
    """Ensure '----' fences with trailing spaces close the front matter, a '---' rule in the body
    stays in the page, and a guide whose front matter never closes is named and left out."""
    alpha = pack / "guides" / "01-alpha.md"
    text = alpha.read_text()
    head, body = text.split("\n---\n", 1)
    alpha.write_text("----  " + head[3:] + "\n-----\n" + body.replace("\n\n", "\n\n---\n\n", 1))
    beta = pack / "guides" / "02-beta.md"
    beta.write_text(beta.read_text().replace("\n---\n", "\n", 1))
    library, problems = load_library(pack, assets, today=dt.date(2026, 11, 21))
    assert [g.slug for g in library.guides] == ["alpha", "gamma"]
    assert "\n---\n" in library.guides[0].pages[0].markdown
    assert [str(p) for p in problems if "02-beta" in str(p)] == [
        f"{beta}:1: front matter is not closed: add a '---' line after it"]


def test_missing_required_field_leaves_the_guide_out_with_a_clear_message(pack, assets):
    """Ensure a guide without a title is reported by name and left out."""
    path = pack / "guides" / "01-alpha.md"
    path.write_text(path.read_text().replace("title: Alpha pain\n", ""))
    library, problems = load_library(pack, assets, today=dt.date(2026, 11, 21))
    assert "alpha" not in [g.slug for g in library.guides]
    assert any("01-alpha.md:2: front matter has no 'title'" in str(p) for p in problems)


def test_missing_image_is_reported_at_its_line(pack, assets):
    """Ensure a picture that is not in assets/ is reported with the guide file and line."""
    path = pack / "guides" / "01-alpha.md"
    text = path.read_text().replace(
        "This is the second page.", "This is the second page.\n\n![A chart](illustrations/no.svg)")
    path.write_text(text)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "illustrations/no.svg" in ln)
    assert any(f"01-alpha.md:{line}: picture 'illustrations/no.svg' not found" in p
               for p in problems_of(pack, assets))


def test_picture_without_alt_text_is_reported(pack, assets):
    """Ensure a picture with no alt text is reported (patients using speech need it)."""
    path = pack / "guides" / "01-alpha.md"
    path.write_text(path.read_text().replace(
        "This is the second page.", "This is the second page.\n\n![](illustrations/pic.svg)"))
    assert any("has no alt text" in p for p in problems_of(pack, assets))


def test_link_to_a_guide_that_does_not_exist_is_reported_at_its_line(pack, assets):
    """Ensure guide:SLUG links to unknown guides name the file, line and the real guides."""
    path = pack / "guides" / "01-alpha.md"
    text = path.read_text().replace("(guide:beta)", "(guide:nowhere)")
    path.write_text(text)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "guide:nowhere" in ln)
    found = [p for p in problems_of(pack, assets) if "nowhere" in p]
    assert len(found) == 1 and found[0].endswith("guides are: alpha, beta, gamma")
    assert f"01-alpha.md:{line}: link 'other guide' goes to guide 'nowhere'" in found[0]


def test_link_to_a_page_that_does_not_exist_is_reported(pack, assets):
    """Ensure guide:SLUG#page links check the page too."""
    path = pack / "guides" / "01-alpha.md"
    path.write_text(path.read_text().replace("(guide:beta)", "(guide:beta#no-such-page)"))
    assert any("which has no such page" in p for p in problems_of(pack, assets))


def test_unknown_glossary_term_is_reported_at_its_line(pack, assets):
    """Ensure term:ID links to terms not in glossary.yaml are reported with file and line."""
    path = pack / "guides" / "01-alpha.md"
    text = path.read_text().replace("(term:placebo)", "(term:unicorn)")
    path.write_text(text)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "term:unicorn" in ln)
    assert any(f"01-alpha.md:{line}: unknown glossary term 'unicorn'" in p
               for p in problems_of(pack, assets))


def test_unknown_question_id_and_unoffered_question_are_reported(pack, assets):
    """Ensure a guide offering an unknown question and a bank question never offered both show."""
    for path in (pack / "guides").glob("*.md"):
        path.write_text(path.read_text().replace("[q-one]", "[q-two]"))
    found = problems_of(pack, assets)
    assert any("unknown question id 'q-two'" in p and "01-alpha.md:11:" in p for p in found)
    assert any("questions.yaml:5: question 'q-one' is not offered" in p for p in found)


def test_raw_html_and_past_review_dates_are_reported(pack, assets):
    """Ensure raw HTML is refused and a passed review_by date asks for a review."""
    path = pack / "guides" / "01-alpha.md"
    text = path.read_text().replace("This is the second page.",
                                    "This is the <script>alert(1)</script> second page.")
    path.write_text(text.replace("review_by: 2099-01-01", "review_by: 2026-02-01"))
    found = problems_of(pack, assets)
    assert any("raw HTML '<script>' is not allowed" in p for p in found)
    assert any("01-alpha.md:7: review date 2026-02-01 has passed" in p for p in found)


def test_a_guide_harder_than_its_reading_grade_fails_the_check(pack, assets):
    """Ensure text above FK 7 fails unless the front matter raises the limit with a reason."""
    path = pack / "guides" / "03-gamma.md"
    hard = ("Notwithstanding considerable methodological heterogeneity, contemporary "
            "randomized investigations demonstrate statistically significant improvements "
            "regarding musculoskeletal functionality. ") * 6
    path.write_text(path.read_text().replace("One thing to remember.", hard))
    assert any("03-gamma.md:1: Flesch-Kincaid grade" in p for p in problems_of(pack, assets))
    no_reason = path.read_text().replace("order: 3\n", "order: 3\nreading_limit: {fk: 40}\n")
    path.write_text(no_reason)
    assert any("03-gamma.md:6: 'reading_limit' needs a 'reason'" in p
               for p in problems_of(pack, assets))
    path.write_text(no_reason.replace("{fk: 40}", '{fk: 40, reason: "names of studies"}'))
    assert not any("Flesch-Kincaid" in p or "reading_limit" in p for p in problems_of(pack, assets))


def test_check_command_exits_0_on_good_content_and_prints_the_readability_table(
        pack, assets, capsys, monkeypatch):
    """Ensure `kiosk check --content DIR` says OK, prints grades and exits 0."""
    monkeypatch.setattr("kiosk.core.resources.assets_dir", lambda: assets)
    assert main(["check", "--content", str(pack.parent), "--today", "2026-11-21"]) == 0
    out = capsys.readouterr().out
    assert "FK grade" in out and "SMOG" in out and "alpha" in out and "kiosk check: OK" in out


def test_check_command_exits_1_with_one_line_per_problem(pack, assets, capsys, monkeypatch):
    """Ensure every problem is printed as path:line: message and the exit code is 1."""
    monkeypatch.setattr("kiosk.core.resources.assets_dir", lambda: assets)
    path = pack / "guides" / "01-alpha.md"
    path.write_text(path.read_text().replace("(guide:beta)", "(guide:nowhere)")
                    .replace("(term:placebo)", "(term:unicorn)"))
    assert main(["check", "--content", str(pack.parent), "--today", "2026-11-21"]) == 1
    lines = [ln for ln in capsys.readouterr().out.splitlines() if re.match(r"^\S+:\d+: ", ln)]
    assert len(lines) == 2
    assert all("01-alpha.md" in line for line in lines)


def test_bundled_content_passes_the_check():
    """Ensure the guides we ship pass every check: English FK <= 7 and SMOG <= 9, Spanish F-H >= 70."""
    from kiosk.core import resources

    report = check_content(resources.content_root(), resources.assets_dir())
    assert [str(p) for p in report.problems] == []
    english = [r for r in report.readability if r.lang == "en"]
    assert len(english) >= 7
    assert all(r.grade is not None and r.grade <= 7.0 for r in english)
    assert all(r.smog is not None and r.smog <= 9.0 for r in english)
    spanish = [r for r in report.readability if r.lang == "es"]
    assert len(spanish) >= 7 and all(r.ease is not None and r.ease >= 70 for r in spanish)


def test_a_strings_file_is_parsed_once_per_text_and_an_edit_is_read_afresh(pack, monkeypatch):
    """Ensure the same strings.yaml text is parsed once (the app reads English three times as it
    starts), its problems are reported on every read, and an edit of the same size shows at once."""
    from kiosk.core import banks

    parsed = []
    real = banks.load_yaml
    monkeypatch.setattr(banks, "load_yaml",
                        lambda text, path, problems, **kw: parsed.append(path) or
                        real(text, path, problems, **kw))
    path = pack / "strings.yaml"
    path.write_text(path.read_text() + "bad_key: [1, 2]\n")
    first, second = [], []
    a = banks.load_strings(path, first, None)
    b = banks.load_strings(path, second, None)
    assert parsed == [path]
    assert a.values == b.values and a("toolbar_home") != "toolbar_home"
    assert [p.message for p in first] == [p.message for p in second] == [
        "string 'bad_key' must be text"]
    stat = path.stat()
    path.write_text(path.read_text().replace("bad_key: [1, 2]", "bad_key: 'it,2'"))
    assert path.stat().st_size == stat.st_size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same time: new text
    third = []
    c = banks.load_strings(path, third, None)
    assert parsed == [path, path] and third == [] and c("bad_key") == "it,2"
