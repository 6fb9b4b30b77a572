"""Shared fixtures: offscreen Qt, small content packs built in temp folders, the real app."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest
from uihelpers import show_at

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.qtcompat import keep_singletons_alive  # noqa: E402

keep_singletons_alive()

REPO = Path(__file__).resolve().parents[1]
BUNDLED_CONTENT = REPO / "content"
BUNDLED_ASSETS = REPO / "assets"

GUIDE = """\
---
title: {title}
summary: {summary}
icon: icons/test.svg
order: {order}
reviewed: 2026-01-01
review_by: 2099-01-01
sources:
  - "Test Source. A book about pain. Publisher. 2020."
questions:
  {first_slug}: [q-one]
---

## {first}

You read about **{title}** here. A [placebo](term:placebo) is a fake treatment.

## Second page

This is the second page. It links to the [other guide](guide:{other}).

!!! tip "Try this"
    Take a short walk each day.

## Key points

- One thing to remember.
"""


def write_guide(pack: Path, number: int, slug: str, title: str, other: str,
                text: str | None = None) -> Path:
    path = pack / "guides" / f"{number:02d}-{slug}.md"
    first = f"About {title.lower()}"
    from kiosk.core.content import slugify

    path.write_text(text if text is not None else GUIDE.format(
        title=title, summary=f"A short guide to {title.lower()}", order=number, first=first,
        first_slug=slugify(first), other=other))
    return path


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    """An assets folder with an icon and a picture."""
    folder = tmp_path / "assets"
    (folder / "icons").mkdir(parents=True)
    (folder / "illustrations").mkdir()
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50" viewBox="0 0 100 50">'
           '<rect width="100" height="50" fill="#0f766e"/></svg>')
    (folder / "icons" / "test.svg").write_text(svg)
    (folder / "illustrations" / "pic.svg").write_text(svg)
    return folder


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A small, valid English pack of three guides under tmp_path/content/en."""
    root = tmp_path / "content" / "en"
    (root / "guides").mkdir(parents=True)
    write_guide(root, 1, "alpha", "Alpha pain", "beta")
    write_guide(root, 2, "beta", "Beta care", "gamma")
    write_guide(root, 3, "gamma", "Gamma safety", "alpha")
    (root / "questions.yaml").write_text(textwrap.dedent("""\
        topics:
          - id: mine
            title: About my pain
        questions:
          - id: q-one
            topic: mine
            who: doctor
            text: What is causing my pain?
        """))
    (root / "glossary.yaml").write_text(textwrap.dedent("""\
        placebo:
          term: placebo
          forms: [placebo, placebos]
          definition: A fake treatment with no active part.
        sham:
          term: sham acupuncture
          forms: [sham acupuncture, sham]
          definition: Fake acupuncture used in studies.
        """))
    shutil.copy(BUNDLED_CONTENT / "en" / "strings.yaml", root / "strings.yaml")
    shutil.copy(BUNDLED_CONTENT / "en" / "visit.yaml", root / "visit.yaml")
    return root


@pytest.fixture
def make_app(qtbot):
    """Build the real app (window and all) on a content root; shown at 1280x800."""
    from kiosk.app import KioskApp, LaunchOptions
    from kiosk.core.config import Settings

    def build(content_root: Path = BUNDLED_CONTENT, assets: Path = BUNDLED_ASSETS,
              settings: Settings | None = None, size: tuple[int, int] = (1280, 800),
              lang: str | None = None) -> KioskApp:
        kiosk = KioskApp(LaunchOptions(content_root, assets, lang=lang), settings or Settings())
        qtbot.addWidget(kiosk.window)
        return show_at(qtbot, kiosk, size)

    return build


@pytest.fixture(autouse=True)
def bundled_typeface(request):
    """Every test with a Qt application lays text out in the bundled typeface, as the app does
    (the app registers it when it starts; a test of one widget would otherwise get the system's)."""
    if "qapp" in request.fixturenames or "qtbot" in request.fixturenames:
        request.getfixturevalue("qapp")
        from kiosk.ui.fonts import load_fonts

        load_fonts(BUNDLED_ASSETS)
