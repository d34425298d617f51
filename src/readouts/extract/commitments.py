"""Commitments: what the parties agreed, decided or pledged to do, and who did.

`find_commitments` scans sentences for commitment verbs from `events.yaml`
("agreed to expedite ...", "pledged to", "committed to") and attributes each
to the participants of the engagement it belongs to. It does not judge
whether a commitment was later honoured.
"""

from __future__ import annotations

from spacy.tokens import Doc

from readouts.domain import load_domain
from readouts.extract.drafts import EventDraft
from readouts.extract.evidence import sentence_evidence
from readouts.nlp.tokens import span_text, token_words
from readouts.schema import Commitment

LINKS = ("to", "on", "that", "upon", "with")



def find_commitments(doc: Doc, events: list[EventDraft], mentions_by_sentence: dict[int, list[str]],
                     initiative_tokens: dict[int, str], sentences: list | None = None) -> list[Commitment]:
    """One commitment per sentence with a commitment verb followed by to/on/that."""
    verbs = {str(v).lower() for v in load_domain().events["commitment_verbs"] if " " not in str(v)}
    commitments: list[Commitment] = []
    talks = [e for e in events if e.type != "visit"]
    words = token_words(doc)
    lowers, lemmas = words.lower, words.lemma
    for sent in sentences if sentences is not None else doc.sents:
        verb = next((doc[i] for i in range(sent.start, sent.end) if lemmas[i] in verbs
                     and doc[i].pos_ in ("VERB", "AUX")
                     and any(lowers[n] in LINKS for n in range(i + 1, min(i + 3, sent.end)))), None)
        if verb is None:
            continue
        owner = next((e for e in talks if sent in e.sentences), None)
        if owner is None:
            earlier = [e for e in talks if e.first <= sent.start_char]
            owner = earlier[-1] if earlier else None
        actors = list(mentions_by_sentence.get(sent.start, []))
        if owner is not None and (len(actors) < 2 or sent in owner.sentences):
            actors = list(dict.fromkeys([*owner.participants, *actors]))
        if not actors and owner is None:
            continue
        text = span_text(sent)[verb.idx - sent.start_char:].strip().rstrip(".")
        initiatives = list(dict.fromkeys(name for i, name in sorted(initiative_tokens.items())
                                         if sent.start <= i < sent.end))
        commitments.append(Commitment(
            id=f"c{len(commitments) + 1}", text=text, verb=verb.lemma_.lower(), actors=actors,
            initiatives=initiatives, event=owner.id if owner is not None else None,
            evidence=[sentence_evidence(sent)],
        ))
    return commitments
