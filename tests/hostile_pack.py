"""Builds a content pack an attacker or a careless author could write, beside a file it must not reach."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SECRET_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
              '<rect width="40" height="40" fill="#ff0000"/></svg>')

FRONT = """\
---
title: {title}
summary: {summary}
icon: {icon}
order: {order}
reviewed: 2026-01-01
review_by: 2099-01-01
sources:
  - "Test Source. A book about pain. Publisher. 2020."
---

"""


def _guide(pack: Path, number: int, slug: str, body: str, *, title: str = "", summary: str = "",
           icon: str = "icons/chronic-pain.svg") -> Path:
    path = pack / "guides" / f"{number:02d}-{slug}.md"
    path.write_text(FRONT.format(title=title or f"Guide {slug}", summary=summary or "A short guide",
                                 icon=icon, order=number) + body, encoding="utf-8")
    return path


def build_hostile_pack(root: Path) -> dict[str, Path]:
    """content/en under `root` with one guide per attack, plus `outside/secret.svg` beside it.

    Pictures and icons are looked up in the app's own assets folder (as `kiosk --content` does),
    so each escape climbs out of wherever that is with many '..' and then names the secret.
    Returns the files by attack name (and 'content', 'secret')."""
    outside = root / "outside"
    outside.mkdir(parents=True)
    secret = outside / "secret.svg"
    secret.write_text(SECRET_SVG)
    up = "../" * 30 + str(secret).lstrip("/")  # from any assets folder to the secret
    pack = root / "content" / "en"
    (pack / "guides").mkdir(parents=True)
    files: dict[str, Path] = {"content": root / "content", "secret": secret}
    files["plain"] = _guide(pack, 1, "plain", "## A page\n\nA calm page about pain.\n\n"
                            "## Another page\n\nWalk a little each day.\n")
    deep = "".join("    " * level + "- level\n" for level in range(300))
    files["deep"] = _guide(pack, 2, "deep", "## Deep\n\n" + deep)
    files["quotes"] = _guide(pack, 3, "quotes", "## Quotes\n\n" + ">" * 1000 + " deep\n")
    files["huge"] = _guide(pack, 4, "huge", "## Huge\n\n" + ("Pain is real. " * 80 + "\n\n") * 1500)
    files["stars"] = _guide(pack, 8, "stars", "## Stars\n\n" + "*" * 5000 + "x" + "*" * 5000 + "\n")
    files["encoded"] = _guide(pack, 5, "encoded", "## Pictures\n\n" + "".join(
        f"![picture {n}]({src})\n\n" for n, src in enumerate([
            up.replace("..", "%2e%2e"),
            up.replace("..", "&#46;&#46;"),
            up.replace("..", "%252e%252e"),
            up.replace("/", "\\"),
            str(secret),
            "C:/" + str(secret).lstrip("/"),
            "file://" + str(secret),
        ])))
    files["icon"] = _guide(pack, 6, "icon", "## Icon\n\nThis guide's icon is outside.\n",
                           icon=up)
    files["label"] = _guide(pack, 7, "label", "## Label\n\nThis guide's title is markup.\n",
                            title=f'<img src="{secret}"> Free <b>pills</b>',
                            summary="<a href='https://x.example'>tap</a>")
    (pack / "questions.yaml").write_text(textwrap.dedent(f"""\
        topics:
          - id: mine
            title: "<i>About</i> my pain"
        questions:
          - id: q-one
            topic: mine
            text: "<img src='{secret}'> What is causing my pain?"
        """))
    (pack / "glossary.yaml").write_text(textwrap.dedent("""\
        placebo:
          term: "<u>placebo</u>"
          definition: "A fake <b>treatment</b>."
        """))
    shutil.copy(REPO / "content" / "en" / "strings.yaml", pack / "strings.yaml")
    files["questions"] = pack / "questions.yaml"
    files["glossary"] = pack / "glossary.yaml"
    return files
