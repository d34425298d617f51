"""Exports of the knowledge base: CSV, JSON Lines, Parquet, GDELT 2.0, PLOVER, GEXF, GraphML (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import igraph
import jsonschema
import networkx as nx
import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytest

from readouts.errors import ReadoutsError
from readouts.export import (
    COLUMN_NAMES,
    GDELT_COLUMNS,
    export,
    export_engagements_csv,
    export_engagements_jsonl,
    export_gdelt,
    export_network,
    export_parquet,
    export_plover,
)
from readouts.export import coding
from readouts.export.gdelt import gdelt_rows
from readouts.export.plover import PloverCounts, left_out_because, plover_record
from readouts.export.records import EngagementRecord, Participant, Source
from readouts.export.table import engagement_rows
from readouts.schema import Document
from readouts.store import Store

TRILATERAL = ("Chile, Kenya and Japan hold trilateral meeting\n\n"
              "Chilean Foreign Minister Rosa Medina, Kenyan Foreign Minister Peter Wambua and Japanese Foreign "
              "Minister Kenji Morita held a trilateral meeting by video conference on Monday. The three ministers "
              "discussed trade and climate.")
CALL = ("Foreign ministers of Chile and Kenya hold phone call\n\n"
        "Chilean Foreign Minister Rosa Medina held a phone call on Tuesday with Kenyan Foreign Minister "
        "Peter Wambua. The two ministers discussed trade and agreed to launch the Chile-Kenya Trade Dialogue.")
VISIT = ("Japanese minister visits Kenya\n\n"
         "Japanese Foreign Minister Kenji Morita met Kenyan Foreign Minister Peter Wambua in Nairobi on "
         "Thursday. Minister Wambua welcomed the visit of the Japanese Foreign Minister.")
TEXTS = {"https://example.org/trilateral": TRILATERAL, "https://example.org/call": CALL,
         "https://example.org/visit": VISIT}


def doc(key: str, text: str, published: date) -> Document:
    return Document(id=key, text=text, title=text.split("\n")[0], published=published,
                    url=f"https://example.org/{key}", source="Test Ministry")


@pytest.fixture
def store(database_url, extractor):
    """Three readouts: a Chile-Kenya-Japan video meeting (10 June), a Chile-Kenya call (2 July),
    and a Japanese visit to Kenya with a meeting in Nairobi (Thursday 19 September)."""
    store = Store.open(database_url)
    store.ingest([doc("trilateral", TRILATERAL, date(2024, 6, 12)), doc("call", CALL, date(2024, 7, 3)),
                  doc("visit", VISIT, date(2024, 9, 20))], extractor)
    yield store
    store.close()


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def exported_jsonl(store, tmp_path) -> list[dict]:
    export_engagements_jsonl(store, tmp_path / "engagements.jsonl")
    return read_jsonl(tmp_path / "engagements.jsonl")


def exported_csv(store, tmp_path) -> list[dict]:
    export_engagements_csv(store, tmp_path / "table.csv")
    return read_csv(tmp_path / "table.csv")


# --- CSV table ----------------------------------------------------------------------


def test_csv_has_a_row_per_country_pair_of_a_three_country_meeting(store, tmp_path):
    path = tmp_path / "engagements.csv"
    written = export_engagements_csv(store, path)
    rows = read_csv(path)
    assert written == len(rows)
    assert list(rows[0]) == COLUMN_NAMES
    trilateral = [r for r in rows if r["SOURCEURL"] == "https://example.org/trilateral"]
    assert {(r["Actor1CountryCode"], r["Actor2CountryCode"]) for r in trilateral} == {
        ("CHL", "JPN"), ("CHL", "KEN"), ("JPN", "KEN")}
    assert len({r["GLOBALEVENTID"] for r in trilateral}) == 1
    assert {(r["actor1_people"], r["actor2_people"]) for r in trilateral} == {
        ("Rosa Medina", "Kenji Morita"), ("Rosa Medina", "Peter Wambua"), ("Kenji Morita", "Peter Wambua")}


def test_csv_codes_keep_their_leading_zeros(store, tmp_path):
    path = tmp_path / "engagements.csv"
    export_engagements_csv(store, path)
    [call] = [r for r in read_csv(path) if r["SOURCEURL"] == "https://example.org/call"]
    assert (call["EventCode"], call["EventBaseCode"], call["EventRootCode"]) == ("041", "041", "04")
    assert (call["QuadClass"], call["GoldsteinScale"], call["NumSources"]) == ("1", "1.0", "1")
    assert call["SQLDATE"] == "20240702" and call["start"] == "2024-07-02"
    assert (call["Actor1Name"], call["Actor2Name"]) == ("Chile", "Kenya")
    assert (call["plover_type"], call["plover_mode"]) == ("CONSULT", "phone")
    assert call["initiatives"] == "Chile-Kenya Trade Dialogue" and call["topics"] == "trade"
    assert call["evidence"].startswith("Foreign ministers of Chile and Kenya hold phone call")  # the headline first
    assert ",041,041,04," in path.read_text(encoding="utf-8")  # plain text, as spreadsheets need


def test_place_columns_use_fips_codes(store, tmp_path):
    path = tmp_path / "engagements.csv"
    export_engagements_csv(store, path)
    [meeting] = [r for r in read_csv(path) if r["event_type"] == "meeting"]
    assert (meeting["ActionGeo_FullName"], meeting["ActionGeo_CountryCode"]) == ("Nairobi, Kenya", "KE")


def test_an_engagement_with_one_country_is_one_row_with_actor2_empty():
    record = EngagementRecord(
        id=7, type="meeting", status="held", start="2024-05-02", end="2024-05-02", day=date(2024, 5, 2),
        location_name="Tokyo", location_country="JPN", host_country=None, cameo="040", plover_type="CONSULT",
        plover_mode=None, part_of=None, topics=[], countries=["JPN"],
        participants=[Participant("kenji-morita-jpn", "Kenji Morita", "JPN", "participant", "GOV")])
    [row] = engagement_rows(record)
    assert (row["Actor1CountryCode"], row["actor1_people"]) == ("JPN", ["Kenji Morita"])
    assert (row["Actor2CountryCode"], row["Actor2Name"], row["actor2_people"]) == (None, None, [])
    assert (row["start_date"], row["date_precision"]) == (date(2024, 5, 2), "day")


def test_period_limits_the_export(store, tmp_path):
    path = tmp_path / "june.csv"
    export_engagements_csv(store, path, since=date(2024, 6, 1), until=date(2024, 6, 30))
    assert {r["SOURCEURL"] for r in read_csv(path)} == {"https://example.org/trilateral"}


# --- JSON Lines and Parquet -----------------------------------------------------------


def test_jsonl_holds_participants_and_sources_with_evidence_offsets(store, tmp_path):
    path = tmp_path / "engagements.jsonl"
    written = export_engagements_jsonl(store, path)
    records = read_jsonl(path)
    assert written == len(records) >= 3
    [call] = [r for r in records if r["type"] == "call" and len(r["countries"]) == 2]
    assert call["cameo"] == "041" and call["countries"] == ["CHL", "KEN"]
    assert {(p["name"], p["country"], p["role"]) for p in call["participants"]} == {
        ("Rosa Medina", "CHL", "participant"), ("Peter Wambua", "KEN", "participant")}
    assert all(p["handle"] for p in call["participants"])
    [source] = call["sources"]
    assert (source["url"], source["published"]) == ("https://example.org/call", "2024-07-03")
    for evidence in source["evidence"]:  # provenance: the offsets point at the text quoted
        assert TEXTS[source["document"]][evidence["start"]:evidence["end"]] == evidence["text"]


def test_parquet_has_the_csv_rows_with_codes_as_text(store, tmp_path):
    export_engagements_csv(store, tmp_path / "engagements.csv")
    written = export_parquet(store, tmp_path / "engagements.parquet", batch_rows=2)
    table = pq.read_table(tmp_path / "engagements.parquet")
    assert table.column_names == COLUMN_NAMES
    assert written == table.num_rows == len(read_csv(tmp_path / "engagements.csv"))
    assert str(table.schema.field("EventCode").type) == "string"
    rows = table.to_pylist()
    assert {r["EventCode"] for r in rows} >= {"041", "042"}
    [call] = [r for r in rows if r["SOURCEURL"] == "https://example.org/call"]
    assert (call["SQLDATE"], call["QuadClass"], call["GoldsteinScale"]) == (20240702, 1, 1.0)
    # dates are dates, lists are lists, unknowns are nulls
    assert str(table.schema.field("start_date").type) == "date32[day]"
    assert str(table.schema.field("actor1_people").type) == "list<element: string>"
    assert isinstance(call["start_date"], date) and call["date_precision"] == "day"
    assert isinstance(call["actor1_people"], list) and call["actor1_people"]
    text_columns = [f.name for f in table.schema if str(f.type) == "string"]
    assert not [(c, r["GLOBALEVENTID"]) for r in rows for c in text_columns if r[c] == ""]  # nulls, never ""
    assert table.column("ActionGeo_FullName").null_count >= 1  # a call happens nowhere: null, not ""


def test_parquet_date_precision_for_partial_dates():
    record = EngagementRecord(
        id=8, type="meeting", status="held", start="XXXX-05-27", end="XXXX-05-27", day=None,
        location_name=None, location_country=None, host_country=None, cameo="040", plover_type="CONSULT",
        plover_mode=None, part_of=None, topics=["trade"], countries=["IND", "USA"])
    [row] = engagement_rows(record)
    assert (row["start"], row["start_date"], row["date_precision"]) == ("XXXX-05-27", None, "day-without-year")
    assert row["topics"] == ["trade"] and row["SQLDATE"] is None


# --- GDELT and PLOVER -----------------------------------------------------------------


def test_gdelt_has_61_columns_and_no_header(store, tmp_path):
    assert len(GDELT_COLUMNS) == len(set(GDELT_COLUMNS)) == 61
    path = tmp_path / "events.tsv"
    written = export_gdelt(store, path)
    lines = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    assert written == len(lines) == len(exported_csv(store, tmp_path))
    assert all(len(fields) == 61 for fields in lines)
    assert lines[0][0].isdigit()  # data from the first line: no header
    [call] = [dict(zip(GDELT_COLUMNS, f)) for f in lines if f[-1] == "https://example.org/call"]
    assert (call["Actor1Code"], call["Actor1CountryCode"], call["Actor1Type1Code"]) == ("CHLGOV", "CHL", "GOV")
    assert (call["Actor2Code"], call["Actor2Name"]) == ("KENGOV", "KENYA")
    assert (call["EventCode"], call["EventBaseCode"], call["EventRootCode"]) == ("041", "041", "04")
    assert (call["SQLDATE"], call["MonthYear"], call["Year"]) == ("20240702", "202407", "2024")
    assert (call["QuadClass"], call["GoldsteinScale"], call["NumSources"]) == ("1", "1.0", "1")
    assert call["AvgTone"] == call["Actor1EthnicCode"] == call["ActionGeo_Lat"] == ""  # a call happens nowhere
    assert len(call["DATEADDED"]) == 14
    assert call["IsRootEvent"] == "1"  # the call is the story's lead


def test_gdelt_root_event_is_the_lead_paragraphs(extractor, tmp_path):
    store = Store.open(f"sqlite:///{tmp_path}/lead.db")
    text = ("Minister in Nairobi\n\nForeign Minister Rosa Medina of Chile met Foreign Minister Peter Wambua of "
            "Kenya in Nairobi on 3 June 2024 to discuss trade and investment between the two countries.\n\n"
            "Earlier, on 1 June 2024, Foreign Minister Rosa Medina of Chile held a phone call with Japanese "
            "Foreign Minister Kenji Morita.")
    store.ingest([Document(id="lead", text=text, url="https://example.org/lead")], extractor)
    export_gdelt(store, tmp_path / "events.tsv")
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t")))
            for line in (tmp_path / "events.tsv").read_text(encoding="utf-8").splitlines()]
    root = {(r["Actor1CountryCode"], r["Actor2CountryCode"], r["EventCode"]): r["IsRootEvent"] for r in rows}
    assert root[("CHL", "KEN", "040")] == "1"
    assert root[("CHL", "JPN", "041")] == "0"
    store.close()


UN_AND_NATO = ("UN chief meets Kenyan minister\n\n"
               "United Nations Secretary-General Antonio Guterres met Kenyan Foreign Minister Peter Wambua in "
               "Nairobi on 3 June 2024. NATO Secretary General Mark Rutte held a phone call with Kenyan Foreign "
               "Minister Peter Wambua on 4 June 2024.")


def test_gdelt_writes_international_organisations_as_cameo_organisation_codes(extractor, tmp_path):
    store = Store.open(f"sqlite:///{tmp_path}/un.db")
    store.ingest([doc("un", UN_AND_NATO, date(2024, 6, 5))], extractor)
    export_gdelt(store, tmp_path / "events.tsv")
    store.close()
    lines = [dict(zip(GDELT_COLUMNS, line.split("\t")))
             for line in (tmp_path / "events.tsv").read_text(encoding="utf-8").splitlines()]
    actors = {tuple(line[f"{side}{c}"] for c in ("Code", "Name", "CountryCode", "KnownGroupCode", "Type1Code"))
              for line in lines for side in ("Actor1", "Actor2")}
    assert ("IGOUNO", "UNITED NATIONS", "", "UNO", "IGO") in actors  # not the pseudo-country UNO
    assert ("IGO", "", "", "", "IGO") in actors  # NATO: the knowledge base knows only "an IGO"
    assert ("KENGOV", "KENYA", "KEN", "", "GOV") in actors


@pytest.mark.parametrize("side, organization, actor", [
    ("EUR", None, ("IGOEUREEC", "EUROPEAN UNION", "", "EEC", "IGO")),
    ("IGO", "North Atlantic Treaty Organization",
     ("IGOWSTNAT", "NORTH ATLANTIC TREATY ORGANIZATION", "", "NAT", "IGO")),
    ("UNO", "World Food Programme", ("IGOUNOWFP", "WORLD FOOD PROGRAMME", "", "WFP", "IGO")),
    ("IGO", "Pacific Islands Forum", ("IGO", "PACIFIC ISLANDS FORUM", "", "", "IGO")),  # no CAMEO code of its own
    ("NGO", None, ("NGO", "", "", "", "NGO"))])
def test_gdelt_organisation_codes_come_from_the_data_table(side, organization, actor):
    envoy = Participant("envoy", "An Envoy", side, "participant", "IGO", organization)
    record = replace(call_record(), countries=["KEN", side], participants=[envoy])
    [line] = [dict(zip(GDELT_COLUMNS, fields)) for fields in gdelt_rows(record)]
    columns = ("Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2Type1Code")
    assert tuple(line[c] for c in columns) == actor
    assert (line["Actor1Code"], line["Actor1CountryCode"]) == ("KEN", "KEN")


def test_plover_visit_and_multiparty_meeting(store, tmp_path):
    path = tmp_path / "events.plover.jsonl"
    counts = export_plover(store, path)
    records = read_jsonl(path)
    assert counts.written == len(records) == 4 and counts.left_out == 0
    visit, meeting = [r for r in records if r["mode"] == ["visit"]]
    for record in (visit, meeting):
        assert [a["code"] for a in record["actor"]] == ["JPN"] and [r["code"] for r in record["recipient"]] == ["KEN"]
        assert record["event"] == ["CONSULT"]
    assert (meeting["date"], meeting["readouts_date_source"]) == ("2024-09-19", "text")  # "on Thursday"
    assert (visit["date"], visit["readouts_date_source"]) == ("2024-09-20", "published")  # the text dates no day
    assert (meeting["event_loc"]["city"], meeting["event_loc"]["country_code"]) == ("Nairobi", "KEN")
    [trilateral] = [r for r in records if r["cite_info"]["url"] == "https://example.org/trilateral"]
    assert sorted(a["code"] for a in trilateral["actor"]) == ["CHL", "JPN", "KEN"]  # one record, not three dyads
    assert trilateral["recipient"] == []  # nobody hosts a video call: every side is the actor
    assert {p["name"] for a in trilateral["actor"] for p in a["readouts_people"]} == {
        "Rosa Medina", "Kenji Morita", "Peter Wambua"}
    assert trilateral["context"] == ["economic", "environment"]  # PLOVER's vocabulary
    assert trilateral["readouts_topics"] == ["climate", "trade"] and trilateral["text"] in TRILATERAL


def plover_schema() -> dict:
    from importlib import resources

    return json.loads(resources.files("readouts").joinpath("data", "plover.schema.json").read_text(encoding="utf-8"))


def assert_plover_valid(records: list[dict]) -> None:
    validator = jsonschema.Draft202012Validator(plover_schema(), format_checker=jsonschema.FormatChecker())
    errors = [f"record {r.get('id')}: {e.json_path}: {e.message}" for r in records for e in validator.iter_errors(r)]
    assert not errors, "\n".join(errors[:10])


def test_plover_records_validate_against_the_schema_written_from_the_specification(store, tmp_path):
    export_plover(store, tmp_path / "events.plover.jsonl")
    records = read_jsonl(tmp_path / "events.plover.jsonl")
    assert records
    assert_plover_valid(records)
    for record in records:  # one shape for every record: lists of objects, never a bare code
        assert all(isinstance(side, dict) for side in record["actor"] + record["recipient"])


def test_the_dev_corpus_exports_valid_plover_records_and_says_what_it_left_out(corpus, extractor, tmp_path):
    from readouts.ingest import read_documents

    store = Store.open(f"sqlite:///{tmp_path}/dev.db")
    store.ingest(read_documents([corpus / "dev"]), extractor)
    counts = export_plover(store, tmp_path / "dev.plover.jsonl")
    records = read_jsonl(tmp_path / "dev.plover.jsonl")
    store.close()
    assert counts.written == len(records) > 0
    assert_plover_valid(records)
    assert all(r["cite_info"]["url"] is None or r["cite_info"]["url"].startswith("http") for r in records)
    assert not {"COOPERATE"} & {e for r in records for e in r["event"]}  # statements are not cooperation
    assert str(counts).startswith(f"{counts.written} records written")


def call_record(*sources: Source) -> EngagementRecord:
    """The Chile-Kenya call of 2 July 2024 as the exporters see it, reported by `sources`."""
    return EngagementRecord(
        id=2, type="call", status="held", start="2024-07-02", end="2024-07-02", day=date(2024, 7, 2),
        location_name=None, location_country=None, host_country=None, cameo="041", plover_type="CONSULT",
        plover_mode="phone", part_of=None, topics=["trade"], countries=["CHL", "KEN"],
        participants=[Participant("rosa-medina-chl", "Rosa Medina", "CHL", "participant", "GOV"),
                      Participant("peter-wambua-ken", "Peter Wambua", "KEN", "participant", "GOV")],
        sources=list(sources))


def report(document: str, url: str | None) -> Source:
    return Source(document=document, url=url, title="Phone call", published=date(2024, 7, 3), evidence=[])


@pytest.mark.parametrize("sources, url", [
    ((report("readouts/call.txt", None), report("mfa-ke/call", "https://mfa.example.ke/call")),
     "https://mfa.example.ke/call"),
    ((report("readouts/call.txt", "call.txt"), report("scan", "file:///scans/call.pdf")), None),
    ((), None)])
def test_source_url_is_the_first_web_url_and_never_a_document_key(sources, url):
    record = call_record(*sources)
    assert record.url == url
    [line] = gdelt_rows(record)
    assert dict(zip(GDELT_COLUMNS, line))["SOURCEURL"] == (url or "")


def test_plover_cite_info_keeps_the_url_and_the_document_key_apart():
    record = plover_record(call_record(report("readouts/call.txt", None),
                                       report("mfa-ke/call", "https://mfa.example.ke/call")))
    assert record["cite_info"] == {"url": None, "citation": "readouts/call.txt", "title": "Phone call",
                                   "published": "2024-07-03"}
    assert [s["url"] for s in record["readouts_sources"]] == [None, "https://mfa.example.ke/call"]


@pytest.mark.parametrize("cameo, event, context", [
    ("057", "SUPPORT", ["diplomatic", "economic"]),  # a signing: the manual's table, not AGREE
    ("036", "AGREE", ["diplomatic", "economic"]),  # an announced meeting
    ("046", "CONSULT", ["diplomatic", "economic"])])
def test_plover_events_follow_the_manuals_cameo_table(cameo, event, context):
    record = plover_record(replace(call_record(), cameo=cameo, plover_mode=None))
    assert (record["event"], record["context"]) == ([event], context)


@pytest.mark.parametrize("changes, reason", [
    ({"cameo": "010"}, "statements"),  # make statement: PLOVER drops CAMEO 01
    ({"cameo": "020"}, "statements"),  # appeal: and 02
    ({"cameo": None}, "uncoded"),
    ({"start": "2024-07", "end": "2024-07"}, "undated"),
    ({"start": "XXXX-07-02", "end": "XXXX-07-02"}, "undated"),
    ({"start": None, "end": None, "day": None}, "undated"),
    ({"countries": [], "participants": []}, "no_actor")])
def test_what_plover_cannot_hold_is_left_out_with_its_reason(changes, reason):
    record = replace(call_record(), **changes)
    assert left_out_because(record) == reason and plover_record(record) is None


def test_plover_counts_say_why_records_were_left_out():
    counts = PloverCounts(written=3, statements=2, undated=1)
    assert counts.left_out == 3
    assert str(counts) == ("3 records written; left out 2 statements or appeals (PLOVER drops CAMEO 01/02), "
                           "1 without a full date")


def test_plover_entity_codes_follow_the_manual():
    record = plover_record(replace(call_record(), countries=["KEN", "XKX"], host_country="KEN",
                                   location_name="Nairobi", location_country="KEN"))
    assert [a["code"] for a in record["actor"]] == ["KOS"] and record["actor"][0]["readouts_code"] == "XKX"
    assert record["actor"][0]["sector"] is None  # nobody of Kosovo's side is known
    assert [(r["code"], r["sector"]) for r in record["recipient"]] == [("KEN", "GOV")]


# --- Loading the exports with the tools users use --------------------------------------


def test_gdelt_loads_in_pandas_as_gdelt_files_do(store, tmp_path):
    export_gdelt(store, tmp_path / "events.tsv")
    typed = pd.read_csv(tmp_path / "events.tsv", sep="\t", header=None, names=GDELT_COLUMNS)
    text = pd.read_csv(tmp_path / "events.tsv", sep="\t", header=None, names=GDELT_COLUMNS, dtype=str,
                       keep_default_na=False)
    assert len(typed) == len(text) == 6 and list(text.columns) == GDELT_COLUMNS
    assert set(text["EventCode"]) >= {"040", "041"}  # text keeps the leading zero
    assert typed["SQLDATE"].dtype.kind == "i" and typed["GoldsteinScale"].dtype.kind == "f"
    assert typed["ActionGeo_Lat"].dtype.kind == "f" and typed["SOURCEURL"].str.startswith("https://").all()
    [meeting] = text[text["ActionGeo_FullName"] == "Nairobi, Kenya"].to_dict("records")
    assert (meeting["ActionGeo_Lat"], meeting["ActionGeo_Long"], meeting["ActionGeo_Type"]) == ("-1.29", "36.82", "4")
    [country] = text[text["ActionGeo_FullName"] == "Kenya"].to_dict("records")
    assert country["ActionGeo_Lat"] == country["ActionGeo_Long"] == ""  # a country: no centroid invented


def test_plover_loads_in_duckdb_with_nested_types(store, tmp_path):
    export_plover(store, tmp_path / "events.jsonl")
    connection = duckdb.connect()
    connection.execute(f"CREATE VIEW events AS SELECT * FROM read_json('{tmp_path / 'events.jsonl'}', "
                       "format = 'newline_delimited')")
    types = {name: kind for name, kind, *_ in connection.sql("DESCRIBE events").fetchall()}
    assert types["date"] == "DATE" and types["event"] == "VARCHAR[]" and types["mode"] == "VARCHAR[]"
    assert types["actor"].startswith("STRUCT(code VARCHAR") and types["actor"].endswith("[]")
    rows = connection.sql("SELECT id, a.code FROM events, UNNEST(actor) AS t(a) ORDER BY id, a.code").fetchall()
    assert rows[:3] == [("1", "CHL"), ("1", "JPN"), ("1", "KEN")]
    [(lat,)] = connection.sql("SELECT event_loc.lat FROM events WHERE event_loc.city = 'Nairobi'").fetchall()
    assert lat == -1.29


def test_plover_loads_in_polars_with_list_columns(store, tmp_path):
    export_plover(store, tmp_path / "events.jsonl")
    frame = pl.read_ndjson(tmp_path / "events.jsonl")
    assert frame.schema["event"] == pl.List(pl.String) and frame.schema["context"] == pl.List(pl.String)
    assert isinstance(frame.schema["actor"], pl.List) and isinstance(frame.schema["recipient"], pl.List)
    assert isinstance(frame.schema["cite_info"], pl.Struct)
    codes = frame.select(pl.col("actor").list.eval(pl.element().struct.field("code"))).to_series().to_list()
    assert ["CHL", "JPN", "KEN"] in codes
    people = frame.explode("actor").select(pl.col("actor").struct.field("readouts_people")).to_series()
    assert {p["name"] for side in people.to_list() for p in side} == {"Rosa Medina", "Kenji Morita", "Peter Wambua"}


# --- Network -------------------------------------------------------------------------


def test_gexf_rereads_with_weights_and_dates(store, tmp_path):
    path = tmp_path / "people.gexf"
    edges = export_network(store, path, "gexf")
    graph = nx.read_gexf(path)
    assert graph.number_of_edges() == edges == 3
    assert graph.nodes["rosa-medina-chl"]["label"] == "Rosa Medina"
    assert graph.nodes["rosa-medina-chl"]["country"] == "CHL"
    medina_wambua = graph.edges["rosa-medina-chl", "peter-wambua-ken"]
    assert medina_wambua["weight"] == 2  # the video meeting and the call
    assert (medina_wambua["start"], medina_wambua["end"]) == ("2024-06-10", "2024-07-02")
    assert medina_wambua["kind"] == "call"
    assert graph.edges["rosa-medina-chl", "kenji-morita-jpn"]["weight"] == 1
    assert 'mode="dynamic"' in path.read_text(encoding="utf-8")


def test_graphml_rereads_with_weights(store, tmp_path):
    path = tmp_path / "people.graphml"
    export_network(store, path, "graphml")
    graph = nx.read_graphml(path)
    assert graph.edges["rosa-medina-chl", "peter-wambua-ken"]["weight"] == 2
    assert graph.nodes["kenji-morita-jpn"]["label"] == "Kenji Morita"


def test_graphml_loads_in_igraph_with_weights(store, tmp_path):
    path = tmp_path / "people.graphml"
    export_network(store, path, "graphml")
    graph = igraph.Graph.Read_GraphML(str(path))
    ids = {v["id"]: v.index for v in graph.vs}
    edge = graph.es[graph.get_eid(ids["rosa-medina-chl"], ids["peter-wambua-ken"])]
    assert edge["weight"] == 2
    assert graph.vs[ids["kenji-morita-jpn"]]["label"] == "Kenji Morita"
    assert graph.vcount() == nx.read_graphml(path).number_of_nodes()


# --- Rejected engagements and the dispatcher ---------------------------------------------


def test_a_rejected_engagement_is_not_exported(store, tmp_path):
    [call] = [r for r in exported_jsonl(store, tmp_path) if r["type"] == "call" and len(r["countries"]) == 2]
    rejected = call["id"]
    store.reject_event(rejected)
    export_engagements_csv(store, tmp_path / "t.csv")
    assert str(rejected) not in {r["GLOBALEVENTID"] for r in read_csv(tmp_path / "t.csv")}
    export_engagements_jsonl(store, tmp_path / "t.jsonl")
    assert rejected not in {r["id"] for r in read_jsonl(tmp_path / "t.jsonl")}
    export_parquet(store, tmp_path / "t.parquet")
    assert rejected not in pq.read_table(tmp_path / "t.parquet").column("GLOBALEVENTID").to_pylist()
    export_gdelt(store, tmp_path / "t.tsv")
    gdelt_ids = {line.split("\t")[0] for line in (tmp_path / "t.tsv").read_text(encoding="utf-8").splitlines()}
    assert str(rejected) not in gdelt_ids
    export_plover(store, tmp_path / "t.plover")
    assert str(rejected) not in {r["id"] for r in read_jsonl(tmp_path / "t.plover")}
    export_network(store, tmp_path / "t.gexf")
    assert nx.read_gexf(tmp_path / "t.gexf").edges["rosa-medina-chl", "peter-wambua-ken"]["weight"] == 1


def test_export_dispatches_by_format_and_refuses_unknown_ones(store, tmp_path):
    assert export(store, "gdelt", tmp_path / "e.tsv") == export(store, "csv", tmp_path / "e.csv")
    with pytest.raises(ReadoutsError, match="E015"):
        export(store, "xlsx", tmp_path / "e.xlsx")
    assert not list(tmp_path.glob("*.part"))


def test_docs_describe_every_column():
    docs = (Path(__file__).resolve().parents[1] / "docs" / "export.md").read_text(encoding="utf-8")
    missing = [c for c in COLUMN_NAMES + GDELT_COLUMNS if f"`{c}`" not in docs]
    assert not missing


# --- Coding ---------------------------------------------------------------------------


@pytest.mark.parametrize("cameo, quad", [
    ("010", 1), ("042", 1), ("057", 1), ("0571", 1), ("061", 2), ("090", 2), ("100", 3), ("141", 3),
    ("150", 4), ("200", 4), ("", None), (None, None), ("000", None), ("210", None)])
def test_quad_class_follows_the_cameo_root(cameo, quad):
    """CAMEO/GDELT: roots 01-05 verbal cooperation, 06-09 material cooperation, 10-14 verbal conflict,
    15-20 material conflict (a signing, 057, is verbal cooperation)."""
    assert coding.quad_class(cameo) == quad
