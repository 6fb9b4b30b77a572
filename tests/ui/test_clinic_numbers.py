"""A clinic's own emergency and crisis numbers on every screen, print and slide; one warning list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from kiosk.cli import main
from kiosk.core.config import Settings

UK = Settings(emergency_number="999", crisis_line="116 123")
WARNING_ITEMS = [
    "Chest pain or trouble breathing: call {n}.",
    "Sudden weakness in an arm or leg: call {n}.",
    "Thoughts of harming yourself: call or text {c}.",
]


def _flat(text: str) -> str:
    """Words only, one space apart: bullets and line breaks differ between screen and paper."""
    return " ".join(text.replace("•", " ").replace("◦", " ").replace("\u2029", " ").split())


def expected_list(emergency: str, crisis: str) -> str:
    return " ".join(item.format(n=emergency, c=crisis) for item in WARNING_ITEMS)


@pytest.fixture
def clinic_pack(pack: Path) -> Path:
    """The test pack writing only placeholders: in a guide, a shared snippet two guides
    include, and the urgent-help strings of the closing page."""
    (pack / "snippets").mkdir()
    (pack / "snippets" / "warning-signs.md").write_text("".join(
        f"- {item.format(n='{{emergency}}', c='{{crisis}}')}\n" for item in WARNING_ITEMS))
    for name in ("01-alpha.md", "02-beta.md"):
        guide = pack / "guides" / name
        guide.write_text(guide.read_text().replace(
            '!!! tip "Try this"\n    Take a short walk each day.',
            '!!! danger "Get help now"\n    {{include warning-signs}}'))
    alpha = pack / "guides" / "01-alpha.md"
    alpha.write_text(alpha.read_text().replace(
        "A [placebo](term:placebo) is a fake treatment.",
        "A [placebo](term:placebo) is a fake treatment.\n\nIf you think about harming "
        "yourself, call or text {{crisis}}. If you are in danger now, call {{emergency}}."))
    strings_path = pack / "strings.yaml"
    strings = yaml.safe_load(strings_path.read_text())
    strings["urgent_title"] = "When to get help now"
    strings["urgent_text"] = ("Call {{emergency}} for chest pain or trouble breathing. If you "
                              "think about harming yourself, call or text {{crisis}}.")
    strings_path.write_text(yaml.safe_dump(strings, allow_unicode=True, sort_keys=False))
    return pack


def _no_us_numbers(text: str) -> None:
    assert not re.search(r"\b(911|988)\b", text), text


def _reader_text(kiosk, slug: str, page: int) -> str:
    kiosk.window.open_guide(slug)
    reader = kiosk.screens.reader
    reader.show_page(page if page >= 0 else len(reader.pages) - 1)
    # Every screen of the page (a long page is cut into several; the words run on).
    texts = [reader.view.toPlainText()]
    for _ in range(reader.screen_count() - 1):
        reader.next_page()
        texts.append(reader.view.toPlainText().split("\n", 1)[-1])  # less "(continued)"
    return "\n".join(texts)


def _print_guide(pack: Path, assets: Path, slug: str, config: Path, out: Path, monkeypatch,
                 lang: str = "en") -> str:
    monkeypatch.setattr("kiosk.core.resources.assets_dir", lambda: assets)
    code = main(["print", "guide", slug, "--content", str(pack.parent), "--config", str(config),
                 "--lang", lang, "-o", str(out)])
    assert code == 0
    return _flat(" ".join(page.extract_text() or "" for page in PdfReader(out).pages))


@pytest.fixture
def uk_config(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text('emergency_number = "999"\ncrisis_line = "116 123"\n')
    return path


def test_the_clinics_numbers_show_on_a_guide_page_in_the_reader(make_app, clinic_pack, assets):
    """Ensure a clinic set to 999 and 116 123 shows them (never 911 or 988) on a guide page."""
    kiosk = make_app(clinic_pack.parent, assets, settings=UK)
    shown = _flat(_reader_text(kiosk, "alpha", 0))
    assert "call or text 116 123. If you are in danger now, call 999." in shown
    _no_us_numbers(shown)


def test_the_clinics_numbers_show_on_the_end_screen(make_app, clinic_pack, assets):
    """Ensure the closing 'About this guide' page says the clinic's numbers."""
    kiosk = make_app(clinic_pack.parent, assets, settings=UK)
    shown = _flat(_reader_text(kiosk, "alpha", -1))
    assert "About this guide" in shown
    assert ("Call 999 for chest pain or trouble breathing. If you think about harming yourself, "
            "call or text 116 123.") in shown
    _no_us_numbers(shown)


def test_the_clinics_numbers_show_in_a_printed_handout(clinic_pack, assets, uk_config, tmp_path,
                                                        monkeypatch, qapp):
    """Ensure `kiosk print guide` with the clinic's settings prints its numbers on paper."""
    printed = _print_guide(clinic_pack, assets, "alpha", uk_config, tmp_path / "a.pdf",
                           monkeypatch)
    assert "call or text 116 123. If you are in danger now, call 999." in printed
    assert "Call 999 for chest pain or trouble breathing." in printed
    _no_us_numbers(printed)


def test_the_clinics_numbers_show_on_a_slide(make_app, clinic_pack, assets, qtbot):
    """Ensure presenting the guide puts the clinic's numbers on its slides, closing one too."""
    kiosk = make_app(clinic_pack.parent, assets, settings=UK)
    assert kiosk.start_presentation("alpha")
    screen = kiosk.presentation
    qtbot.addWidget(screen)
    slides = []
    for index in range(screen.slide_count()):
        screen.go_to(index)
        slides.append(_flat(screen.shown_text()))
    everything = " ".join(slides)
    assert "call or text 116 123. If you are in danger now, call 999." in everything
    assert any("Call 999 for chest pain or trouble breathing." in s for s in slides)
    for item in WARNING_ITEMS:  # the shared list, each item with the clinic's numbers
        assert item.format(n="999", c="116 123") in everything
    _no_us_numbers(everything)
    screen.close()


def test_the_warning_list_is_identical_on_every_page_and_paper_that_includes_it(
        make_app, clinic_pack, assets, uk_config, tmp_path, monkeypatch):
    """Ensure the shared warning list reads the same, word for word and in order, on both
    guides' pages and on both printed handouts."""
    want = expected_list("999", "116 123")
    kiosk = make_app(clinic_pack.parent, assets, settings=UK)
    seen = {}
    for slug in ("alpha", "beta"):
        page = _flat(_reader_text(kiosk, slug, 1))
        printed = _print_guide(clinic_pack, assets, slug, uk_config, tmp_path / f"{slug}.pdf",
                               monkeypatch)
        seen[f"{slug} screen"] = page[page.index("Get help now"):][:len("Get help now ") + len(want)]
        seen[f"{slug} paper"] = printed[printed.index("Get help now"):][:len("Get help now ") +
                                                                        len(want)]
    assert set(seen.values()) == {f"Get help now {want}"}, seen


def _snippet_words(path: Path, emergency: str, crisis: str) -> str:
    """A snippet's words as a patient reads them: box titles, items and text, no markup."""
    text = path.read_text(encoding="utf-8")
    text = text.replace("{{emergency}}", emergency).replace("{{crisis}}", crisis)
    text = re.sub(r'^!!! \w+ "(.*)"$', r"\1", text, flags=re.MULTILINE)
    text = re.sub(r"^\s*[-*] ", "", text, flags=re.MULTILINE)
    return _flat(text.replace("**", ""))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_bundled_snippet_reads_the_same_on_each_guide_screen_and_handout(
        make_app, uk_config, tmp_path, monkeypatch, lang):
    """Ensure each shared snippet of the bundled packs (the warning signs, the crisis line...)
    shows word for word, with the clinic's numbers, on every guide page that includes it and in
    that guide's printed handout."""
    from conftest import BUNDLED_ASSETS, BUNDLED_CONTENT

    kiosk = make_app(settings=UK, lang=lang)
    snippets = sorted((BUNDLED_CONTENT / lang / "snippets").glob("*.md"))
    assert any(s.name == "warning-signs.md" for s in snippets)
    printed: dict[str, str] = {}
    checked = 0
    for snippet in snippets:
        want = _snippet_words(snippet, "999", "116 123")
        for guide in kiosk.library.guides:
            pages = [i for i, page in enumerate(guide.pages)
                     if any(path.name == snippet.name and path.parent.name == "snippets"
                            for path, _ in page.origins)]
            for index in pages:
                assert want in _flat(_reader_text(kiosk, guide.slug, index)), (snippet, guide.slug)
                checked += 1
            if pages:
                if guide.slug not in printed:
                    paper = _print_guide(
                        BUNDLED_CONTENT / lang, BUNDLED_ASSETS, guide.slug, uk_config,
                        tmp_path / f"{guide.slug}.pdf", monkeypatch, lang)
                    # A list may go on over a page break (never inside a box): leave out the
                    # footer and running head printed between its parts.
                    s = kiosk.library.strings
                    paper = re.sub(rf"{re.escape(s('not_advice'))} \w+ \d+ \w+ \d+ ?", "", paper)
                    printed[guide.slug] = paper.replace(f"{guide.title} {s('app_title')} ", "")
                assert want in printed[guide.slug], (snippet.name, guide.slug)
                _no_us_numbers(printed[guide.slug])
    assert checked >= 2
