"""How well the knowledge base resolves people on the real State Department stream (a command, not a test).

Ingests the first N releases of `../shared/corpus/stream/state-dept-2021-2022.jsonl` into a fresh
SQLite file and prints, for the 50 most engaged people: how many person nodes carry their surname,
the countries of those nodes, and how many of their counterparts are not persons (a month, a room,
a country or an organisation name taken for a person); then the share of engagements reported by
more than one document. The baseline is the same command on another commit with the same N.

Extraction is the slow part and is not what this measures, so `--extractions FILE` keeps the
extractor's output in a JSON Lines file (written on the first run, read on the next ones when it
holds the same documents): two commits are then compared on the very same extraction.

    .venv/bin/python benchmarks/stream_people.py 400 --extractions /tmp/stream-400.jsonl
"""

from __future__ import annotations

import argparse
import itertools
import re
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from readouts.domain import load_domain
from readouts.ingest import IngestFailure, read_documents
from readouts.resolve import surname_key
from readouts.schema import Extraction
from readouts.store import Store, queries
from readouts.store.models import Engagement, EngagementPerson, Person, PersonName

STREAM = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "stream" / "state-dept-2021-2022.jsonl"
MONTHS = set("january february march april may june july august september october november december".split())
# nouns that name a place, a body or a time, never a person: "Treaty Room", "Blair House", "Council"
NOT_PERSON_WORDS = set("""room hall house building center centre office department ministry embassy consulate
council committee commission panel forum summit conference session university institute agency fund bank
programme program initiative act day week month year street avenue palace square airport hotel city
republic kingdom union state states government administration coalition group""".split())


def not_a_person(name: str) -> bool:
    """A counterpart name that cannot be a person's: a month, a place or body noun, a digit, or a
    country, place or organisation name of the domain tables ("Treaty Room", "May", "Ukraine")."""
    words = [w.strip(".,'’").lower() for w in re.split(r"[\s\-]+", name) if w.strip(".,'’")]
    if not words or any(ch.isdigit() for ch in name):
        return True
    if any(w in MONTHS or w in NOT_PERSON_WORDS for w in words):
        return True
    return name.lower() in _gazetteer_names()


_GAZETTEER: set[str] = set()


def _gazetteer_names() -> set[str]:
    if not _GAZETTEER:
        domain = load_domain()
        for country in domain.countries.values():
            _GAZETTEER.update(n.lower() for n in (country.name, *country.aliases, *country.demonyms))
        _GAZETTEER.update(form.lower() for form in domain.places)  # names and aliases
        _GAZETTEER.update(form.lower() for form in domain.organizations)
    return _GAZETTEER


def _documents(path: Path, n: int):
    if not path.exists():
        raise SystemExit(f"no stream at {path} (give --stream FILE)")
    return [d for d in itertools.islice(read_documents([path]), n) if not isinstance(d, IngestFailure)]


def _extractions(documents, cache: Path | None) -> list[Extraction]:
    if cache and cache.exists():
        stored = [Extraction.model_validate_json(line) for line in cache.read_text().splitlines() if line]
        if [e.id for e in stored] == [d.id for d in documents]:
            return stored
    from readouts.extract.engine import Extractor

    extractions = list(Extractor().extract_many(documents))
    if cache:
        cache.write_text("".join(e.model_dump_json() + "\n" for e in extractions))
    return extractions


def report(store: Store, top: int = 50) -> list[str]:
    """The lines the benchmark prints for a knowledge base."""
    lines = []
    extra_nodes = with_non_person = non_person_total = 0
    counted: set[str] = set()
    people = queries.top_people(store, limit=top)  # the "most engaged people" the CLI and the web show
    with store.session() as session:
        for row in people:
            name, country, engaged = row.name, row.country, row.engagements
            person_id = session.scalar(select(Person.id).where(Person.handle == row.handle))
            surname = surname_key(name)
            nodes = set(session.scalars(select(PersonName.person_id).where(PersonName.surname == surname)))
            countries = sorted({c or "-" for c in session.scalars(select(Person.country).where(
                Person.id.in_(nodes)))})
            mine = select(EngagementPerson.engagement_id).where(EngagementPerson.person_id == person_id)
            counterparts = set(session.scalars(select(Person.name).join(
                EngagementPerson, EngagementPerson.person_id == Person.id).where(
                EngagementPerson.engagement_id.in_(mine), Person.id != person_id)))
            odd = sorted(c for c in counterparts if not_a_person(c))
            if surname not in counted:  # "Biden" five times in the top 50 counts its nodes once
                counted.add(surname)
                extra_nodes += len(nodes) - 1
            with_non_person += bool(odd)
            non_person_total += len(odd)
            lines.append(f"{name[:32]:32} {country or '-':4} {engaged:4} engagements  {len(nodes):2} nodes "
                         f"[{', '.join(countries)}]  {len(odd)}/{len(counterparts)} counterparts not persons"
                         + (f" ({'; '.join(odd[:3])})" if odd else ""))
        total = session.scalar(select(func.count(Engagement.id)).where(Engagement.rejected.is_(False)))
        multi = session.scalar(select(func.count(Engagement.id)).where(
            Engagement.rejected.is_(False), Engagement.sources > 1))
        persons = session.scalar(select(func.count(Person.id)))
    lines.append(f"top {len(people)}: {len(counted)} surnames, {extra_nodes} nodes more than one a surname, "
                 f"{with_non_person} with a non-person counterpart ({non_person_total} in all)")
    lines.append(f"{persons} people, {total} engagements, {multi} with more than one source "
                 f"({100 * multi / max(total, 1):.1f} %)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=400, help="How many releases (from the start).")
    parser.add_argument("--extractions", type=Path, help="JSON Lines cache of the extractions.")
    parser.add_argument("--stream", type=Path, default=STREAM, help="The JSON Lines stream.")
    parser.add_argument("--keep", type=Path, help="Keep the SQLite file here instead of a temporary one.")
    args = parser.parse_args()
    documents = _documents(args.stream, args.n)
    extractions = _extractions(documents, args.extractions)
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "kb.db"
        path.unlink(missing_ok=True)
        store = Store.open(f"sqlite:///{path}")
        start = time.perf_counter()
        for document, extraction in zip(documents, extractions):
            store.add(document, extraction)
        if hasattr(store, "consolidate_people"):  # what `Store.ingest` does after storing (absent before)
            store.consolidate_people()
        store.apply_overrides()
        seconds = time.perf_counter() - start
        print(f"{len(documents)} releases stored in {seconds:.1f} s")
        for line in report(store):
            print(line)
        store.close()


if __name__ == "__main__":
    main()
