"""CAMEO and GDELT codes derived from an engagement: base and root codes, QuadClass, Goldstein, actor codes, FIPS.

The Goldstein weights are data (`readouts/data/goldstein.tsv`); the country
codes come from `countries.tsv` through `readouts.domain`. Nothing here reads
the knowledge base or writes files.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

from readouts.domain import load_domain

# CAMEO actor role for a PLOVER-style office sector. CAMEO has no diplomat
# role: ministers of foreign affairs and ambassadors are coded GOV.
GOVERNMENT_SECTORS = frozenset({"GOV", "DIP"})


@cache
def goldstein_table() -> dict[str, float]:
    """CAMEO event code (string, leading zero kept) -> Goldstein weight, from goldstein.tsv."""
    text = resources.files("readouts").joinpath("data", "goldstein.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {row["cameo"]: float(row["goldstein"]) for row in csv.DictReader(io.StringIO("\n".join(lines)),
                                                                              delimiter="\t")}


def base_code(cameo: str | None) -> str:
    """The 3-character CAMEO base code: "0421" -> "042"; "" when unknown."""
    return cameo[:3] if cameo else ""


def root_code(cameo: str | None) -> str:
    """The 2-character CAMEO root code: "042" -> "04"; "" when unknown."""
    return cameo[:2] if cameo else ""


def quad_class(cameo: str | None) -> int | None:
    """GDELT's QuadClass from the CAMEO root: 1 verbal cooperation (01-05), 2 material cooperation (06-09),
    3 verbal conflict (10-14), 4 material conflict (15-20); None when unknown.

    >>> quad_class("042"), quad_class("057"), quad_class("061")
    (1, 1, 2)
    """
    root = root_code(cameo)
    if not root.isdigit():
        return None
    number = int(root)
    for quad, last in ((1, 5), (2, 9), (3, 14), (4, 20)):
        if 1 <= number <= last:
            return quad
    return None


def goldstein(cameo: str | None) -> float | None:
    """The Goldstein weight of a CAMEO code (by its base code when the full code is not listed)."""
    if not cameo:
        return None
    table = goldstein_table()
    return table.get(cameo, table.get(base_code(cameo)))


def actor_role(sectors: list[str | None]) -> str:
    """The CAMEO role of one side: "GOV" when any of its people holds a government office, else ""."""
    return "GOV" if any(s in GOVERNMENT_SECTORS for s in sectors) else ""


def fips(iso3: str | None) -> str:
    """The FIPS 10-4 code GDELT uses for places ("KEN" -> "KE", "DEU" -> "GM"); "" when none."""
    country = load_domain().countries.get(iso3 or "")
    return (country.fips or "") if country else ""


def country_name(iso3: str | None) -> str:
    """The country's English short name, or the code as given when unknown."""
    return load_domain().country_name(iso3) or (iso3 or "")


def place_name(name: str | None, iso3: str | None) -> str:
    """"Nairobi, Kenya"; "Kenya" for a country-level place; "" when unknown."""
    country = country_name(iso3) if iso3 else ""
    if name and country and name != country:
        return f"{name}, {country}"
    return name or country
