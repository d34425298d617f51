"""Component `readouts_triggers`: words that signal an engagement or a visit.

Writes span group `triggers`: `label_` is the event type from `events.yaml`
(call, meeting, talks, ..., and `visit`). Phrases that look like triggers but
are not ("called for", "meet the needs") block the words they cover. Deciding
who took part, when and where is `readouts.extract.events`' job.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from readouts.domain import load_domain
from readouts.nlp.tokens import token_words

HOLDING_VERBS = frozenset("hold co-chair cochair chair convene conduct attend host organise organize "
                          "participate join open".split())


class TriggerFinder:
    def __init__(self, nlp: Language) -> None:
        events = load_domain().events
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.blockers = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lemmas: dict[str, str] = {}
        for etype in [*events["types"], "visit"]:
            spec = events["visit"] if etype == "visit" else events["triggers"].get(etype, {})
            phrases = [p for p in spec.get("phrases", []) if p]
            if phrases:
                self.phrases.add(etype, [nlp.make_doc(p.lower()) for p in phrases])
            for lemma in spec.get("lemmas", []):
                self.lemmas.setdefault(str(lemma).lower(), etype)
        # "spoke (today, by phone) with": a verb lemma that is a trigger when a listed word follows it
        self.verb_then: dict[str, tuple[str, frozenset[str]]] = {}
        # "X called Y": a verb lemma that is a trigger when a person or a title is its object
        self.verb_person: dict[str, str] = {}
        # "held his introductory call": a noun lemma that is a trigger when a listed verb governs it
        self.noun_of_verb: dict[str, tuple[str, frozenset[str]]] = {}
        for etype, spec in events["triggers"].items():
            for lemma, words in (spec.get("verb_then") or {}).items():
                self.verb_then.setdefault(str(lemma).lower(), (etype, frozenset(str(w).lower() for w in words)))
            for lemma in spec.get("verb_person") or []:
                self.verb_person.setdefault(str(lemma).lower(), etype)
            for lemma, verbs in (spec.get("noun_of_verb") or {}).items():
                self.noun_of_verb.setdefault(str(lemma).lower(), (etype, frozenset(str(v).lower() for v in verbs)))
        self.blockers.add("NOT", [nlp.make_doc(p.lower()) for p in events["not_triggers"]])
        # weak visit words: a visit only with a person as subject and a place right after (kb_id "weak")
        weak = [p for p in events["visit"].get("weak_phrases", []) if p]
        if weak:
            self.phrases.add("visit_weak", [nlp.make_doc(p.lower()) for p in weak])
        for lemma in events["visit"].get("weak_lemmas", []):
            self.lemmas.setdefault(str(lemma).lower(), "visit_weak")
        self.order = {t: i for i, t in enumerate([*events["types"], "visit"])}

    @staticmethod
    def _held(span: Span) -> bool:
        """Is a named dialogue or meeting actually held here ("held the Strategic Dialogue"),
        rather than only mentioned ("agreed to launch the Trade Dialogue")?"""
        tok = span.root
        for _ in range(4):
            if tok.head is tok:
                return False
            tok = tok.head
            if tok.pos_ in ("VERB", "AUX"):
                return tok.lemma_.lower() in HOLDING_VERBS
        return False

    VERB_WINDOW = 8  # words between the verb and its word: "spoke today by phone with", "welcomed President X of Y to"

    def _verb_pattern(self, doc: Doc, i: int, table, person_starts: set[int]) -> str | None:
        """The event type of a verb that is a trigger only in context (events.yaml `verb_then`,
        `verb_person`), or None."""
        lemma = table.lemma[i]
        if lemma in self.verb_then and doc[i].pos_ in ("VERB", "AUX"):
            etype, words = self.verb_then[lemma]
            if any(table.lower[k] in words for k in range(i + 1, min(i + 1 + self.VERB_WINDOW, len(doc)))):
                return etype
        if lemma in self.noun_of_verb and doc[i].pos_ == "NOUN":
            etype, verbs = self.noun_of_verb[lemma]
            head = doc[i].head
            if head.lemma_.lower() in verbs or any(table.lemma[k] in verbs for k in range(max(0, i - 4), i)):
                return etype
        if lemma in self.verb_person and doc[i].pos_ == "VERB":
            k = i + 1
            while k < len(doc) and table.lower[k] in ("his", "her", "their", "the", "today", "yesterday"):
                k += 1
            if k in person_starts or (k < len(doc) and table.lower[k] in ("counterpart", "counterparts")) \
                    or (k + 1 < len(doc) and k + 1 in person_starts and doc[k].ent_type_ in ("NORP", "GPE")):
                return self.verb_person[lemma]
        return None

    def __call__(self, doc: Doc) -> Doc:
        blocked = {t for _, s, e in self.blockers(doc) for t in range(s, e)}
        for initiative in doc.spans.get("initiatives", []):
            if not self._held(initiative):
                blocked.update(range(initiative.start, initiative.end))
        spans = []
        strings = doc.vocab.strings
        for match_id, start, end in self.phrases(doc):
            if not any(t in blocked for t in range(start, end)):
                spans.append(Span(doc, start, end, label=strings[match_id]))
        table = token_words(doc)
        n = len(doc)
        person_starts = {s.start for group in ("persons", "offices") for s in doc.spans.get(group, [])}
        for i in range(n):
            if i in blocked:
                continue
            etype = self.lemmas.get(table.lemma[i]) or self.lemmas.get(table.lower[i])
            if etype is None:
                etype = self._verb_pattern(doc, i, table, person_starts)
            if etype is not None:
                spans.append(Span(doc, i, i + 1, label=etype))
        spans = [Span(doc, s.start, s.end, label="visit", kb_id="weak") if s.label_ == "visit_weak" else s
                 for s in spans]
        doc.spans["triggers"] = filter_spans(spans)
        return doc


@Language.factory("readouts_triggers")
def make_triggers(nlp: Language, name: str) -> TriggerFinder:
    return TriggerFinder(nlp)
