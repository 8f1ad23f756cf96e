"""Start-up time of the app against a bare Textual hello app, measured the same way.

Run ``python -m bench.startup [RUNS]``.

Each probe is a fresh ``python`` process (interpreter start and imports included) that runs
an app headless at 120x40 and exits right after a screen has been painted
(``call_after_refresh(exit)``); we time the process from spawn to exit, 10 runs each
(interleaved, after one warm-up run each), and print the median and the spread. Byte-code
is cached (in a temporary folder) for both, as it is after an install.

- ``hello``: ``App`` with one ``Static("Hello")``.
- ``chronique``: what ``chronique`` does (``tui.cli`` imports, ``load_config()``, then the app
  on the shipped corpus), exiting after its first paint (the corpus loads in a thread from
  the start; a load done within ``tui.app.app.QUICK_LOAD`` paints the panes filled at once,
  a longer one the loading screen).
- ``chronique-ready``: the same, exiting after the corpus is shown in the three panes
  (cache warm: the first run fills it).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HELLO = """
from textual.app import App
from textual.widgets import Static

class Hello(App):
    def compose(self):
        yield Static("Hello")

    def on_mount(self):
        self.call_after_refresh(self.exit)

Hello().run(headless=True, size=(120, 40))
"""

CHRONIQUE = """
import sys
from tui.cli import global_parser  # what `chronique` imports before the app
from tui.config import load_config
from tui.app.app import ChroniqueApp

ready = sys.argv[1] == "ready"

class Probe(ChroniqueApp):
    def on_mount(self):
        super().on_mount()
        if not ready:
            self.call_after_refresh(self.exit)

    def on_corpus_shown(self, message):  # the main screen has filled the three panes
        if ready:
            self.call_after_refresh(self.exit)

config = load_config()
Probe(config.corpus, config).run(headless=True, size=(120, 40))
"""


# Byte-code is cached as after a normal install, but outside the source tree (this
# environment may set PYTHONDONTWRITEBYTECODE, which would compile every module on every run).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "chronique-probe-pycache")


def time_run(code: str, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, env=ENV, check=True, capture_output=True
    )
    return time.perf_counter() - start


def main(runs: int = 10) -> None:
    probes = {
        "hello": (HELLO,),
        "chronique": (CHRONIQUE, "paint"),
        "chronique-ready": (CHRONIQUE, "ready"),
    }
    time_run(CHRONIQUE, "ready")  # fill the ingest cache and the OS file cache
    time_run(HELLO)
    results = {}
    for _ in range(runs):  # interleaved, so drift hits every probe alike
        for name, (code, *args) in probes.items():
            results.setdefault(name, []).append(time_run(code, *args))
    hello = statistics.median(results["hello"])
    print(f"{'probe':<16} {'median':>8} {'min':>8} {'max':>8} {'vs hello':>9}   ({runs} runs)")
    for name, times in results.items():
        med = statistics.median(times)
        print(
            f"{name:<16} {med * 1000:7.0f}ms {min(times) * 1000:7.0f}ms {max(times) * 1000:7.0f}ms {med / hello:8.2f}x"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
