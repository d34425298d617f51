"""Component `readouts_gazetteer`: countries, demonyms, places and organisations.

Matches the data tables' names against the text and writes span groups
`countries` (label COUNTRY or DEMONYM), `places` (label PLACE) and `orgs`
(label ORG); `kb_id_` holds the ISO3 code, `id_` the canonical name. It does
not decide which side a person represents.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from readouts.domain import load_domain


class Gazetteer:
    """Phrase matchers over the domain tables, built once."""

    def __init__(self, nlp: Language) -> None:
        domain = load_domain()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.upper_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.entries: dict[str, tuple[str, str, str]] = {}  # match key -> (label, iso3, canonical)

        def add(key: str, forms: list[str], label: str, iso3: str, canonical: str, upper: bool) -> None:
            self.entries[key] = (label, iso3, canonical)
            docs = [nlp.make_doc(form) for form in forms if form]
            self.matcher.add(key, docs)
            if upper:
                self.upper_matcher.add(key, [nlp.make_doc(form.lower()) for form in forms if form])

        for iso3, country in domain.countries.items():
            forms = [country.name, *country.aliases]
            add(f"C:{iso3}", forms, "COUNTRY", iso3, country.name, True)
            add(f"D:{iso3}", list(country.demonyms), "DEMONYM", iso3, country.name, False)
        by_place: dict[str, list[str]] = {}
        for form, place in domain.places.items():
            by_place.setdefault(place.name, []).append(form)
        for name, forms in by_place.items():
            place = domain.places[name]
            add(f"P:{name}", forms, "PLACE", place.iso3, name, True)
        by_org: dict[str, list[str]] = {}
        for form, org in domain.organizations.items():
            by_org.setdefault(org.name, []).append(form)
        country_forms = set(domain.country_by_form)
        for name, forms in by_org.items():
            org = domain.organizations[name]
            forms = [f for f in forms if f not in country_forms]  # "European Union" is a side, not an org
            if forms:
                add(f"O:{name}", forms, "ORG", org.iso3 or "", name, False)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        vocab = doc.vocab.strings
        for match_id, start, end in self.matcher(doc):
            label, iso3, canonical = self.entries[vocab[match_id]]
            spans.append(Span(doc, start, end, label=label, kb_id=iso3, span_id=canonical))
        for match_id, start, end in self.upper_matcher(doc):
            text = doc[start:end].text
            if text.isupper() and len(text) > 3:  # datelines such as "NEW DELHI —"
                label, iso3, canonical = self.entries[vocab[match_id]]
                spans.append(Span(doc, start, end, label=label, kb_id=iso3, span_id=canonical))
        spans = filter_spans(spans)
        doc.spans["countries"] = [s for s in spans if s.label_ in ("COUNTRY", "DEMONYM")]
        doc.spans["places"] = [s for s in spans if s.label_ == "PLACE"]
        doc.spans["orgs"] = [s for s in spans if s.label_ == "ORG"]
        return doc


@Language.factory("readouts_gazetteer")
def make_gazetteer(nlp: Language, name: str) -> Gazetteer:
    return Gazetteer(nlp)
