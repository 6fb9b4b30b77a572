"""`kiosk preview` through its real window on a temp pack: live reload, problems, the last good page."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.conftest import BUNDLED_CONTENT

RELOAD_MS = 1000  # the promise: a save shows within a second


def save_like_an_editor(path: Path, text: str) -> None:
    """Write a temp file beside the guide and rename it over the guide, as editors do."""
    temp = path.with_name(f".{path.name}.swp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


@pytest.fixture
def preview(qtbot, pack: Path, assets: Path):
    """The real preview window on the temp pack, shown."""
    from kiosk.ui.preview import PreviewWindow

    window = PreviewWindow(pack.parent, assets, "alpha")
    qtbot.addWidget(window)
    window.resize(1500, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


def shown_text(window) -> str:
    return window.main.reader.view.toPlainText()


def problem_rows(window) -> list[str]:
    return [window.problem_list.item(n).text() for n in range(window.problem_list.count())]


def test_editor_save_shows_within_a_second_on_the_same_page(qtbot, preview, pack):
    """Ensure a save by rename shows within 1 s and keeps the page in view, twice running."""
    preview.page_box.setCurrentIndex(1)
    assert "This is the second page" in shown_text(preview)
    guide = pack / "guides" / "01-alpha.md"
    for word in ("Lavender", "Marigold"):  # the second save proves the watcher was re-armed
        save_like_an_editor(guide, guide.read_text().replace(
            "This is the second page.", f"This is the second page. {word} words here."))
        qtbot.waitUntil(lambda w=word: f"{w} words here" in shown_text(preview), timeout=RELOAD_MS)
        assert preview.main.reader.index == 1
        assert preview.page_box.currentIndex() == 1
        assert preview.main.picture.pixmap() is not None and not preview.main.picture.pixmap().isNull()


def test_broken_front_matter_keeps_last_good_page_then_banner_goes(qtbot, preview, pack):
    """Ensure broken front matter lists its file:line, keeps the last good page under a banner
    that goes once it is fixed."""
    guide = pack / "guides" / "01-alpha.md"
    good = guide.read_text()
    assert not preview.banner.isVisible()
    broken = good.replace("title: Alpha pain", "title: [Alpha pain")
    save_like_an_editor(guide, broken)
    qtbot.waitUntil(lambda: any(row.startswith("en/guides/01-alpha.md:") for row in problem_rows(preview)),
                    timeout=RELOAD_MS)
    row = next(r for r in problem_rows(preview) if r.startswith("en/guides/01-alpha.md:"))
    line = int(row.split(":")[1])
    assert 1 < line <= good.splitlines().index("---", 1) + 1  # inside the front matter
    assert preview.banner.isVisible()
    assert "01-alpha.md" in preview.banner.text() and f"line {line}" in preview.banner.text()
    assert "You read about Alpha pain here" in shown_text(preview)  # the last good page stays
    assert preview.slug == "alpha"

    save_like_an_editor(guide, good.replace("You read about", "Now you read about"))
    qtbot.waitUntil(lambda: not preview.banner.isVisible(), timeout=RELOAD_MS)
    assert "Now you read about Alpha pain here" in shown_text(preview)
    assert not any("01-alpha.md" in row for row in problem_rows(preview))


def test_click_on_a_problem_shows_its_page(qtbot, preview, pack):
    """Ensure clicking a problem's row shows the guide and page it is on."""
    guide = pack / "guides" / "02-beta.md"
    save_like_an_editor(guide, guide.read_text().replace(
        "[other guide](guide:gamma)", "[other guide](guide:no-such-guide)"))
    qtbot.waitUntil(lambda: any("02-beta.md" in row for row in problem_rows(preview)),
                    timeout=RELOAD_MS)
    number = next(n for n, row in enumerate(problem_rows(preview)) if "02-beta.md" in row)
    item = preview.problem_list.item(number)
    preview.problem_list.scrollToItem(item)
    qtbot.mouseClick(preview.problem_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=preview.problem_list.visualItemRect(item).center())
    assert preview.slug == "beta"
    assert preview.main.reader.index == 1
    assert preview.guide_box.currentData() == "beta"
    assert "This is the second page" in shown_text(preview)


def test_english_and_spanish_side_by_side_with_facts(qtbot, tmp_path, assets):
    """Ensure the bundled guide shows in English and Spanish side by side, with page facts and
    the printed handout, at every screen size."""
    from kiosk.ui.preview import SCREEN_SIZES, PreviewWindow

    content = tmp_path / "bundled"
    shutil.copytree(BUNDLED_CONTENT, content)
    window = PreviewWindow(content, BUNDLED_CONTENT.parent / "assets", "chronic-pain")
    qtbot.addWidget(window)
    window.resize(1800, 1000)
    window.show()
    qtbot.waitExposed(window)
    assert window.second_box.currentData() == "es"
    assert "Chronic pain lasts" in shown_text(window)
    assert "dolor crónico" in window.second.reader.view.toPlainText()
    facts = window.facts.text()
    assert "FK " in facts and "Fernández-Huerta" in facts and " words" in facts
    assert "Fits one screen" in facts or "Takes " in facts
    qtbot.waitUntil(lambda: window.printed_pages >= 1)
    assert not window.print_pictures.pixmap().isNull()
    for number, (width, height) in enumerate(SCREEN_SIZES):
        window.size_box.setCurrentIndex(number)
        qtbot.waitUntil(lambda w=width, h=height: window.main.frame.size().width() == w
                        and window.main.frame.size().height() == h)
        assert window.main.reader.screen_count() >= 1


def test_preview_command_says_when_the_content_folder_is_missing(tmp_path, capsys):
    """Ensure `kiosk preview` with a missing content folder exits 2 and says what to pass."""
    from kiosk.cli import main

    assert main(["preview", "--content", str(tmp_path / "nowhere")]) == 2
    assert "--content DIR" in capsys.readouterr().err
