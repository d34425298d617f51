"""CAMEO, GDELT and PLOVER codes derived from an engagement: base and root codes, QuadClass, Goldstein,
actor codes, FIPS, and the PLOVER event, mode, context and entity codes.

The tables are data in `readouts/data/`: Goldstein weights (`goldstein.tsv`),
international organisations' CAMEO actor codes (`cameo_organizations.tsv`),
the CAMEO to PLOVER conversion (`cameo_plover.tsv`), topic to PLOVER context
(`plover_contexts.tsv`) and PLOVER entity codes (`plover_entities.tsv`); the
country codes come from `countries.tsv` through `readouts.domain`. Nothing
here reads the knowledge base or writes files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from readouts.domain import data_rows, load_domain

# CAMEO actor role for a PLOVER-style office sector. CAMEO has no diplomat
# role: ministers of foreign affairs and ambassadors are coded GOV.
GOVERNMENT_SECTORS = frozenset({"GOV", "DIP"})


@cache
def goldstein_table() -> dict[str, float]:
    """CAMEO event code (string, leading zero kept) -> Goldstein weight, from goldstein.tsv."""
    return {row["cameo"]: float(row["goldstein"]) for row in data_rows("goldstein.tsv")}


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


@dataclass(frozen=True)
class CameoOrganization:
    """An international organisation as a CAMEO actor: "IGOUNO", known group "UNO"."""

    name: str  # "" for a generic code with no organisation known by name
    code: str
    known_group: str

    @property
    def kind(self) -> str:
        """CAMEO's actor type: IGO or NGO."""
        return self.code[:3]


@cache
def _cameo_organizations() -> tuple[dict[str, CameoOrganization], dict[str, CameoOrganization]]:
    by_name: dict[str, CameoOrganization] = {}
    by_side: dict[str, CameoOrganization] = {}
    for row in data_rows("cameo_organizations.tsv"):
        organization = CameoOrganization(row["name"], row["cameo"], row["known_group"])
        if row["name"]:
            by_name[row["name"]] = organization
        by_side.setdefault(row["side"], organization)  # a side's first row is its default
    return by_name, by_side


def cameo_organization(side: str | None, organizations: Iterable[str | None] = ()) -> CameoOrganization | None:
    """The CAMEO actor of a side that is an international organisation (UNO, EUR, IGO, NGO), by the
    organisation its people belong to when `cameo_organizations.tsv` knows it, else the side's
    default; None for a country.

    >>> cameo_organization("UNO"), cameo_organization("KEN")
    (CameoOrganization(name='United Nations', code='IGOUNO', known_group='UNO'), None)
    >>> cameo_organization("IGO", ["North Atlantic Treaty Organization"]).code
    'IGOWSTNAT'
    >>> cameo_organization("IGO", ["Pacific Islands Forum"])
    CameoOrganization(name='Pacific Islands Forum', code='IGO', known_group='')
    """
    by_name, by_side = _cameo_organizations()
    default = by_side.get(side or "")
    if default is None:
        return None
    named = Counter(o for o in organizations if o).most_common()
    for name, _ in named:
        if name in by_name:
            return by_name[name]
    if not default.name and named:  # a generic code: name the organisation all the same
        return CameoOrganization(named[0][0], default.code, default.known_group)
    return default


def fips(iso3: str | None) -> str:
    """The FIPS 10-4 code GDELT uses for places ("KEN" -> "KE", "DEU" -> "GM"); "" when none."""
    country = load_domain().countries.get(iso3 or "")
    return (country.fips or "") if country else ""


def country_name(iso3: str | None) -> str:
    """The country's English short name, or the code as given when unknown."""
    return load_domain().country_name(iso3) or (iso3 or "")


def place_coordinates(name: str | None, iso3: str | None) -> tuple[float, float] | None:
    """Latitude and longitude of a place in places.tsv (of that country), or None where unknown.

    >>> place_coordinates("Nairobi", "KEN"), place_coordinates("Nairobi", "JPN"), place_coordinates("Kenya", "KEN")
    ((-1.29, 36.82), None, None)
    """
    place = load_domain().places.get(name or "")
    if place is None or place.iso3 != iso3 or place.lat is None or place.lon is None:
        return None
    return place.lat, place.lon


def place_name(name: str | None, iso3: str | None) -> str:
    """"Nairobi, Kenya"; "Kenya" for a country-level place; "" when unknown."""
    country = country_name(iso3) if iso3 else ""
    if name and country and name != country:
        return f"{name}, {country}"
    return name or country


@dataclass(frozen=True)
class PloverCoding:
    """The PLOVER coding of a CAMEO code: event category, mode (or None) and contexts."""

    event: str
    mode: str | None
    contexts: tuple[str, ...]


def plover_coding(cameo: str | None) -> PloverCoding | None:
    """The PLOVER coding of a CAMEO code (by its base code, then its root, when not listed itself);
    None when PLOVER has no event for it: a statement or appeal (01, 02), or no or an unknown code.

    >>> plover_coding("057")
    PloverCoding(event='SUPPORT', mode=None, contexts=('diplomatic',))
    >>> plover_coding("041").mode, plover_coding("010"), plover_coding(None)
    ('phone', None, None)
    """
    coding = load_domain().plover_of(cameo)
    return PloverCoding(*coding) if coding else None


def plover_drops(cameo: str | None) -> bool:
    """Whether PLOVER drops the CAMEO code's category: make public statement (01) and appeal (02)."""
    return root_code(cameo) in ("01", "02")


@cache
def _topic_contexts() -> dict[str, str]:
    return {row["topic"]: row["context"] for row in data_rows("plover_contexts.tsv")}


def plover_contexts(topics: list[str]) -> list[str]:
    """The PLOVER contexts of Readouts topics, from plover_contexts.tsv (topics without one add none).

    >>> plover_contexts(["trade", "investment", "culture"])
    ['economic']
    """
    table = _topic_contexts()
    return sorted({table[t] for t in topics if t in table})


@cache
def _plover_entities() -> dict[str, tuple[str, str]]:
    return {row["code"]: (row["plover"], row["sector"] or "") for row in data_rows("plover_entities.tsv")}


def plover_entity(code: str) -> tuple[str, str]:
    """PLOVER's actor code for one of ours and the sector it adds ("" for none), from plover_entities.tsv.

    >>> plover_entity("KEN"), plover_entity("XKX"), plover_entity("PRI"), plover_entity("ESH")
    (('KEN', ''), ('KOS', ''), ('USA', ''), ('MAR', 'PRE'))
    """
    return _plover_entities().get(code, (code, ""))
