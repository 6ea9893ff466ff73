"""Build models/given_names.json: common given names, to tell a person from a firm.

The tagger labels "Arthur Goldberg" or "George Soros" an organisation in wire copy, and a
person's name filling a deal slot then becomes a deal party, which the contract forbids. A
two- or three-word name outside the knowledge base, without a company word, whose first word is
one of these given names is a person (pipeline.nlp.firm_filter). Names that are also the
first word of a knowledge-base firm ("Morgan" of Morgan Stanley, "Charles" of Charles Schwab)
stay in the list: the knowledge base wins for those firms.

Recipe (offline; needs the `train` extra for Faker, whose name lists come from public
census and registry data, MIT licence):

    python -m pipeline.nlp.build_given_names
"""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from pipeline.nlp.resources import write_name_list

MODELS = Path(__file__).resolve().parents[2] / "models"
LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "it_IT", "es_ES", "nl_NL", "sv_SE", "ja_JP")
LISTS = ("first_names", "first_names_male", "first_names_female",
         "first_romanized_names", "first_romanized_names_male", "first_romanized_names_female")


def collect_given_names(locales: tuple[str, ...] = LOCALES) -> set[str]:
    out: set[str] = set()
    for loc in locales:
        provider = importlib.import_module(f"faker.providers.person.{loc}").Provider  # build-time only
        for attr in LISTS:
            names = getattr(provider, attr, None) or ()
            out |= {n for n in names if n[:1].isupper() and n.isalpha() and len(n) > 1}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=MODELS / "given_names.json")
    args = ap.parse_args(argv)
    import faker
    names = sorted(collect_given_names())
    write_name_list(args.out, names, f"Given names of the {', '.join(LOCALES)} person providers of Faker {faker.VERSION} "
                    "(MIT licence). Built by pipeline/nlp/build_given_names.py. A two- or three-word name "
                    "outside the knowledge base, with no company word, that starts with one of these is a person.")
    print(f"{len(names)} given names -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
