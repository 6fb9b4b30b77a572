"""A private speech-dispatcher with espeak-ng and a silent sound output, for tests and CI.

It needs no sound card: speech-dispatcher plays through libao, and libao's "null" driver takes
the sound and drops it at once, so the engine goes Speaking -> Ready for every sentence as on a
kiosk, only faster. It listens on its own socket (SPEECHD_ADDRESS points the app there), never
touches the user's speech-dispatcher, and is stopped (with its espeak-ng module) when done.

As a program it runs one command with such a server, for .ci/run's smoke runs:
    python tests/speechd.py -- dist/kiosk/kiosk --smoke
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

MODULES = Path("/usr/lib/speech-dispatcher-modules")
MODULE_CONF = Path("/etc/speech-dispatcher/modules/espeak-ng.conf")


def missing() -> str:
    """What is not installed for a private server ('' when all of it is)."""
    if shutil.which("speech-dispatcher") is None:
        return "speech-dispatcher is not installed (apt install speech-dispatcher)"
    if not (MODULES / "sd_espeak-ng").exists():
        return "its espeak-ng module is not installed (apt install speech-dispatcher-espeak-ng)"
    return ""


@contextlib.contextmanager
def private_speechd(log_level: int = 3) -> Iterator[Path]:
    """Run speech-dispatcher on a socket of its own; yield the folder holding its log."""
    problem = missing()
    if problem:
        raise RuntimeError(problem)
    with tempfile.TemporaryDirectory(prefix="kiosk-speechd-") as folder:
        root = Path(folder)
        (root / "conf" / "modules").mkdir(parents=True)
        (root / "home").mkdir()
        (root / "log").mkdir()
        module_conf = MODULE_CONF.read_text() if MODULE_CONF.is_file() else ""
        (root / "conf" / "modules" / "espeak-ng.conf").write_text(module_conf)
        (root / "conf" / "speechd.conf").write_text(
            f'LogLevel {log_level}\nLogDir "{root / "log"}"\nAudioOutputMethod "libao"\n'
            'AddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"\nDefaultModule espeak-ng\n'
            'DefaultLanguage "en"\n')
        # libao reads its default driver from ~/.libao: only this server gets the silent one.
        (root / "home" / ".libao").write_text("default_driver=null\n")
        socket = root / "speechd.sock"
        env = dict(os.environ, HOME=str(root / "home"))
        server = subprocess.Popen(
            ["speech-dispatcher", "--run-single", "--timeout", "0", "--communication-method",
             "unix_socket", "--socket-path", str(socket), "--config-dir", str(root / "conf"),
             "--pid-file", str(root / "speechd.pid")],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        try:
            deadline = time.monotonic() + 20
            while not socket.exists():
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("speech-dispatcher did not start: "
                                       + server.stderr.read().decode(errors="replace")[-2000:])
                time.sleep(0.05)
            old = os.environ.get("SPEECHD_ADDRESS")
            os.environ["SPEECHD_ADDRESS"] = f"unix_socket:{socket}"
            try:
                yield root / "log"
            finally:
                if old is None:
                    os.environ.pop("SPEECHD_ADDRESS", None)
                else:
                    os.environ["SPEECHD_ADDRESS"] = old
        finally:
            # Its own session: the espeak-ng module it started goes with it.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, 15)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, 9)
                server.wait()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, 9)  # a module that outlived its server
            server.stderr.close()


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1:] if "--" in argv else argv
    if not command:
        print(__doc__)
        return 2
    with private_speechd():
        return subprocess.run(command).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
