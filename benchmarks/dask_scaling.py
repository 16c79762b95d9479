"""Throughput of `extractor.dask` with 1 and then 2 Dask worker processes, and each worker's memory.

usage: python benchmarks/dask_scaling.py [CORPUS_DIR] [--docs 300] [--partition-size 16] [--json OUT.json]

Each run starts its own LocalCluster (one thread per worker process), waits until every worker has
loaded the pipeline (a worker plugin does it at start), then times `write_parts` over the first
--docs `.md` files of CORPUS_DIR (default ../shared/corpus/train) into a temporary folder: reading,
extraction and writing JSON Lines parts, as `extractor extract --dask local:N --output-dir` does.
Worker memory is the resident set (RSS) of each worker process after its run. The ratio compares
docs/s of 2 workers with 1; on a machine with 2 cores that other work shares, it comes out lower
than on idle cores.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "train"


def worker_rss_mib() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def measure(files: list[str], workers: int, partition_size: int) -> dict:
    from distributed import Client, LocalCluster

    from extractor import dask as on_dask

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client, tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        client.register_plugin(on_dask.PipelineLoader(), name=on_dask._plugin_name(on_dask.Options()))
        loaded = time.perf_counter()
        summary = on_dask.write_parts(files, client, out, partition_size=partition_size)
        done = time.perf_counter()
        rss = sorted(client.run(worker_rss_mib).values())
    return {"workers": workers, "docs": summary.tally.processed, "failed": summary.tally.failed,
            "load_seconds": round(loaded - started, 2), "seconds": round(done - loaded, 2),
            "docs_per_second": round(summary.tally.processed / (done - loaded), 2),
            "worker_rss_mib": [round(r) for r in rss]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--partition-size", type=int, default=16)
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "dask_scaling.json", help="where to write the results")
    args = parser.parse_args()
    files = sorted(str(p) for p in args.corpus.glob("*.md"))[:args.docs]
    if not files:
        sys.exit(f"no .md files in {args.corpus}")
    runs = [measure(files, workers, args.partition_size) for workers in (1, 2)]
    ratio = runs[1]["docs_per_second"] / runs[0]["docs_per_second"]
    result = {"corpus": str(args.corpus), "docs": len(files), "partition_size": args.partition_size, "runs": runs,
              "throughput_ratio_2_vs_1": round(ratio, 2)}
    for run in runs:
        print(f"{run['workers']} worker(s): {run['docs_per_second']:.1f} docs/s over {run['docs']} docs "
              f"({run['seconds']} s; pipeline load {run['load_seconds']} s); worker RSS {run['worker_rss_mib']} MiB")
    print(f"throughput ratio, 2 workers vs 1: {ratio:.2f}")
    args.json.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written to {args.json}")


if __name__ == "__main__":
    main()
