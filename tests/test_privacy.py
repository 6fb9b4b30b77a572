"""Nothing a patient picks or types reaches the disk (other than the sheet they print) or the log."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

HERE = Path(__file__).resolve().parent
TYPED = "Can I still lift my grandson with this shoulder"


def test_a_whole_session_leaves_no_patient_text_in_home_xdg_temp_or_the_log(tmp_path):
    watched = {name: tmp_path / name for name in
               ("home", "config", "cache", "data", "state", "runtime", "tmp")}
    for folder in watched.values():
        folder.mkdir(mode=0o700)
    out = tmp_path / "printed"
    out.mkdir()
    # Usage counts on (the default outbox, in the watched data folder): they must hold ids and
    # numbers only, never what the patient typed or the wording of what they picked.
    (watched["config"] / "pain-kiosk").mkdir()
    (watched["config"] / "pain-kiosk" / "kiosk.toml").write_text("usage_counts = true\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(HOME=str(watched["home"]), XDG_CONFIG_HOME=str(watched["config"]),
               XDG_CACHE_HOME=str(watched["cache"]), XDG_DATA_HOME=str(watched["data"]),
               XDG_STATE_HOME=str(watched["state"]), XDG_RUNTIME_DIR=str(watched["runtime"]),
               TMPDIR=str(watched["tmp"]), TEMP=str(watched["tmp"]), TMP=str(watched["tmp"]))
    run = subprocess.run([sys.executable, str(HERE / "privacy_session.py"), str(out), TYPED],
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    lines = run.stdout.splitlines()
    picked = [line[len("PICKED "):] for line in lines if line.startswith("PICKED ")]
    visit_words = [line[len("VISIT "):] for line in lines if line.startswith("VISIT ")]
    log_path = Path(next(line[4:] for line in lines if line.startswith("LOG ")))
    assert len(picked) == 3 and len(visit_words) == 6
    assert "LEFTOVERS []" in lines
    picked_ids = [line[len("PICKED_ID "):] for line in lines if line.startswith("PICKED_ID ")]
    outbox = Path(next(line[6:] for line in lines if line.startswith("USAGE ")))
    assert str(outbox).startswith(str(watched["data"]))
    usage_files = list(outbox.glob("usage-*.json"))
    assert len(usage_files) == 1
    counts = json.loads(usage_files[0].read_text())["counts"]
    assert counts["sessions"] == 1 and sorted(counts["questions_added"]) == sorted(picked_ids)
    assert counts["printed"] == {"question_sheet": 1, "visit_sheet": 1}  # counts, never answers

    # The texts really went through the app: they are on the sheet the patient printed...
    printed = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out / "sheet.pdf").pages)
    assert TYPED in printed and all(" ".join(q.split()) in printed for q in picked)
    reader = PdfReader(out / "visit.pdf")
    visit_sheet = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert all(word in visit_sheet for word in visit_words) and len(reader.pages) == 1
    # ...and the log is where the app says, inside the watched folders, and it was written to.
    assert log_path.is_file() and str(log_path).startswith(str(tmp_path))
    log = log_path.read_text()
    assert "unexpected error" in log and "patient session reset" in log
    assert "[patient text removed]" in log  # the error quoting the typed text was redacted

    secrets = [TYPED, *picked, TYPED[:20], *[q[:25] for q in picked], *visit_words]
    leaks = []
    for folder in watched.values():
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                for secret in secrets:
                    for encoding in ("utf-8", "utf-16-le"):
                        if secret.encode(encoding) in data:
                            leaks.append((str(path.relative_to(tmp_path)), secret))
    assert leaks == []
    assert "lift my grandson" not in run.stderr  # the console log is redacted as well
    assert visit_words[0] not in run.stderr  # the marked region the error quoted, too
