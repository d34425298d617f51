"""Domain knowledge read from the package's data files, loaded once per process.

Countries, places, organisations, offices, event triggers, topics and known
initiatives live in `readouts/data/` as TSV and YAML that an analyst can edit.
This module only reads and indexes them; it does not match them against text.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml


def _data_text(name: str) -> str:
    return resources.files("readouts").joinpath("data", name).read_text(encoding="utf-8")


def data_rows(name: str) -> list[dict[str, str]]:
    """The rows of a tab-separated table in `readouts/data/` (lines starting with # are comments)."""
    lines = [line for line in _data_text(name).splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t"))


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    cow: str | None = None
    gw: str | None = None
    iso2: str | None = None
    fips: str | None = None
    tld: str | None = None


@dataclass(frozen=True)
class Place:
    name: str
    iso3: str
    kind: str
    lat: float | None = None  # city centre, decimal degrees; None where places.tsv gives none
    lon: float | None = None


@dataclass(frozen=True)
class Organization:
    name: str
    iso3: str | None
    sector: str | None
    kind: str
    seats: frozenset[str] = frozenset()  # countries of its headquarters (international bodies)


@dataclass(frozen=True)
class KnownInitiative:
    name: str
    kind: str
    acronym: str | None
    forms: tuple[str, ...]
    nocase: bool


@dataclass
class Domain:
    """All domain tables, indexed for lookup. Build with `load_domain()`."""

    countries: dict[str, Country]
    country_by_form: dict[str, str]  # alias or name (exact case) -> iso3
    demonym_to_iso: dict[str, str]
    places: dict[str, Place]  # name or alias -> place
    organizations: dict[str, Organization]  # name or alias -> organisation
    office_heads: dict[str, str]  # lower-case head -> sector
    office_modifiers: frozenset[str]  # lower case
    lowercase_titles: frozenset[str]
    abbreviations: dict[str, dict[str, str]]
    country_offices: dict[str, str]  # lower-case title -> iso3
    office_organizations: dict[str, str]  # lower-case title -> organisation
    honorifics: tuple[str, ...]
    counterpart_words: frozenset[str]
    ministry_words: tuple[tuple[str, ...], ...]  # word sequences, longest first
    unused_title_words: dict[str, frozenset[str]]  # iso3 -> title words its officials never carry; "except"
    office_complement_words: frozenset[str]
    envoy_words: frozenset[str]
    rank_modifiers: frozenset[str]
    # CAMEO -> (PLOVER event, mode, contexts), None for the codes PLOVER drops (cameo_plover.tsv)
    plover_events: dict[str, tuple[str, str | None, tuple[str, ...]] | None]
    pending_suffixes: frozenset[str]
    events: dict[str, Any]
    topics: dict[str, list[str]]
    known_initiatives: list[KnownInitiative]
    initiative_heads: dict[str, str]
    initiative_weak_heads: frozenset[str]
    initiative_acronym_suffixes: frozenset[str]
    initiative_exclude: frozenset[str]
    publishers: dict[str, Any] = field(default_factory=dict)
    language: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def country_of(self, text: str) -> str | None:
        """ISO3 for a country name, alias or demonym as written, else None.

        >>> load_domain().country_of("U.S.")
        'USA'
        """
        text = text.strip()
        if text.startswith(("the ", "The ")):
            text = text[4:]
        for form in (text, text.rstrip(".")):
            if form in self.country_by_form:
                return self.country_by_form[form]
            if form in self.demonym_to_iso:
                return self.demonym_to_iso[form]
        if text.endswith(("'s", "’s")):
            return self.country_of(text[:-2])
        return None

    def country_name(self, iso3: str | None) -> str | None:
        country = self.countries.get(iso3 or "")
        return country.name if country else None

    def plover_of(self, cameo: str | None) -> tuple[str, str | None, tuple[str, ...]] | None:
        """The PLOVER (event, mode, contexts) of a CAMEO code, by the code, then its base code, then
        its root (cameo_plover.tsv); None for the codes PLOVER drops (01, 02) and unknown ones."""
        for code in (cameo, cameo[:3], cameo[:2]) if cameo else ():
            if code in self.plover_events:
                return self.plover_events[code]
        return None


@cache
def load_domain() -> Domain:
    """Read every data file once and return the indexed tables."""
    countries: dict[str, Country] = {}
    by_form: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for row in data_rows("countries.tsv"):
        country = Country(
            iso3=row["iso3"], name=row["name"], aliases=tuple(_split(row.get("aliases"))),
            demonyms=tuple(_split(row.get("demonyms"))),
            cow=row.get("cow") or None, gw=row.get("gw") or None,
            iso2=row.get("iso2") or None, fips=row.get("fips") or None, tld=row.get("tld") or None,
        )
        countries[country.iso3] = country
        for form in (country.name, *country.aliases):
            by_form.setdefault(form, country.iso3)
        for form in country.demonyms:
            demonyms.setdefault(form, country.iso3)

    places: dict[str, Place] = {}
    for row in data_rows("places.tsv"):
        place = Place(name=row["name"], iso3=row["iso3"], kind=row.get("kind") or "city",
                      lat=float(row["lat"]) if row.get("lat") else None,
                      lon=float(row["lon"]) if row.get("lon") else None)
        for form in (place.name, *_split(row.get("aliases"))):
            places.setdefault(form, place)

    organizations: dict[str, Organization] = {}
    for row in data_rows("organizations.tsv"):
        org = Organization(
            name=row["name"], iso3=row.get("iso3") or None,
            sector=row.get("sector") or None, kind=row.get("kind") or "office",
            seats=frozenset(_split(row.get("seats"))),
        )
        for form in (org.name, *_split(row.get("aliases"))):
            organizations.setdefault(form, org)

    offices = yaml.safe_load(_data_text("offices.yaml"))
    events = yaml.safe_load(_data_text("events.yaml"))
    topics = yaml.safe_load(_data_text("topics.yaml"))
    initiatives = yaml.safe_load(_data_text("initiatives.yaml"))
    publishers = yaml.safe_load(_data_text("publishers.yaml"))
    language = yaml.safe_load(_data_text("language.yaml"))

    known = []
    for item in initiatives["known"]:
        forms = [item["name"], *item.get("aliases", [])]
        if item.get("acronym"):
            forms.append(item["acronym"])
        known.append(KnownInitiative(
            name=item["name"], kind=item.get("kind", "other"), acronym=item.get("acronym"),
            forms=tuple(forms), nocase=bool(item.get("nocase")),
        ))

    return Domain(
        countries=countries,
        country_by_form=by_form,
        demonym_to_iso=demonyms,
        places=places,
        organizations=organizations,
        office_heads={k.lower(): v for k, v in offices["heads"].items()},
        office_modifiers=frozenset(m.lower() for m in offices["modifiers"]),
        lowercase_titles=frozenset(offices["lowercase_titles"]),
        abbreviations=offices["abbreviations"],
        country_offices={k.lower(): v for k, v in offices["country_offices"].items()},
        office_organizations={k.lower(): v for k, v in offices["office_organizations"].items()},
        honorifics=tuple(sorted(offices["honorifics"], key=len, reverse=True)),
        counterpart_words=frozenset(offices["counterpart_words"]),
        ministry_words=tuple(sorted((tuple(str(w).split()) for w in offices.get("ministry_words", [])),
                                    key=len, reverse=True)),
        unused_title_words={str(k): frozenset(str(w).lower() for w in v)
                            for k, v in (offices.get("unused_title_words") or {}).items()},
        office_complement_words=frozenset(w.lower() for w in offices["complement_words"]),
        envoy_words=frozenset(w.lower() for w in offices.get("envoy_words", [])),
        rank_modifiers=frozenset(w.lower() for w in offices.get("rank_modifiers", [])),
        plover_events={row["cameo"]: (row["event"], row["mode"] or None,
                                      tuple(c for c in row["context"].split(";") if c)) if row["event"] else None
                       for row in data_rows("cameo_plover.tsv")},
        pending_suffixes=frozenset(w.lower() for w in offices.get("pending_suffixes", [])),
        events=events,
        topics={k: [str(w).lower() for w in v] for k, v in topics.items()},
        known_initiatives=known,
        initiative_heads=initiatives["heads"],
        initiative_weak_heads=frozenset(initiatives["weak_heads"]),
        initiative_acronym_suffixes=frozenset(initiatives["acronym_suffixes"]),
        initiative_exclude=frozenset(initiatives["exclude"]),
        publishers=publishers,
        language=language,
    )
