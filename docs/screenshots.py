"""Regenerate the README's screenshots from the real output: `python docs/screenshots.py` (needs chromium).

The HTML view of a sample release, and `extractor summarize` on the samples' records as an 80-column
terminal shows it (Rich's SVG export, photographed by headless Chromium).
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console

from extractor import Extractor
from extractor.html_view import record_html
from extractor.summary import render_summary, summarize_lines

DOCS = Path(__file__).resolve().parent
SAMPLES = DOCS.parent / "samples"


def photograph(page: Path, png: Path, width: int, height: int, scale: float = 1.0) -> None:
    browser = shutil.which("chromium") or sys.exit("chromium is not installed")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--hide-scrollbars", f"--force-device-scale-factor={scale}", f"--user-data-dir={profile}", f"--screenshot={png}",
                        f"--window-size={width},{height}", page.as_uri()], check=True, capture_output=True)


def main() -> None:
    extractor = Extractor()
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        sample = SAMPLES / "brightpath-series-b.md"
        record = extractor.extract(sample.read_text(encoding="utf-8"), id=sample.stem, source=f"samples/{sample.name}",
                                   include_text=True)
        (work / "view.html").write_text(record_html(record), encoding="utf-8")
        photograph(work / "view.html", DOCS / "html-view.png", 1200, 900)

        command = [sys.executable, "-m", "extractor", "extract", str(SAMPLES), "--format", "jsonl", "--quiet"]
        summary = summarize_lines(subprocess.run(command, check=True, capture_output=True, text=True).stdout
                                  .splitlines())
        console = Console(record=True, width=80, file=io.StringIO())
        render_summary(summary, console, top=3)
        svg = console.export_svg(title="extractor summarize out.jsonl")
        width, height = (int(float(n)) for n in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
        (work / "summary.svg").write_text(svg, encoding="utf-8")
        photograph(work / "summary.svg", DOCS / "summary.png", width, height, scale=0.8)  # under 300 KB


if __name__ == "__main__":
    main()
