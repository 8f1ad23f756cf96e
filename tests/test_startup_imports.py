"""What a start imports: the configuration and a warm load (the corpus read back from the
cache snapshot) need none of the extraction code, nor the matcher, nor the cache's writer.

Each check runs in a fresh interpreter: ``sys.modules`` of the test process holds everything.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Modules a warm start must not import: the extraction (its patterns cost ~50 ms to compile),
# the readers' heavy stdlib, the fuzzy matcher (built on the first filter keystroke), and the
# code that ingests and packs files for the cache (a snapshot hit does neither).
EXTRACTION = [
    "tui.ingest.entities.extract",
    "tui.ingest.entities.candidates",
    "tui.ingest.entities.lexicon",
    "tui.ingest.entities.votes",
    "tui.ingest.entities.linking",
    "tui.ingest.entities.titles",
    "tui.ingest.structure",
    "tui.ingest.dates",
    "tui.ingest.quotes",
    "email.utils",
]
WARM_LOAD_NEVER = [
    *EXTRACTION,
    "yaml",
    "tui.search",
    "rapidfuzz",
    "tui.store.packed",
    "tui.ingest.pool",
    "tui.ingest.formats",
    "sqlite3",
]
# What the app's first screen, the corpus shown, does not need either: the text search's
# index (opened on the first search).
FIRST_SCREEN_NEVER = [*WARM_LOAD_NEVER, "tui.fulltext"]


def _warm_corpus(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    for f in corpus.iterdir():  # older than the racy window, so the snapshot is kept
        st = f.stat()
        os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns - 10_000_000_000))
    return corpus, {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}


def _run(code: str, env: dict[str, str]) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def _imported(modules: list[str]) -> str:
    return f"print(sorted(m for m in {modules!r} if m in sys.modules))"


def test_the_command_line_and_the_configuration_import_no_extraction_code():
    code = (
        "import sys\nfrom tui.cli import global_parser\nfrom tui.config import load_config\n"
        "config = load_config()\n" + _imported([*EXTRACTION, "yaml"])
    )
    # (the shipped configuration's parse ships with it: no YAML either)
    assert _run(code, dict(os.environ)) == "[]"


def test_a_warm_load_imports_no_extraction_matcher_or_cache_writer(tmp_path):
    corpus, env = _warm_corpus(tmp_path)
    code = (
        "import sys\nfrom pathlib import Path\nfrom tui.cli import global_parser\n"
        "from tui.config import load_config\nfrom tui.loader import load_corpus_report\n"
        f"corpus, report = load_corpus_report(Path({str(corpus)!r}), load_config())\n"
        "assert len(corpus.articles) == 3 and len(corpus.entities) > 10\n"
        "print(report.snapshot)\n" + _imported(WARM_LOAD_NEVER)
    )
    cold = _run(code, env).splitlines()
    assert cold[0] == "False"  # the first load ingests (and imports the extraction)
    assert "tui.ingest.entities.lexicon" in cold[1] or "tui.ingest.entities.extract" in cold[1]
    warm = _run(code, env).splitlines()
    assert warm == ["True", "[]"]


def test_the_apps_filled_first_screen_imports_none_of_it_either(tmp_path):
    """As ``chronique`` starts on a warm cache (bench/startup.py's probe): the app exits once
    the three panes show the corpus."""
    corpus, env = _warm_corpus(tmp_path)
    code = (
        "import sys\nfrom pathlib import Path\nfrom tui.cli import global_parser\n"
        "from tui.config import load_config\nfrom tui.app.app import ChroniqueApp\n"
        "class Probe(ChroniqueApp):\n"
        "    def on_corpus_shown(self, message):\n"
        "        self.shown = len(self.corpus.articles)\n"
        "        self.call_after_refresh(self.exit)\n"
        f"app = Probe(Path({str(corpus)!r}), load_config())\n"
        "app.run(headless=True, size=(120, 40))\n"
        "print(app.shown)\n" + _imported(FIRST_SCREEN_NEVER)
    )
    _run(code, env)  # fills the cache
    assert _run(code, env).splitlines() == ["3", "[]"]


def _collector_probe(root: Path, message: str) -> str:
    """An app started on ``root`` that prints whether the garbage collector runs before the
    first frame, on ``message`` (handled before the app's own handler), and after the app."""
    return (
        "import gc\nfrom pathlib import Path\nfrom tui.config import load_config\n"
        "from tui.app.app import ChroniqueApp\n"
        "print(gc.isenabled())\n"
        "class Probe(ChroniqueApp):\n"
        f"    def on_{message}(self, message):\n"
        "        print(gc.isenabled())\n"
        "        self.call_after_refresh(self.exit)\n"
        f"app = Probe(Path({str(root)!r}), load_config())\n"
        "app.run(headless=True, size=(120, 40))\n"
        "print(gc.isenabled(), gc.get_freeze_count() > 0)\n"
    )


def test_the_garbage_collector_is_paused_from_the_apps_import_to_its_corpus_shown(tmp_path):
    """tui/app/collector.py: off while the app starts, on again (what the start made frozen)
    once the corpus is shown, or once its load has failed."""
    corpus, env = _warm_corpus(tmp_path)
    _run(_collector_probe(corpus, "corpus_shown"), env)  # fills the cache
    assert _run(_collector_probe(corpus, "corpus_shown"), env).splitlines() == [
        "False",
        "False",
        "True True",
    ]
    missing = tmp_path / "missing"
    assert _run(_collector_probe(missing, "load_failed"), env).splitlines() == [
        "False",
        "False",
        "True True",
    ]
