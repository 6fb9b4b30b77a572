"""Save screenshots of the staff menu with content packs (running, kept, waiting, one refused).

Run: QT_QPA_PLATFORM=offscreen python tools/pack_shots.py [--out DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

from kiosk.app import KioskApp, KioskTimings, LaunchOptions, create_application
from kiosk.core import minisign, resources
from kiosk.core.config import Settings
from kiosk.core.pack import build_pack, read_manifest
from kiosk.core.packstore import PackStore

SIZES = {"1920x1080": (1920, 1080), "1280x800": (1280, 800), "1024x768": (1024, 768)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    scratch = Path(tempfile.mkdtemp())
    packs = {}
    for hour in (9, 10, 11):
        built = scratch / f"{hour}.kpack"
        when = dt.datetime(2026, 12, 1, hour, tzinfo=dt.UTC)
        build_pack(resources.content_root(), resources.assets_dir(), built, built=when)
        packs[hour] = built.read_bytes()
    trusted, stranger = minisign.generate(), minisign.generate()
    settings_key = trusted.public.to_file_text().splitlines()[1]
    shot = 0
    for lang in ("en", "es"):
        for label, (width, height) in SIZES.items():
            if lang == "es" and label != "1280x800":
                continue
            shot += 1
            # A kiosk that ran 9:00 then 10:00 (kept for going back), with an 11:00 pack in its
            # inbox that will install, and one signed with a key it does not trust.
            store = PackStore(scratch / f"packs-{shot}")
            for hour in (9, 10):
                store.install(packs[hour], read_manifest(packs[hour]))
                store.activate_staged()
            inbox = scratch / f"inbox-{shot}"
            inbox.mkdir()
            for name, data, key in (("riverside-2026-12-01.kpack", packs[11], trusted),
                                    ("riverside-2026-12-02.kpack", packs[11], stranger)):
                (inbox / name).write_bytes(data)
                (inbox / f"{name}.minisig").write_text(minisign.sign(data, key, name))
            settings = Settings(pack_inbox=str(inbox), pack_public_key=settings_key)
            options = LaunchOptions(resources.content_root(), resources.assets_dir(),
                                    kiosk_mode=True, unlocked=True, packs_dir=store.root)
            kiosk = KioskApp(options, settings, timings=KioskTimings(600_000, 20_000, 80,
                                                                     600_000))
            kiosk.poll_inbox()
            kiosk.poll_inbox()
            if lang == "es":
                kiosk.switch_language("es")
            window = kiosk.window
            window.resize(width, height)
            window.show()
            app.processEvents()
            window.apply_style()
            window.ask_pin()
            for _ in range(3):
                app.processEvents()
            path = args.out / f"kiosk-admin-packs-{lang + '-' if lang != 'en' else ''}{label}.png"
            window.grab().save(str(path))
            print(path)
            kiosk.inbox_timer.stop()
            kiosk.idle.stop()
            kiosk.lockdown.stop()
            window._exiting = True
            window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
