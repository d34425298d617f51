"""The knowledge base on SQLite and PostgreSQL: idempotent ingest, duplicates, resolution, corrections, queries."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy import text as text_sql

from readouts.errors import ReadoutsError
from readouts.schema import Document
from readouts.store import Store, queries
from readouts.store.models import ActorMention, DocumentRow, Engagement, Person

CALL = ("Foreign ministers of Chile and Kenya hold phone call\n\n"
        "Chilean Foreign Minister Rosa Medina held a phone call on Tuesday with Kenyan Foreign Minister "
        "Peter Wambua. The two ministers discussed trade and agreed to launch the Chile-Kenya Trade Dialogue.")
CALL_WIRE = ("Chile, Kenya ministers talk trade by phone\n\n"
             "SANTIAGO (Wire) - Chilean Foreign Minister Rosa Medina held a telephone call on Tuesday with "
             "Kenyan counterpart Peter Wambua, her office said. Medina and Wambua discussed trade.")
VISIT = ("Japanese minister visits Kenya\n\n"
         "Japanese Foreign Minister Kenji Morita met Kenyan Foreign Minister Peter Wambua in Nairobi on "
         "Thursday. Minister Wambua welcomed the visit of the Japanese Foreign Minister.")
OTHER_KHAN = ("Pakistan and Canada hold talks\n\n"
              "Pakistani Foreign Minister Ahmed Khan met Canadian Ambassador Sarah Khan in Islamabad on Monday.")


def doc(key: str, text: str, published: date = date(2024, 6, 12)) -> Document:
    return Document(id=key, text=text, title=text.split("\n")[0], published=published,
                    url=f"https://example.org/{key}", source="Test Ministry")


@pytest.fixture
def store(database_url):
    store = Store.open(database_url)
    yield store
    store.close()


def count(store, model) -> int:
    with store.session() as session:
        return session.scalar(select(func.count(model.id)))


def test_ingest_is_idempotent(store, extractor):
    first = store.ingest([doc("call", CALL), doc("visit", VISIT)], extractor)
    assert (first.stored, first.unchanged) == (2, 0)
    engagements = count(store, Engagement)
    again = store.ingest([doc("call", CALL), doc("visit", VISIT)], extractor)
    assert (again.stored, again.unchanged) == (0, 2)
    assert count(store, Engagement) == engagements and count(store, DocumentRow) == 2


def test_add_stores_an_extraction_made_elsewhere(store, extractor):
    call, mirror = doc("call", CALL), doc("call-mirror", CALL)
    extraction = extractor.extract(call)
    assert store.add(call, extraction) == "stored"
    assert store.add(call, extraction) == "unchanged"
    assert store.add(mirror, extractor.extract(mirror)) == "duplicate"
    changed = doc("call", CALL.replace("discussed trade", "discussed energy"))
    assert store.add(changed, extractor.extract(changed)) == "replaced"
    [row] = queries.timeline(store, "Chile", "Kenya")
    assert "energy" in row.topics and count(store, DocumentRow) == 2


def test_changed_document_replaces_its_extraction(store, extractor):
    store.ingest([doc("call", CALL)], extractor)
    changed = CALL.replace("discussed trade", "discussed energy")
    summary = store.ingest([doc("call", changed)], extractor)
    assert summary.replaced == 1
    assert count(store, DocumentRow) == 1
    [row] = queries.timeline(store, "Chile", "Kenya")
    assert "energy" in row.topics and len(row.sources) == 1


def test_exact_copy_under_another_key_is_linked_not_counted(store, extractor):
    store.ingest([doc("call", CALL)], extractor)
    summary = store.ingest([doc("call-mirror", CALL)], extractor)
    assert summary.duplicates == 1
    [row] = queries.timeline(store, "CHL", "KEN")
    assert len(row.sources) == 1
    with store.session() as session:
        mirror = session.scalar(select(DocumentRow).where(DocumentRow.key.contains("call-mirror")))
        assert mirror.duplicate_of is not None


def test_same_call_reported_twice_is_one_engagement_with_two_sources(store, extractor):
    store.ingest([doc("call", CALL), doc("wire", CALL_WIRE)], extractor)
    calls = [r for r in queries.timeline(store, "Chile", "Kenya") if r.type == "call"]
    assert len(calls) == 1
    assert len(calls[0].sources) == 2
    assert calls[0].date == "2024-06-11"


def test_a_timeline_is_the_engagements_list_oldest_first(store, extractor):
    store.ingest([doc("call", CALL), doc("visit", VISIT)], extractor)
    newest_first = queries.engagements(store, country="KEN").items
    assert len(newest_first) >= 2 and queries.timeline(store, "Kenya") == newest_first[::-1]


def test_people_resolved_across_documents(store, extractor):
    store.ingest([doc("call", CALL), doc("visit", VISIT)], extractor)
    page = queries.person(store, "Wambua")
    assert page.country == "KEN"
    counterparts = {c.name for c in page.counterparts}
    assert {"Rosa Medina", "Kenji Morita"} <= counterparts


def test_namesakes_of_different_countries_stay_apart(store, extractor):
    store.ingest([doc("khan", OTHER_KHAN)], extractor)
    with store.session() as session:
        khans = session.scalars(select(Person).where(Person.name.contains("Khan"))).all()
        assert {p.country for p in khans} == {"PAK", "CAN"}
    with pytest.raises(ReadoutsError, match="E025"):
        queries.find_person(store, "Khan")


def test_initiative_forms_are_one(store, extractor):
    store.ingest([doc("call", CALL)], extractor)
    page = queries.initiative(store, "Trade Dialogue")
    assert "Dialogue" in page.name
    assert page.commitments and "agreed to launch" in page.commitments[0].text


def test_corrections_survive_reingest(store, extractor):
    store.ingest([doc("call", CALL), doc("visit", VISIT)], extractor)
    store.set_country("Rosa Medina", "ARG", note="test")
    [call] = [r for r in queries.timeline(store, "Kenya") if r.type == "call"]
    store.reject_event(call.id)
    store.ingest([doc("call", CALL.replace("trade", "mining"))], extractor)  # re-extraction
    assert queries.find_person(store, "Rosa Medina").country == "ARG"
    assert not [r for r in queries.timeline(store, "Kenya") if r.type == "call"]


def test_merge_survives_reingest(store, extractor):
    store.ingest([doc("call", CALL)], extractor)
    store.ingest([doc("other", CALL.replace("Peter Wambua", "P. K. Wambua-Otieno"))], extractor)
    before = count(store, Person)
    store.merge_people("Peter Wambua", "P. K. Wambua-Otieno")
    assert count(store, Person) == before - 1
    store.ingest([doc("other", CALL.replace("Peter Wambua", "P. K. Wambua-Otieno") + " ")], extractor)
    store.ingest([doc("other", CALL.replace("Peter Wambua", "P. K. Wambua-Otieno") + " More.")], extractor)
    assert count(store, Person) == before - 1


def test_dyads_people_and_search(store, extractor):
    store.ingest([doc("call", CALL), doc("visit", VISIT)], extractor)
    pairs = {(d.a, d.b) for d in queries.dyads(store)}
    assert ("CHL", "KEN") in pairs and ("JPN", "KEN") in pairs
    top = queries.top_people(store)
    wambua = next(p for p in top if p.name == "Peter Wambua")
    assert wambua.engagements == top[0].engagements == 2
    found = queries.search(store, "Nairobi")
    assert [d.document for d in found.documents] == ["https://example.org/visit"]


def test_a_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE invoices (id INTEGER)")
    connection.commit()
    connection.close()
    with pytest.raises(ReadoutsError, match="E021"):
        Store.open(f"sqlite:///{path}")


def test_a_corrupt_file_is_refused(tmp_path):
    path = tmp_path / "broken.db"
    path.write_bytes(b"this is not a database at all" * 10)
    with pytest.raises(ReadoutsError, match="E021"):
        Store.open(f"sqlite:///{path}")


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.db"
    Store.open(f"sqlite:///{path}").close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    with pytest.raises(ReadoutsError, match="E020"):
        Store.open(f"sqlite:///{path}")


def test_two_ingest_processes_write_at_once(database_url, tmp_path):
    """SQLite (WAL, busy timeout) and PostgreSQL (retries on races): concurrent writers all succeed."""
    import subprocess
    import sys

    url = database_url
    Store.open(url).close()
    folders = []
    for n, text in enumerate((CALL, VISIT)):
        folder = tmp_path / f"batch{n}"
        folder.mkdir()
        for i in range(3):
            (folder / f"doc{n}-{i}.txt").write_text(text.replace("Tuesday", f"Tuesday ({i})"), encoding="utf-8")
        folders.append(folder)
    processes = [subprocess.Popen([sys.executable, "-m", "readouts.cli", "ingest", str(f), "--db", url],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for f in folders]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()
    store = Store.open(url)
    try:
        assert count(store, DocumentRow) == 6
        assert len({p.handle for p in queries.top_people(store)}) == len(queries.top_people(store))
        with store.session() as session:
            names = session.scalars(select(Person.name)).all()
            assert sorted(names) == sorted(set(names)), "a person was created twice by the two writers"
            if url.startswith("sqlite"):
                assert session.execute(text_sql("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        store.close()


def test_edited_wire_copy_is_a_near_duplicate(store, extractor):
    long_call = CALL + " " + " ".join(
        f"The ministers also reviewed item number {i} of their joint work programme in detail." for i in range(12))
    edited = long_call.replace("held a phone call", "had a phone call").replace("item number 3", "point 3")
    summary = store.ingest([doc("original", long_call), doc("syndicated", edited)], extractor)
    assert summary.near_duplicates == 1
    with store.session() as session:
        copy = session.scalar(select(DocumentRow).where(DocumentRow.key.contains("syndicated")))
        assert copy.duplicate_of is not None and copy.similarity >= 0.8
    calls = [r for r in queries.timeline(store, "Chile", "Kenya") if r.type == "call"]
    assert len(calls) == 1


def test_interrupted_ingest_keeps_whole_documents_and_resumes(tmp_path):
    """Ctrl-C mid-batch: every stored document is complete; running again stores the rest."""
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(40):
        (folder / f"call-{i:02d}.txt").write_text(CALL.replace("Tuesday", f"Tuesday, call number {i}"),
                                                   encoding="utf-8")
    url = f"sqlite:///{tmp_path}/kb.db"
    Store.open(url).close()
    process = subprocess.Popen([sys.executable, "-m", "readouts.cli", "ingest", str(folder), "--db", url],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    store = Store.open(url)
    try:
        deadline = time.monotonic() + 120
        while count(store, DocumentRow) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=120)
        stored = count(store, DocumentRow)
        assert 0 < stored < 40, err.decode()
        with store.session() as session:
            from readouts.store.models import ActorMention
            incomplete = session.scalars(select(DocumentRow.key).where(
                ~DocumentRow.id.in_(select(ActorMention.document_id)))).all()
        assert incomplete == []
        summary = store.ingest(read_folder(folder))
        assert (summary.unchanged, summary.stored) == (stored, 40 - stored)
    finally:
        store.close()


def read_folder(folder):
    from readouts.ingest import read_documents

    return [d for d in read_documents([folder]) if isinstance(d, Document)]


def test_the_same_document_twice_in_one_batch_is_stored_once(store, extractor):
    summary = store.ingest([doc("call", CALL), doc("call", CALL)], extractor)
    assert (summary.stored, summary.unchanged) == (1, 1)


def test_split_gives_one_documents_mentions_to_another_person_and_survives_reingest(store, extractor):
    other_day = CALL.replace("Rosa Medina", "Rosa Medina").replace("Tuesday", "Friday")
    store.ingest([doc("call", CALL), doc("later", other_day)], extractor)
    [medina] = [p for p in queries.top_people(store) if p.name == "Rosa Medina"]
    assert medina.engagements == 2
    store.split_person(medina.handle, "https://example.org/later", name="Rosa Medina (senator)")
    names = {p.name: p.engagements for p in queries.top_people(store)}
    assert names["Rosa Medina"] == 1 and names["Rosa Medina (senator)"] == 1
    store.ingest([doc("later", other_day + " ")], extractor)  # re-extraction of that document
    store.ingest([doc("later", other_day + " Later.")], extractor)
    names = {p.name: p.engagements for p in queries.top_people(store)}
    assert names["Rosa Medina"] == 1 and names["Rosa Medina (senator)"] == 1


@pytest.mark.parametrize("url", ["mysql://user@host/db", "sqlite:////no/such/folder/kb.db"])
def test_a_wrong_url_is_one_clear_error(url):
    with pytest.raises(ReadoutsError, match="E027|E022"):
        Store.open(url)


def test_surname_only_mentions_join_the_full_name(store, extractor):
    short = ("Ministers speak\n\nChilean Foreign Minister Medina spoke with Kenyan Foreign Minister Wambua "
             "on Monday about trade.")
    store.ingest([doc("short", short, date(2024, 6, 4)), doc("call", CALL)], extractor)
    people = {p.name: p for p in queries.top_people(store)}
    assert "Medina" not in people and "Wambua" not in people
    assert people["Rosa Medina"].engagements == 2 and people["Peter Wambua"].engagements == 2


def test_merging_two_people_written_the_same_way(store, extractor):
    """An analyst merges a person the machine split in two: the texts gave different sides, years apart."""
    right = ("Ministers talk\n\nRussian Foreign Minister Sergey Lavrov spoke on Monday with Kenyan Foreign "
             "Minister Peter Wambua.")
    wrong = ("Ministers talk again\n\nChilean Foreign Minister Sergey Lavrov spoke on Friday with Kenyan Foreign "
             "Minister Peter Wambua.")
    store.ingest([doc("right", right), doc("wrong", wrong, date(2030, 6, 12))], extractor)
    with store.session() as session:
        handles = sorted(session.scalars(select(Person.handle).where(Person.name == "Sergey Lavrov")))
    assert handles == ["sergey-lavrov-chl", "sergey-lavrov-rus"]
    store.merge_people("sergey-lavrov-rus", "sergey-lavrov-chl")
    store.ingest([doc("wrong", wrong + " More.", date(2030, 6, 12))], extractor)  # re-extraction keeps the merge
    with store.session() as session:
        assert session.scalars(select(Person.handle).where(Person.name == "Sergey Lavrov")).all() == [
            "sergey-lavrov-rus"]


def test_office_correction_survives_reingest_and_keeps_the_machine_title(store, extractor):
    store.ingest([doc("call", CALL), doc("visit", VISIT)], extractor)
    wambua = queries.person(store, "Peter Wambua")
    assert {o.title for o in wambua.offices} == {"Foreign Minister"}
    store.set_office(wambua.handle, "Cabinet Secretary for Foreign Affairs", "https://example.org/call")
    offices = {o.title for o in queries.person(store, "Peter Wambua").offices}
    assert offices == {"Foreign Minister", "Cabinet Secretary for Foreign Affairs"}
    store.ingest([doc("call", CALL + " Both welcomed progress.")], extractor)  # re-extraction
    offices = {o.title for o in queries.person(store, "Peter Wambua").offices}
    assert offices == {"Foreign Minister", "Cabinet Secretary for Foreign Affairs"}
    with store.session() as session:
        kept = session.scalars(select(ActorMention.machine_title).where(
            ActorMention.title == "Cabinet Secretary for Foreign Affairs")).all()
    assert kept == ["Foreign Minister"]


def test_office_correction_names_a_stored_document(store, extractor):
    store.ingest([doc("call", CALL)], extractor)
    with pytest.raises(ReadoutsError, match="E029"):
        store.set_office("Peter Wambua", "Minister", "https://example.org/nowhere")


def test_offices_are_stored_with_their_offsets(store, extractor):
    store.ingest([doc("call", CALL)], extractor)
    with store.session() as session:
        mention = session.scalar(select(ActorMention).where(ActorMention.name == "Peter Wambua"))
    [office] = mention.offices
    assert CALL[office["start"]:office["end"]] == office["raw"] and office["title"] == "Foreign Minister"


def test_search_snippets_keep_the_texts_own_brackets_apart_from_the_matches(store, extractor):
    text = ("Call on the grain [corridor]\n\nForeign Minister Ana Lima of Chile spoke with Foreign Minister "
            "Tomas Berg of Peru about the corridor.")
    store.ingest([doc("brackets", text)], extractor)
    (found,) = queries.search(store, "grain").documents
    assert "⟦corridor⟧" in found.snippet and "[grain]" in found.snippet
    assert found.marked.count(queries.MATCH_START) == found.marked.count(queries.MATCH_END) >= 1
    from readouts.web.app import snippet_markup
    html = str(snippet_markup(found.marked))
    assert html.count("<mark>") == html.count("</mark>") >= 1 and "[corridor]" in html


def summaries(store) -> dict:
    """The people's summaries, by person id."""
    from readouts.store.models import PersonSummary

    with store.session() as session:
        return {s.person_id: (s.documents, s.first_published, s.last_published, s.votes, s.titles, s.names)
                for s in session.scalars(select(PersonSummary))}


def recomputed(store) -> dict:
    """What the summaries hold when recomputed from all the mentions (rolled back after reading)."""
    from readouts.store.models import PersonSummary

    with store.session() as session, session.begin():
        Store._summarise(session, set(session.scalars(select(Person.id))))
        found = {s.person_id: (s.documents, s.first_published, s.last_published, s.votes, s.titles, s.names)
                 for s in session.scalars(select(PersonSummary))}
        session.rollback()
    return found


def test_people_summaries_follow_ingest_replace_merge_split_and_office_corrections(store, extractor):
    short = ("Ministers speak\n\nChilean Foreign Minister Medina spoke with Kenyan Foreign Minister Wambua "
             "on Monday about trade.")
    store.ingest([doc("call", CALL), doc("visit", VISIT), doc("short", short, date(2024, 6, 4)),
                  doc("other", CALL.replace("Peter Wambua", "P. K. Wambua-Otieno"), date(2024, 7, 1))], extractor)
    assert summaries(store) == recomputed(store) and len(summaries(store)) >= 4
    store.ingest([doc("call", CALL.replace("trade", "mining"))], extractor)  # replaced: mentions deleted
    assert summaries(store) == recomputed(store)
    store.merge_people("Peter Wambua", "P. K. Wambua-Otieno")
    assert summaries(store) == recomputed(store)
    store.split_person("Rosa Medina", "https://example.org/short", name="Rosa Medina (senator)")
    assert summaries(store) == recomputed(store)
    store.set_office("Peter Wambua", "Cabinet Secretary for Foreign Affairs")
    assert summaries(store) == recomputed(store)
    with store.session() as session:
        titles = set(session.scalars(select(ActorMention.title).where(ActorMention.name == "Peter Wambua")))
    assert titles == {"Cabinet Secretary for Foreign Affairs"}


def test_migration_0004_fills_the_summaries_of_an_older_knowledge_base(tmp_path, extractor):
    from alembic import command

    from readouts.store.database import _alembic_config, migrate

    store = Store.open(f"sqlite:///{tmp_path}/kb.db")
    store.ingest([doc("call", CALL), doc("visit", VISIT)], extractor)
    made = summaries(store)
    config = _alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    assert migrate(store.engine) == "0006"
    assert summaries(store) == made and any(votes for _, _, _, votes, _, _ in made.values())
    store.close()


def test_a_side_the_text_states_outweighs_any_number_of_guesses(store, extractor):
    """Three releases name a Political Director in a list with a British minister, so a companion's
    country is all they give him; one says he is French. He is one French person."""
    def release(key: str, text: str, day: int) -> Document:
        return Document(id=key, text=text, published=date(2022, 3, day), source="U.S. Department of State",
                        url=f"https://www.state.gov/{key}/")
    guessed = [release(f"call-{topic}", "Deputy Secretary of State Ana Duarte spoke today with Political Director "
                       f"Luc Marin and British Foreign Secretary Tom Hale. They discussed {topic}.", day)
               for day, topic in ((1, "Ukraine"), (2, "energy security"), (3, "food security"))]
    stated = release("meeting", "Deputy Secretary of State Ana Duarte met French MFA Political Director Luc Marin "
                     "in Washington. They discussed Ukraine.", 9)
    store.ingest([*guessed, stated], extractor)
    with store.session() as session:
        countries = list(session.scalars(select(Person.country).where(Person.name.like("%Marin%"))))
        evidence = sorted((m.country, m.country_source) for m in session.scalars(
            select(ActorMention).where(ActorMention.name == "Luc Marin")))
    assert evidence == [("FRA", "office"), *[("GBR", "companion")] * 3]  # what the documents say, and why
    assert countries == ["FRA"]
