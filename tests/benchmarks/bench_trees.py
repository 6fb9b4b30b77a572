"""This tree against another checkout of the app: start-up and booklet, in the same minutes.

"No worse than before" needs the old code measured beside the new on the same machine and the
same content. Make a worktree of the old commit, then:

  git worktree add /tmp/old e142ce8
  QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_trees.py /tmp/old [--runs 11]

Start-up: the bench's `app` child (tests/benchmarks/bench_children.py: the real `kiosk` command,
CPU time to the first painted home) run from each tree with PYTHONPATH and `--content` this
tree's content, alternating with the bare window. Booklet: each tree prints this tree's `en`
booklet into a PDF ten times in a process of its own (median of the last eight), alternating.
The old tree needs its own dependencies importable from this environment.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CHILD = HERE / "bench_children.py"

BOOKLET = r'''
import statistics, sys, tempfile, time
from pathlib import Path
tree, content = Path(sys.argv[1]), Path(sys.argv[2])
from kiosk.qtcompat import keep_singletons_alive
keep_singletons_alive()
from PySide6.QtWidgets import QApplication
app = QApplication([])
try:
    from kiosk.core.config import Settings
    from kiosk.core.content import load_library
except ImportError:  # the layout before issue 11
    from kiosk.config import Settings
    from kiosk.content import load_library
from kiosk import printing
library, _ = load_library(content / "en", tree / "assets")
target = printing.PrintTarget(pdf=Path(tempfile.mkdtemp()) / "booklet.pdf")
times = []
for _ in range(10):
    start = time.perf_counter()
    result = printing.print_booklet(library, Settings(), target)
    times.append((time.perf_counter() - start) * 1000)
print(f"{statistics.median(times[2:]):.1f} {result.pages}")
'''


def _env(tree: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               PYTHONPATH=str(tree), KIOSK_BENCH_T0=repr(time.monotonic()))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def start_cpu(tree: Path | None) -> float:
    args = [sys.executable, str(CHILD), "bare"] if tree is None else \
        [sys.executable, str(CHILD), "app", "--content", str(REPO / "content")]
    env = _env(tree or REPO)
    if tree is None:
        env.pop("PYTHONPATH")
    out = subprocess.run(args, env=env, cwd=tree or REPO, capture_output=True, text=True,
                         timeout=120, check=True)
    return json.loads([line for line in out.stdout.splitlines() if line.startswith("{")][-1])["cpu_ms"]


def booklet(tree: Path) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-c", BOOKLET, str(tree), str(REPO / "content")],
                         env=_env(tree), cwd=tree, capture_output=True, text=True, timeout=300,
                         check=True)
    ms, pages = out.stdout.split()[-2:]
    return float(ms), int(pages)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("old", type=Path, help="a checkout of the app to compare with")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--booklets", type=int, default=5)
    args = parser.parse_args()
    trees = {"old": args.old.resolve(), "new": REPO}
    for tree in (None, *trees.values()):  # warm the page cache and the .pyc files
        start_cpu(tree)
    cpu: dict[str, list[float]] = {"bare": [], "old": [], "new": []}
    for _ in range(args.runs):
        cpu["bare"].append(start_cpu(None))
        for name, tree in trees.items():
            cpu[name].append(start_cpu(tree))
    bare = statistics.median(cpu["bare"])
    print(f"start-up, CPU to the first painted home, median of {args.runs} alternating runs:")
    for name in ("bare", "old", "new"):
        median = statistics.median(cpu[name])
        print(f"  {name:<4} {median:5.0f} ms  {median / bare:.2f}x bare")
    print(f"booklet of this tree's en content, {args.booklets} alternating pairs:")
    for number in range(args.booklets):
        line = []
        for name, tree in trees.items():
            ms, pages = booklet(tree)
            line.append(f"{name} {ms:.0f} ms, {pages} pages, {ms / pages:.2f} ms a page")
        print(f"  pair {number + 1}: " + "; ".join(line))
    return 0


if __name__ == "__main__":
    sys.exit(main())
