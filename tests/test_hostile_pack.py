"""A hostile content pack: `kiosk check` names every bad file, `--smoke` copes, nothing outside is opened."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest
from hostile_pack import build_hostile_pack

REPO = Path(__file__).resolve().parents[1]
KIOSK = [sys.executable, "-m", "kiosk"]
ONE_GIB_KB = 1024 * 1024  # ru_maxrss is in KiB on Linux


def _env(home: Path) -> dict[str, str]:
    """A clean home, config, cache, runtime and temp folder, so every file the app opens is known."""
    for name in ("config", "cache", "data", "state", "runtime", "tmp"):
        (home / name).mkdir(parents=True, exist_ok=True, mode=0o700)
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"), XDG_DATA_HOME=str(home / "data"),
               XDG_STATE_HOME=str(home / "state"), XDG_RUNTIME_DIR=str(home / "runtime"),
               TMPDIR=str(home / "tmp"), QT_QPA_PLATFORM="offscreen")
    return env


def test_kiosk_check_names_every_hostile_file_and_exits_1_without_a_traceback(tmp_path):
    """Ensure `kiosk check` on the hostile pack exits 1 and names each bad file, with no traceback."""
    files = build_hostile_pack(tmp_path)
    run = subprocess.run([*KIOSK, "check", "--content", str(files["content"])],
                         capture_output=True, text=True, timeout=120, env=_env(tmp_path / "home"),
                         cwd=tmp_path)
    out = run.stdout + run.stderr
    assert run.returncode == 1, out[-3000:]
    assert "Traceback" not in out and "RecursionError" not in out
    lines = out.splitlines()

    def said(name: str, *words: str) -> bool:
        return any(files[name].name in line and all(w in line for w in words) for line in lines)

    assert said("deep", ":", "nest more than 8 deep")
    assert said("quotes", "nest more than 8 deep")
    assert said("huge", "at most 1,000,000 bytes")
    assert said("stars", "'*' characters (at most 400)")
    assert said("icon", "outside the pack")
    # Each encoded picture is named as a path outside the pack, on its own line of the file.
    encoded = [line for line in lines if files["encoded"].name in line and "outside the pack" in line]
    assert len(encoded) == 7
    assert len({line.split(":")[1] for line in encoded}) == 7
    assert said("label", "title holds markup") and said("label", "summary holds markup")
    assert said("questions", "question holds markup") and said("glossary", "holds markup")


def test_smoke_on_the_hostile_pack_exits_0_within_60_s_and_under_1_gib(tmp_path):
    """Ensure `kiosk --smoke` on the hostile pack finishes, exits 0, and stays under 1 GiB."""
    files = build_hostile_pack(tmp_path)
    log = tmp_path / "smoke.out"
    started = time.monotonic()
    with log.open("w") as sink:
        child = subprocess.Popen([*KIOSK, "--smoke", "--content", str(files["content"])],
                                 stdout=sink, stderr=subprocess.STDOUT,
                                 env=_env(tmp_path / "home"), cwd=tmp_path)
    # wait4 reports this child's own peak memory (RUSAGE_CHILDREN would mix in earlier children).
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - started > 60:
            child.kill()
            child.wait()
            pytest.fail("kiosk --smoke did not finish within 60 s on the hostile pack")
        time.sleep(0.1)
    child.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.monotonic() - started
    out = log.read_text()
    assert child.returncode == 0, out[-3000:]
    assert "Traceback" not in out
    print(f"hostile smoke: {elapsed:.1f} s, peak {usage.ru_maxrss / 1024:.0f} MiB")
    assert usage.ru_maxrss < ONE_GIB_KB
    assert "4 guides" in out  # plain, encoded, icon and label; deep, quotes and huge refused


def _opened(trace: Path) -> set[str]:
    """Every path the traced processes tried to open (whether or not it existed)."""
    found = set()
    for line in trace.read_text(errors="replace").splitlines():
        match = re.search(r'open(?:at2?)?\((?:AT_FDCWD|\d+), "([^"]*)"', line)
        if match:
            found.add(os.path.normpath(match.group(1)))
    return found


# What a Qt app may open besides the pack and the assets: why each is allowed.
SYSTEM_PREFIXES = (
    "/usr/lib", "/lib", "/lib64", "/usr/lib64", "/usr/local/lib",  # shared libraries, loader
    "/etc",  # ld.so.cache, fontconfig, locale and speech-dispatcher module settings
    "/usr/share/fonts", "/usr/local/share/fonts", "/usr/share/fontconfig",  # fonts
    "/var/cache/fontconfig",  # the system font cache
    "/usr/share/zoneinfo", "/usr/share/locale", "/usr/lib/locale",  # dates and languages
    "/usr/share/X11", "/usr/share/icons", "/usr/share/mime",  # keyboard maps, icon theme, types
    "/proc", "/sys", "/dev",  # the kernel's own views (memory, CPUs, /dev/null, random)
)


@pytest.mark.skipif(shutil.which("strace") is None and not os.environ.get("KIOSK_REQUIRE_STRACE"),
                    reason="strace is not installed (CI installs it and sets KIOSK_REQUIRE_STRACE)")
def test_smoke_on_the_hostile_pack_opens_no_file_outside_the_pack_assets_python_and_qt(tmp_path):
    """Ensure a traced `kiosk --smoke` opens only the pack, the assets, Python, Qt and system files."""
    files = build_hostile_pack(tmp_path)
    home = tmp_path / "home"
    trace = tmp_path / "openat.trace"
    # No speech engine here: libspeechd reads the daemon's voice list (hundreds of KiB) one byte
    # per read() in the app's own thread, which under strace takes minutes. Speech has its own
    # tests (tests/ui/test_speech_real.py); this one is about the files the pack makes the app open.
    env = _env(home) | {"SPEECHD_CMD": str(tmp_path / "no-speech-dispatcher")}
    run = subprocess.run(["strace", "-f", "-qq", "-e", "trace=open,openat,openat2", "-o", str(trace),
                          *KIOSK, "--smoke", "--content", str(files["content"])],
                         capture_output=True, text=True, timeout=180, env=env, cwd=tmp_path)
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    opened = _opened(trace)
    assert str(files["secret"]) not in opened
    allowed = [
        str(files["content"]),  # the pack
        str(REPO / "assets"),  # the assets (bundled beside the source in this checkout)
        str(REPO / "kiosk"),  # the app's own package (an editable install)
        str(REPO / "content" / "en" / "strings.yaml"),  # the app's built-in English UI strings
        str(home),  # HOME, XDG folders (font cache, the rotating log), Qt's runtime dir, TMPDIR
        sys.prefix, sys.base_prefix, sysconfig.get_paths()["stdlib"],  # Python and the venv
        *SYSTEM_PREFIXES,
    ]
    # Python checks its start-up folder and cwd (tmp_path: holds nothing but this test's files).
    # Qt's font database probes this made-up name when the bundled typeface is registered.
    qt_probes = {":/non-existent"}
    outside = sorted(p for p in opened if p not in (str(REPO), str(tmp_path), *qt_probes)
                     and not any(p == a or p.startswith(a.rstrip("/") + "/") for a in allowed))
    assert outside == [], outside


def test_a_missing_content_folder_is_a_message_for_check_and_smoke_never_a_traceback(tmp_path):
    """Ensure check exits 1 naming the folder, and --smoke reports it, with no traceback."""
    missing = tmp_path / "no-such-content"
    env = _env(tmp_path / "home")
    check = subprocess.run([*KIOSK, "check", "--content", str(missing)], capture_output=True,
                           text=True, timeout=120, env=env, cwd=tmp_path)
    assert check.returncode == 1
    assert "no-such-content:1: content folder not found" in check.stdout  # relative to cwd
    assert "Traceback" not in check.stdout + check.stderr
    smoke = subprocess.run([*KIOSK, "--smoke", "--content", str(missing)], capture_output=True,
                           text=True, timeout=120, env=env, cwd=tmp_path)
    out = smoke.stdout + smoke.stderr
    assert "Traceback" not in out and "smoke: FAILED no guides loaded" in out
    assert "content folder not found" in out
