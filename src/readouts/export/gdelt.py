"""The engagements in GDELT 2.0's event format: tab-separated, no header, 61 positional columns.

One line per engagement and pair of countries, as in the engagement table.
Actor codes are CAMEO: the ISO3 country code, plus GOV when the side's people
hold government (or diplomatic) offices; an international organisation has
its CAMEO code instead ("IGOUNO", "IGOEUREEC", from `cameo_organizations.tsv`),
its own code as KnownGroupCode, IGO or NGO as Type1Code and no country. Places
use FIPS 10-4 country codes.
What Readouts does not know (ethnic and religion codes, tone, geographic
feature ids, coordinates of a place places.tsv does not locate) is left
empty; nothing is guessed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from readouts.export import coding
from readouts.export.records import EngagementRecord, engagement_records
from readouts.export.table import dyads, sql_date
from readouts.export.writing import replaced_on_success
from readouts.store import Store

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code"]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]

GDELT_COLUMNS: list[str] = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR), *(f"Actor2{f}" for f in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO), *(f"Actor2Geo_{f}" for f in _GEO), *(f"ActionGeo_{f}" for f in _GEO),
    "DATEADDED", "SOURCEURL",
]
"""GDELT 2.0 event table columns, in file order (61)."""

# GDELT geographic resolution: 1 country, 3 US city or landmark, 4 world city or landmark.
GEO_COUNTRY, GEO_US_CITY, GEO_WORLD_CITY = 1, 3, 4


def _clean(value) -> str:
    """A field as text: None is empty, and tabs or line breaks would break the positional format."""
    if value is None:
        return ""
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def _actor(record: EngagementRecord, iso3: str | None) -> dict:
    if not iso3:
        return {}
    people = record.people_of(iso3)
    organization = coding.cameo_organization(iso3, [p.organization for p in people])
    if organization is not None:  # no country: the organisation's code, its known-group code and IGO/NGO
        return {"Code": organization.code, "Name": organization.name.upper(),
                "KnownGroupCode": organization.known_group, "Type1Code": organization.kind}
    role = coding.actor_role([p.sector for p in people])
    return {"Code": iso3 + role, "Name": coding.country_name(iso3).upper(), "CountryCode": iso3,
            "Type1Code": role}


def _action_geo(record: EngagementRecord) -> dict:
    iso3, name = record.location_country, record.location_name
    if not iso3 and not name:
        return {}
    country = coding.country_name(iso3) if iso3 else ""
    if name and name != country:
        kind = GEO_US_CITY if iso3 == "USA" else GEO_WORLD_CITY
        adm1 = ""
    else:
        kind, adm1 = GEO_COUNTRY, coding.fips(iso3)
    lat, lon = coding.place_coordinates(name, iso3) or (None, None)
    return {"Type": kind, "FullName": coding.place_name(name, iso3), "CountryCode": coding.fips(iso3),
            "ADM1Code": adm1, "Lat": lat, "Long": lon}


def gdelt_rows(record: EngagementRecord) -> list[list[str]]:
    """The GDELT 2.0 lines of one engagement, each a list of 61 text fields."""
    day = record.day
    added = min((s.ingested_at for s in record.sources if s.ingested_at), default=None)
    goldstein = coding.goldstein(record.cameo)
    shared = {
        "GLOBALEVENTID": record.id,
        "SQLDATE": sql_date(day),
        "MonthYear": day.strftime("%Y%m") if day else None,
        "Year": day.year if day else None,
        "FractionDate": f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else None,
        "IsRootEvent": 1 if record.sources and record.sources[0].in_lead else 0,
        "EventCode": record.cameo,
        "EventBaseCode": coding.base_code(record.cameo),
        "EventRootCode": coding.root_code(record.cameo),
        "QuadClass": coding.quad_class(record.cameo),
        "GoldsteinScale": goldstein,
        "NumMentions": record.reports,
        "NumSources": len(record.sources),
        "NumArticles": len(record.sources),
        "DATEADDED": added.strftime("%Y%m%d%H%M%S") if added else None,
        "SOURCEURL": record.url,
        **{f"ActionGeo_{k}": v for k, v in _action_geo(record).items()},
    }
    lines = []
    for actor1, actor2 in dyads(record.countries):
        fields = {**shared,
                  **{f"Actor1{k}": v for k, v in _actor(record, actor1).items()},
                  **{f"Actor2{k}": v for k, v in _actor(record, actor2).items()}}
        lines.append([_clean(fields.get(column)) for column in GDELT_COLUMNS])
    return lines


def export_gdelt(store: Store, path: str | Path, since: date | None = None, until: date | None = None) -> int:
    """Write GDELT 2.0 event records (tab-separated, no header, 61 columns); return the number of lines.

    One line per engagement and pair of its countries, like the CSV table,
    with GDELT's column order (`GDELT_COLUMNS`). Load with
    ``pandas.read_csv(path, sep="\\t", header=None, names=GDELT_COLUMNS, dtype=str)``.
    Rejected engagements are left out.

    >>> export_gdelt(Store.open("readouts.db"), "events.gdelt.tsv")  # doctest: +SKIP
    42
    """
    written = 0
    with replaced_on_success(path, "w", encoding="utf-8", newline="\n") as handle:
        for record in engagement_records(store, since, until):
            for line in gdelt_rows(record):
                handle.write("\t".join(line) + "\n")
                written += 1
    return written
