"""The speed benchmark runs end to end on a tiny corpus and reports every measurement (no timing is
asserted: speed is measured by `benchmarks/speed.py` itself, on a real corpus)."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

from extractor.inputs import discover
from tests.conftest import SAMPLES

SPEED = Path(__file__).resolve().parent.parent / "benchmarks" / "speed.py"


def test_the_speed_benchmark_measures_every_run_and_writes_its_report(tmp_path):
    report_path = tmp_path / "speed.json"
    done = subprocess.run([sys.executable, str(SPEED), str(SAMPLES), "--docs", "4", "--rounds", "1",
                           "--json", str(report_path)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert (report["docs"], report["rounds"]) == (4, 1)
    assert set(report["runs"]) == {"help", "one file", "stock", "ner", "extract", "extract2"}
    assert all(run["process_s_min"] > 0 and run["peak_mib_max"] > 0 for run in report["runs"].values())
    assert set(report["ratios"]) == {"(b)/(a) extract vs stock", "(b)/(a3) extract vs ner alone",
                                     "(c)/(b) 2 workers vs 1"}
    assert {name: len(each) for name, each in report["round_ratios"].items()} == dict.fromkeys(report["ratios"], 1)
    assert set(report["cpu_ratios"]) == {"(b)/(a) extract vs stock", "(b)/(a3) extract vs ner alone"}
    assert all(report["runs"][kind]["cpu_s"] > 0 for kind in ("stock", "ner", "extract", "extract2"))
    assert report["tokens"] > 4 * 50  # counted by the model's tokenizer in the entity recognizer's run
    assert done.stdout.splitlines()[0].startswith("4 releases, ")


def test_a_corpus_cycled_for_more_releases_gives_that_many_inputs(tmp_path):
    """The command line reads a file linked twice once: the cycled releases must be files of their own."""
    spec = importlib.util.spec_from_file_location("speed", SPEED)
    speed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(speed)
    corpus, folder = tmp_path / "corpus", tmp_path / "folder"
    corpus.mkdir()
    folder.mkdir()
    for name in ("a.md", "b.txt"):
        (corpus / name).write_text(f"Release {name}.\n", encoding="utf-8")
    speed.corpus_folder(corpus, 5, folder)
    sources, failures = discover([str(folder)])
    assert (len(sources), failures) == (5, [])
