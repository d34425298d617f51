"""Consistency checks for the country and place tables in ``readouts/data``.

These tables are hand-edited by analysts; the tests catch the mistakes that
are easy to make there (a string given to two countries, a place pointing at
a country that is not in the table), not the extractor's behaviour.
"""

import csv
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "src" / "readouts" / "data"
COUNTRY_COLUMNS = ["iso3", "name", "aliases", "demonyms", "cow", "gw", "iso2", "fips", "tld"]
PLACE_COLUMNS = ["name", "iso3", "kind", "aliases", "lat", "lon"]
PLACE_KINDS = {"capital", "city", "region", "island", "venue"}


def read_table(name):
    """Return (header, rows) of a TSV data file, skipping leading '#' lines."""
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    return header, [dict(zip(header, row)) for row in reader]


def split(field):
    return [part for part in field.split("|") if part]


@pytest.fixture(scope="module")
def countries():
    return read_table("countries.tsv")


@pytest.fixture(scope="module")
def places():
    return read_table("places.tsv")


@pytest.fixture(scope="module")
def country_strings(countries):
    """Map each casefolded name/alias/demonym to the set of iso3 codes using it."""
    found = {}
    for row in countries[1]:
        for text in [row["name"], *split(row["aliases"]), *split(row["demonyms"])]:
            found.setdefault(text.casefold(), set()).add(row["iso3"])
    return found


@pytest.fixture(scope="module")
def place_strings(places):
    found = {}
    for row in places[1]:
        for text in [row["name"], *split(row["aliases"])]:
            found.setdefault(text.casefold(), []).append(row["iso3"])
    return found


def test_headers(countries, places):
    assert countries[0] == COUNTRY_COLUMNS
    assert places[0] == PLACE_COLUMNS


def test_rows_have_every_column(countries, places):
    for header, rows in (countries, places):
        for row in rows:
            assert len(row) == len(header), row


def test_iso3_codes_are_three_capitals(countries, places):
    for row in countries[1] + places[1]:
        assert re.fullmatch(r"[A-Z]{3}", row["iso3"]), row


def test_iso3_unique_in_countries(countries):
    codes = [row["iso3"] for row in countries[1]]
    assert len(codes) == len(set(codes))


def test_every_place_points_at_a_known_country(countries, places):
    codes = {row["iso3"] for row in countries[1]}
    assert {row["iso3"] for row in places[1]} <= codes


def test_coordinates_are_both_given_and_in_range_or_both_empty(places):
    for row in places[1]:
        assert bool(row["lat"]) == bool(row["lon"]), row
        if row["lat"]:
            assert re.fullmatch(r"-?\d{1,3}\.\d{2}", row["lat"]) and re.fullmatch(r"-?\d{1,3}\.\d{2}", row["lon"]), row
            assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180, row
    capitals = {row["name"]: (float(row["lat"]), float(row["lon"])) for row in places[1] if row["lat"]}
    assert capitals["Nairobi"] == (-1.29, 36.82) and capitals["Canberra"] == (-35.28, 149.13)
    assert all(row["lat"] for row in places[1] if row["kind"] == "capital" and row["name"] in ("Tokyo", "Lima"))


def test_place_kinds(places):
    assert {row["kind"] for row in places[1]} <= PLACE_KINDS


def test_cow_and_gw_are_numbers_or_empty(countries):
    for row in countries[1]:
        for column in ("cow", "gw"):
            assert row[column] == "" or row[column].isdigit(), row


def test_no_country_string_maps_to_two_countries(country_strings):
    clashes = {text: codes for text, codes in country_strings.items() if len(codes) > 1}
    assert clashes == {}


def test_no_alias_starts_with_the(countries):
    for row in countries[1]:
        for alias in split(row["aliases"]):
            assert not alias.casefold().startswith("the "), alias


def test_place_strings_unique_and_distinct_from_countries(place_strings, country_strings):
    duplicated = {text: codes for text, codes in place_strings.items() if len(codes) > 1}
    assert duplicated == {}
    assert sorted(set(place_strings) & set(country_strings)) == []


@pytest.mark.parametrize(
    "text, iso3",
    [
        ("U.S.", "USA"),
        ("UAE", "ARE"),
        ("Emirati", "ARE"),
        ("Britain", "GBR"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("EU", "EUR"),
        ("UN", "UNO"),
        ("Côte d'Ivoire", "CIV"),
        ("Ivory Coast", "CIV"),
        ("Congo", "COG"),
        ("DRC", "COD"),
        ("Dominican", "DOM"),
        ("Burma", "MMR"),
    ],
)
def test_country_spot_checks(country_strings, text, iso3):
    assert country_strings[text.casefold()] == {iso3}


@pytest.mark.parametrize(
    "text, iso3",
    [
        ("Kiev", "UKR"),
        ("Kyiv", "UKR"),
        ("Bali", "IDN"),
        ("Putrajaya", "MYS"),
        ("Washington", "USA"),
        ("Tripoli", "LBY"),
        ("Jerusalem", "ISR"),
        ("Bangalore", "IND"),
    ],
)
def test_place_spot_checks(place_strings, text, iso3):
    assert place_strings[text.casefold()] == [iso3]


def test_war_codes_spot_checks(countries):
    by_code = {row["iso3"]: row for row in countries[1]}
    assert by_code["IND"]["cow"] == "750"
    assert by_code["USA"]["cow"] == "2"
    assert by_code["DEU"]["cow"] == "255"
    assert by_code["DEU"]["gw"] == "260"
    assert (by_code["SRB"]["cow"], by_code["SRB"]["gw"]) == ("345", "340")


def test_iso2_codes_are_unique_two_capitals(countries):
    codes = [row["iso2"] for row in countries[1] if row["iso2"]]
    for code in codes:
        assert re.fullmatch(r"[A-Z]{2}", code), code
    assert len(codes) == len(set(codes))


def test_fips_codes_are_unique_two_capitals(countries):
    codes = [row["fips"] for row in countries[1] if row["fips"]]
    for code in codes:
        assert re.fullmatch(r"[A-Z]{2}", code), code
    assert len(codes) == len(set(codes))


def test_tlds_are_lowercase_letters(countries):
    for row in countries[1]:
        assert row["tld"] == "" or re.fullmatch(r"[a-z]{2}", row["tld"]), row


@pytest.mark.parametrize(
    "iso3, iso2, fips, tld",
    [
        ("IND", "IN", "IN", "in"),
        ("GBR", "GB", "UK", "uk"),
        ("DEU", "DE", "GM", "de"),
        ("CHN", "CN", "CH", "cn"),
        ("JPN", "JP", "JA", "jp"),
        ("USA", "US", "US", "us"),
        ("EUR", "EU", "", "eu"),
        ("UNO", "", "", ""),
    ],
)
def test_code_spot_checks(countries, iso3, iso2, fips, tld):
    row = {row["iso3"]: row for row in countries[1]}[iso3]
    assert (row["iso2"], row["fips"], row["tld"]) == (iso2, fips, tld)
