"""Who a name means on a date, from the office-holders table; and that table's own integrity.

The examples use the package's real table, so a wrong or missing row fails here.
"""

import csv
import datetime as dt
from itertools import combinations
from pathlib import Path

import pytest

from readouts.errors import ReadoutsError
from readouts.holders import Holder, fold_words, load_office_holders, name_words

DATA = Path(__file__).resolve().parents[1] / "src" / "readouts" / "data"
OFFICES = {"head_of_state", "head_of_government", "foreign_minister", "org_head",
           "vice_president", "crown_prince", "party_leader"}
# Different people's tenures in one office may overlap this much: a hand-over day
# counted twice, or a month-precision date ("2025-07") on either side.
OVERLAP_TOLERANCE = dt.timedelta(days=31)


@pytest.fixture(scope="module")
def holders():
    return load_office_holders()


def who(holders, name, on, title=None):
    """(country, office) of each match, for readable assertions."""
    return [(h.country, h.office) for h in holders.match(name, dt.date.fromisoformat(on) if on else None, title)]


# --- What a name means on a date ------------------------------------------------------------------

def test_a_surname_alone_is_the_one_holder_with_that_surname_in_office(holders):
    assert who(holders, "Lavrov", "2022-03-01") == [("RUS", "foreign_minister")]
    assert who(holders, "Modi", "2020-01-15") == [("IND", "head_of_government")]


@pytest.mark.parametrize("written", ["Sergei Lavrov", "Sergey Lavrov", "Sergey Viktorovich Lavrov",
                                     "Mr. Sergei Lavrov", "LAVROV"])
def test_transliterations_honorifics_and_patronymics(holders, written):
    assert who(holders, written, "2022-03-01") == [("RUS", "foreign_minister")]


def test_wang_yi_was_not_foreign_minister_while_qin_gang_was(holders):
    # Qin Gang was China's foreign minister from 2022-12-30 to 2023-07-25; Wang Yi before and after.
    assert who(holders, "Wang Yi", "2023-05-01") == []
    assert who(holders, "Qin Gang", "2023-05-01") == [("CHN", "foreign_minister")]
    assert who(holders, "Wang Yi", "2021-06-01") == [("CHN", "foreign_minister")]
    assert who(holders, "Wang Yi", "2023-09-01") == [("CHN", "foreign_minister")]


def test_name_order_is_free(holders):
    assert who(holders, "Kishida Fumio", "2022-06-01") == [("JPN", "head_of_government")]
    assert who(holders, "Fumio Kishida", "2016-04-01") == [("JPN", "foreign_minister")]


def test_accents_initials_and_suffixes_are_optional(holders):
    assert who(holders, "Mevlut Cavusoglu", "2020-01-01") == [("TUR", "foreign_minister")]
    assert who(holders, "H.E. Mr. Joseph R. Biden, Jr.", "2022-01-01") == [("USA", "head_of_state")]
    assert who(holders, "Joe Biden", "2022-01-01") == [("USA", "head_of_state")]


def test_a_name_outside_its_tenure_matches_nothing(holders):
    assert who(holders, "Boris Johnson", "2023-06-01") == []
    assert who(holders, "Sergey Lavrov", "2003-01-01") == []
    assert who(holders, "Angela Merkel", "2022-06-01") == []


def test_a_tenure_stretches_thirty_days_either_side(holders):
    # Kishida left office as prime minister on 2024-10-01.
    assert who(holders, "Fumio Kishida", "2024-10-20") == [("JPN", "head_of_government")]
    assert who(holders, "Fumio Kishida", "2024-12-01") == []


def test_an_ambiguous_surname_matches_nothing(holders):
    # Two Al Nahyans in office (the UAE's president and foreign minister) ...
    assert who(holders, "Nahyan", "2023-01-01") == []
    # ... and two Lis within a month of China's 2023 change of premier.
    assert who(holders, "Li", "2023-03-20") == []
    assert who(holders, "Li", "2024-01-01") == [("CHN", "head_of_government")]


def test_the_title_chooses_between_offices(holders):
    assert who(holders, "Biden", "2016-01-01") == [("USA", "vice_president")]
    assert who(holders, "Biden", "2016-01-01", title="President") == []
    assert who(holders, "Biden", "2022-01-01", title="President") == [("USA", "head_of_state")]
    assert who(holders, "Jaishankar", "2023-01-01", title="Foreign Minister") == [("IND", "foreign_minister")]
    assert who(holders, "Jaishankar", "2023-01-01", title="Prime Minister") == []


def test_a_title_written_before_the_name_is_read_as_the_title(holders):
    assert who(holders, "President Biden", "2022-01-01") == [("USA", "head_of_state")]
    assert who(holders, "Chancellor Merz", "2025-06-01") == [("DEU", "head_of_government")]
    assert who(holders, "Secretary Blinken", "2023-01-01") == [("USA", "foreign_minister")]


def test_one_person_in_two_offices_is_one_answer(holders):
    # Liz Truss left the Foreign Office for Downing Street on 2022-09-06.
    assert sorted(who(holders, "Truss", "2022-09-20")) == [("GBR", "foreign_minister"),
                                                            ("GBR", "head_of_government")]


def test_international_bodies(holders):
    assert who(holders, "von der Leyen", "2023-01-01") == [("EUR", "org_head")]
    assert who(holders, "Guterres", "2020-01-01") == [("UNO", "org_head")]
    assert who(holders, "Tusk", "2016-01-01") == [("EUR", "org_head")]
    assert who(holders, "Tusk", "2024-06-01") == [("POL", "head_of_government")]


def test_without_a_date_a_name_must_point_at_one_country(holders):
    assert who(holders, "Modi", None) == [("IND", "head_of_government")]
    assert set(who(holders, "Wang Yi", None)) == {("CHN", "foreign_minister")}
    assert who(holders, "Tusk", None) == []  # European Council, then Poland


def test_unknown_and_empty_names_match_nothing(holders):
    assert who(holders, "John Smith", "2020-01-01") == []
    assert who(holders, "Mr.", "2020-01-01") == []
    assert who(holders, "", "2020-01-01") == []


def test_name_words_drop_honorifics_suffixes_and_initials():
    assert name_words("H.E. Sheikh Abdullah bin Zayed Al-Nahyan") == ("abdullah", "bin", "zayed", "al", "nahyan")
    assert name_words("Antony J. Blinken") == ("antony", "blinken")
    assert name_words("Charles III") == ("charles", "iii")


# --- Reading a file ------------------------------------------------------------------------------

HEADER = "country\toffice\ttitle\tname\tvariants\tstart\tend\tsource\tsurname\n"


def table(tmp_path, *rows):
    path = tmp_path / "holders.tsv"
    path.write_text("# a comment\n" + HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def test_a_small_table_loads_with_partial_dates(tmp_path):
    path = table(tmp_path, "NLD\tforeign_minister\tMinister of Foreign Affairs\tDavid van Weel\t\t2025-08\t\tx\t")
    (holder,) = load_office_holders(path).holders
    assert holder == Holder(country="NLD", office="foreign_minister", title="Minister of Foreign Affairs",
                            name="David van Weel", start=dt.date(2025, 8, 1), end=None, source="x")


@pytest.mark.parametrize("row, reason", [
    ("RUS\tforeign_minister\tForeign Minister\tSergey Lavrov\t\t2004-03-09\t2004-02-01\tx\t", "before start"),
    ("RUS\tforeign_minister\tForeign Minister\tSergey Lavrov\t\t9 March 2004\t\tx\t", "bad date"),
    ("RUS\tforeign_minister\tForeign Minister\tSergey Lavrov\t\t2004-03-09\t\t\t", "empty source"),
    ("RUS\tforeign_minister\tForeign Minister\tSergey Lavrov\t\t2004-03-09\t\tx\tLa Vrov", "not one word"),
    ("RUS\tforeign_minister\tForeign Minister\tSergey Lavrov\t\t2004-03-09\t\tx\t\textra", "cells"),
])
def test_a_malformed_row_is_a_numbered_error_naming_file_and_line(tmp_path, row, reason):
    path = table(tmp_path, "CHN\tforeign_minister\tForeign Minister\tWang Yi\t\t2013-03-16\t\tx\tWang", row)
    with pytest.raises(ReadoutsError) as raised:
        load_office_holders(path)
    assert raised.value.code == "E050"
    assert f"{path} line 4" in str(raised.value) and reason in str(raised.value)


def test_a_missing_file_is_a_numbered_error(tmp_path):
    with pytest.raises(ReadoutsError) as raised:
        load_office_holders(tmp_path / "absent.tsv")
    assert raised.value.code == "E009"


# --- The package's table itself -------------------------------------------------------------------

def raw_rows(name):
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_every_country_code_is_in_countries_tsv(holders):
    known = {row["iso3"] for row in raw_rows("countries.tsv")} | {"IGO"}
    assert sorted({h.country for h in holders.holders} - known) == []


def test_every_office_is_a_known_one_and_every_row_has_a_title_and_source(holders):
    assert sorted({h.office for h in holders.holders} - OFFICES) == []
    assert [h.name for h in holders.holders if not h.title or not h.source.strip()] == []


def test_every_tenure_starts_before_it_ends(holders):
    assert [(h.name, h.start, h.end) for h in holders.holders if h.end and h.end < h.start] == []


def office_key(holder):
    # One code covers several bodies (EUR: Commission, Council, High Representative), told apart by title.
    return (holder.country, holder.office, holder.title if holder.office == "org_head" else "")


def test_no_two_people_hold_one_office_at_once(holders):
    by_office = {}
    for holder in holders.holders:
        by_office.setdefault(office_key(holder), []).append(holder)
    clashes = []
    far_future = dt.date(9999, 12, 31)
    for rows in by_office.values():
        for a, b in combinations(rows, 2):
            overlap = min(a.end or far_future, b.end or far_future) - max(a.start, b.start)
            if overlap > OVERLAP_TOLERANCE and (a.name != b.name or a.start != b.start):
                clashes.append((a.country, a.office, a.name, b.name))
    assert clashes == []


def test_every_office_has_at_most_one_incumbent(holders):
    incumbents = {}
    for holder in holders.holders:
        if holder.end is None:
            incumbents.setdefault(office_key(holder), []).append(holder.name)
    assert {k: v for k, v in incumbents.items() if len(v) > 1} == {}


def test_no_variant_is_a_bare_surname(holders):
    # The matcher derives surnames and checks they are unambiguous; a bare surname
    # written as a variant would only repeat that (or, for a given name, bypass it).
    wrong = []
    for holder in holders.holders:
        own = set(fold_words(holder.name))
        wrong += [(holder.name, v) for v in holder.variants
                  if len(fold_words(v)) == 1 and fold_words(v)[0] in own]
    assert wrong == []


def test_the_table_covers_the_g20_and_the_permanent_members(holders):
    g20 = {"ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX",
           "RUS", "SAU", "ZAF", "TUR", "GBR", "USA"}
    today = dt.date(2024, 1, 1)
    with_a_foreign_minister = {h.country for h in holders.holders
                               if h.office == "foreign_minister" and h.covers(today)}
    assert sorted(g20 - with_a_foreign_minister) == []
