"""Start-up from an installed pack: home paints before Markdown, YAML or nh3 is imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.core.pack import build_pack, read_manifest
from kiosk.core.packstore import PackStore

REPO = Path(__file__).resolve().parents[1]
PARSERS = ("markdown", "yaml", "nh3", "textstat")
# The renderer, the page layout engine and the element tree: needed to lay out or render a page,
# never to show home (pages are rendered after the first paint, or were when the pack was built).
LAYOUT = ("kiosk.core.render", "kiosk.flow", "xml.etree.ElementTree")

# The real `kiosk` command (cli.main -> app.run) in a fresh process; when home has painted, it
# prints which parsers are loaded and where the library came from, then leaves.
CHILD = f"""
import json, sys
PARSERS = {PARSERS!r}
LAYOUT = {LAYOUT!r}
from kiosk.qtcompat import keep_singletons_alive
keep_singletons_alive()
import kiosk.app

class Watched(kiosk.app.KioskApp):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kiosk.app.after_first_paint(self.screens.home, self.report)

    def report(self):
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in PARSERS)
        layout = sorted(m for m in LAYOUT if m in sys.modules)
        print(json.dumps({{"loaded": loaded, "layout": layout, "root": str(self.library.root),
                          "tiles": len(self.screens.home.tiles)}}), flush=True)
        import os
        os._exit(0)

kiosk.app.KioskApp = Watched
from kiosk.cli import main
sys.exit(main(sys.argv[1:]))
"""


def first_paint(*args: str, home: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home),
               XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"))
    done = subprocess.run([sys.executable, "-c", CHILD, *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert done.returncode == 0 and lines, done.stderr[-2000:]
    return json.loads(lines[-1])


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bundled content built as a pack and installed in a packs folder."""
    folder = tmp_path_factory.mktemp("kiosk")
    out = folder / "bundled.kpack"
    assert build_pack(REPO / "content", REPO / "assets", out).problems == []
    data = out.read_bytes()
    store = PackStore(folder / "packs")
    store.install(data, read_manifest(data))
    store.activate_staged()
    (folder / "kiosk.toml").write_text(f'packs_dir = "{folder / "packs"}"\n')
    return folder


def test_home_paints_from_the_pack_before_any_parser_is_imported(installed):
    """Ensure home paints from an installed pack with no markdown, YAML or nh3 loaded, nor the
    renderer or the page layout engine."""
    seen = first_paint("--config", str(installed / "kiosk.toml"), home=installed)
    assert seen["loaded"] == []
    assert seen["layout"] == []
    assert seen["root"].startswith(str(installed / "packs" / "versions"))
    assert seen["tiles"] == 7


def test_a_source_folder_still_starts_as_before(installed):
    """Ensure `--content DIR` starts from the markdown folder (which does load YAML), packs or not."""
    seen = first_paint("--config", str(installed / "kiosk.toml"), "--content",
                       str(REPO / "content"), home=installed)
    assert "yaml" in seen["loaded"]  # the markdown folder is parsed, as before
    assert seen["layout"] == []  # and its pages are rendered after the first paint
    assert seen["root"] == str(REPO / "content" / "en")
    assert seen["tiles"] == 7


def test_no_installed_pack_falls_back_to_the_bundled_content(tmp_path):
    """Ensure a kiosk whose packs folder is empty starts from the bundled content."""
    (tmp_path / "kiosk.toml").write_text(f'packs_dir = "{tmp_path / "packs"}"\n')
    seen = first_paint("--config", str(tmp_path / "kiosk.toml"), home=tmp_path)
    assert seen["root"] == str(REPO / "content" / "en")
