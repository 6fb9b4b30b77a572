"""Every path a pack names stays inside its folder: encoded, absolute, drive, backslash, symlink escapes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.core.content import load_library
from kiosk.core.paths import safe_asset
from kiosk.core.render import render_guide


@pytest.mark.parametrize("src", [
    "../secret.svg", "%2e%2e/secret.svg", "%2E%2E/secret.svg", "&#46;&#46;/secret.svg",
    "%252e%252e/secret.svg", "&amp;#46;&amp;#46;/secret.svg", "..%2fsecret.svg",
    "..\\secret.svg", "icons\\..\\..\\secret.svg", "C:/secret.svg", "c:secret.svg",
    "file:///secret.svg", "/etc/passwd", "", "icons/\x00.svg",
])
def test_safe_asset_refuses_every_way_out_of_the_folder(tmp_path, src):
    """Ensure encoded, absolute, drive-letter, scheme and backslash paths are refused."""
    assets = tmp_path / "assets"
    (assets / "icons").mkdir(parents=True)
    (tmp_path / "secret.svg").write_text("<svg/>")
    assert safe_asset(assets, src) is None


def test_safe_asset_refuses_a_symlink_out_of_the_folder_and_keeps_good_paths(tmp_path):
    """Ensure a symlink pointing outside is refused and a plain path inside is kept."""
    assets = tmp_path / "assets"
    (assets / "icons").mkdir(parents=True)
    (tmp_path / "secret.svg").write_text("<svg/>")
    (assets / "icons" / "ok.svg").write_text("<svg/>")
    (assets / "icons" / "escape.svg").symlink_to(tmp_path / "secret.svg")
    assert safe_asset(assets, "icons/escape.svg") is None
    assert safe_asset(assets, "icons/ok.svg") == (assets / "icons" / "ok.svg").resolve()
    assert safe_asset(assets, "icons/%6Fk.svg") == (assets / "icons" / "ok.svg").resolve()


def _with_body(pack: Path, body: str, icon: str = "icons/test.svg") -> Path:
    path = pack / "guides" / "01-alpha.md"
    text = path.read_text().replace("icon: icons/test.svg", f"icon: {icon}")
    path.write_text(text[: text.index("## ")] + body)
    return path


def test_an_encoded_picture_path_is_refused_on_screen_and_named_outside_the_pack(pack, assets):
    """Ensure `%2e%2e` and `&#46;` pictures are dropped from the page and reported as outside."""
    (assets.parent / "secret.svg").write_text("<svg/>")
    _with_body(pack, "## Pictures\n\n![a](%2e%2e/secret.svg)\n\n![b](&#46;&#46;/secret.svg)\n\n"
               "![c](illustrations/pic.svg)\n")
    library, _ = load_library(pack, assets, today=dt.date(2026, 6, 1))
    pages, problems = render_guide(library.guide("alpha"), library)
    assert "secret" not in pages[0].html and 'src="illustrations/pic.svg"' in pages[0].html
    outside = [p for p in problems if "outside the pack" in p.message]
    assert [p.line for p in outside] == [16, 18]  # each on its own line of the file


def test_a_repeated_picture_path_is_reported_on_the_line_where_it_is_used(pack, assets):
    """Ensure a problem's line is the line of the text, not an earlier line holding the same text."""
    _with_body(pack, "## Pictures\n\nSee ../x.svg here.\n\n![a](../x.svg)\n")
    library, _ = load_library(pack, assets, today=dt.date(2026, 6, 1))
    _, problems = render_guide(library.guide("alpha"), library)
    assert [p.line for p in problems if "outside the pack" in p.message] == [18]


def test_a_guide_icon_outside_the_assets_is_refused_and_never_used(pack, assets):
    """Ensure `icon: ../../x` is named as outside the pack and the guide keeps no icon path."""
    (assets.parent / "secret.svg").write_text("<svg/>")
    _with_body(pack, "## Page\n\nText.\n", icon="../secret.svg")
    library, problems = load_library(pack, assets, today=dt.date(2026, 6, 1))
    assert any(p.line == 4 and "outside the pack" in p.message for p in problems)
    assert library.guide("alpha").icon == ""
