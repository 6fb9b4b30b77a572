"""Time `kiosk report` over simulated usage files: 200 kiosks x 365 days (73,000 files).

Usage: python tools/bench_report.py [--kiosks 200] [--days 365] [--keep DIR]
Writes the files with a fixed random seed (not timed), then runs `kiosk report` in a fresh process
as a clinic group's server would, and prints its wall time and CPU time (the budget is 10 s wall)
with the machine's load average, since a shared machine's wall time depends on it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kiosk.core import resources
from kiosk.core.content import GUIDE_NAME, Problem, load_questions
from kiosk.core.usage import DayCounts, day_file_bytes, file_name

START = dt.date(2025, 1, 1)


def simulate(outbox: Path, kiosks: int, days: int, seed: int = 19) -> int:
    """Write `kiosks` x `days` plausible day files (quiet weekends, a few busy guides)."""
    pack = resources.content_root() / "en"
    slugs = [GUIDE_NAME.match(p.name).group(2) for p in sorted((pack / "guides").glob("*.md"))]
    problems: list[Problem] = []
    questions = [q.id for q in load_questions(pack / "questions.yaml", problems).questions]
    chance = random.Random(seed)
    written = 0
    for number in range(kiosks):
        kiosk = f"clinic-{number // 4:03d}-kiosk-{number % 4}"
        folder = outbox / kiosk  # a group server keeps one Syncthing folder per kiosk
        folder.mkdir(parents=True, exist_ok=True)
        busy = chance.uniform(0.3, 1.6)
        for offset in range(days):
            day = START + dt.timedelta(days=offset)
            weekend = day.weekday() >= 5
            sessions = max(0, round(chance.gauss(4 if weekend else 18, 5) * busy))
            counts = DayCounts(sessions=sessions)
            for _ in range(sessions):
                for slug in chance.sample(slugs, chance.choice((1, 1, 2, 3))):
                    counts.guides_opened[slug] += 1
                    pages = chance.randint(1, 9)
                    counts.pages_shown += pages
                    if pages >= 7:
                        counts.guides_completed[slug] += 1
                for qid in chance.sample(questions, chance.choice((0, 0, 1, 2, 4))):
                    counts.questions_added[qid] += 1
                if chance.random() < 0.25:
                    counts.printed["question_sheet"] += 1
                if chance.random() < 0.08:
                    counts.printed["guide_handout"] += 1
                lang = "es" if chance.random() < 0.15 else "en"
                counts.session_languages[lang] += 1
                if lang == "es":
                    counts.session_languages["en"] += 1
                    counts.language_switches += 1
                counts.text_size_sessions += chance.random() < 0.2
                counts.high_contrast_sessions += chance.random() < 0.05
                counts.listen_sessions += chance.random() < 0.1
            (folder / file_name(kiosk, day)).write_bytes(day_file_bytes(kiosk, day, counts))
            written += 1
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiosks", type=int, default=200)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--keep", type=Path, help="write the files and the report here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch)
        outbox = root / "collected"
        started = time.perf_counter()
        written = simulate(outbox, args.kiosks, args.days)
        print(f"wrote {written} day files in {time.perf_counter() - started:.1f} s (not timed)")
        report = root / "report.html"
        load = os.getloadavg()[0]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "kiosk", "report", str(outbox), "-o",
                              str(report)], capture_output=True, text=True)
        took = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if run.returncode != 0:
            print(run.stderr, file=sys.stderr)
            return 1
        print(run.stdout.strip())
        print(f"kiosk report over {args.kiosks} kiosks x {args.days} days ({written} files): "
              f"{took:.2f} s wall, {cpu:.2f} s CPU (all its processes), page "
              f"{report.stat().st_size / 1000:.0f} kB; load average {load:.1f} on "
              f"{os.cpu_count()} cores when it started")
    return 0


if __name__ == "__main__":
    sys.exit(main())
