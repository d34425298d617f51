"""Component `readouts_initiatives`: named frameworks, agreements, dialogues and forums.

Writes span group `initiatives`: `label_` is the kind (agreement, dialogue,
mechanism, ...), `kb_id_` the canonical name for initiatives known from
`initiatives.yaml` (else ""), `id_` an acronym given in the text ("Joint
Crediting Mechanism (JCM)"). Recognises known names, capitalised phrases
ending in a head noun ("India-U.S. Strategic Trade Dialogue"), and acronyms
followed by a generic noun ("the TRUST initiative"). Merging the mentions of
one initiative is `readouts.extract.initiatives`' job.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from readouts.domain import load_domain
from readouts.nlp.tokens import token_words

ORDINAL = re.compile(r"^(\d+(st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
                     r"tenth|eleventh|twelfth|inaugural)$", re.IGNORECASE)
_CALENDAR = load_domain().language["calendar"]
MONTHS = frozenset([*_CALENDAR["months"], *_CALENDAR["month_abbreviations"]])
LEFT_STOP = frozenset("the a an this that their its our his her both two".split())
MINISTER_MEETING = re.compile(
    r"^(?:(?:foreign(?:\s+affairs)?|finance|trade|defen[cs]e|energy|health|agriculture|environment|digital|"
    r"tourism|education)\s+)?(?:ministers['’]?|leaders['’]?|ministerial)\s+(?:meeting|summit|conference)\b",
    re.IGNORECASE,
)


def _cap(text: str) -> bool:
    return bool(text) and (text[0].isupper() or (text[0].isdigit() and any(c.isupper() for c in text)))


class InitiativeFinder:
    """Known names, head-noun phrases and acronym phrases, built once from the data file."""

    def __init__(self, nlp: Language) -> None:
        domain = load_domain()
        self.known = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.known_nocase = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.known_by_key = {}
        for item in domain.known_initiatives:
            key = f"K:{item.name}"
            self.known_by_key[key] = item
            self.known.add(key, [nlp.make_doc(form) for form in item.forms])
            if item.nocase:
                self.known_nocase.add(key, [nlp.make_doc(form.lower()) for form in item.forms])
        self.heads = {tuple(h.split()): kind for h, kind in domain.initiative_heads.items()}
        self.head_lengths = sorted({len(h) for h in self.heads}, reverse=True)
        self.head_firsts = {h[0] for h in self.heads}
        self.weak = domain.initiative_weak_heads
        self.suffixes = domain.initiative_acronym_suffixes
        self.exclude = domain.initiative_exclude
        self.office_words = set(domain.office_heads) | set(domain.office_modifiers)

    def _head_at(self, texts: list[str], i: int) -> tuple[int, str] | None:
        if texts[i] not in self.head_firsts:
            return None
        for length in self.head_lengths:
            words = tuple(texts[i:i + length])
            if len(words) == length and words in self.heads:
                return i + length, self.heads[words]
        return None

    def _left_start(self, doc: Doc, i: int, blocked: set[int]) -> int:
        """Extend left from head token i over capitalised words, dyad prefixes and 'and'."""
        k = i
        while k > 0:
            tok = doc[k - 1]
            if tok.i in blocked or tok.is_sent_start and tok.lower_ in LEFT_STOP:
                break
            if tok.text in ("-", "–", "’", "'", "’s", "'s", "&") and k - 2 >= 0 and _cap(doc[k - 2].text):
                k -= 1
                continue
            if tok.lower_ in ("and", "of") and k - 2 >= 0 and _cap(doc[k - 2].text) and _cap(doc[k].text) \
                    and not doc[k - 2].is_stop:
                k -= 1
                continue
            if not _cap(tok.text) or (ORDINAL.match(tok.text) and not tok.text[:1].isalpha()) \
                    or tok.lower_ in LEFT_STOP or (tok.is_stop and not tok.text[:1].isupper()) \
                    or (tok.is_stop and tok.is_sent_start):
                break
            if tok.ent_type_ == "PERSON" or (tok.text.endswith(("’", "'")) is False and tok.text in (",",)):
                break
            k -= 1
        while k < i and (doc[k].text in ("-", "–", "’", "'", "&", "’s", "'s") or doc[k].lower_ == "and"):
            k += 1
        return k

    def _right_end(self, doc: Doc, end: int) -> int:
        """Extend over "of/for/on (the) Capitalised ... (and|in|of Capitalised)"."""
        n = len(doc)
        if end + 1 >= n or doc[end].lower_ not in ("of", "for", "on"):
            return end
        k = end + 1
        if k < n and doc[k].lower_ == "the":
            k += 1
        last = None
        while k < n:
            tok = doc[k]
            if _cap(tok.text) and not tok.is_digit and tok.lower_ not in MONTHS:
                last = k
                k += 1
            elif tok.lower_ in ("and", "in", "of", "&", "-") and last is not None and k + 1 < n \
                    and _cap(doc[k + 1].text):
                k += 1
            else:
                break
        return last + 1 if last is not None else end

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        strings = doc.vocab.strings
        blocked = {t for s in doc.spans.get("persons", []) for t in range(s.start, s.end)}
        for matcher in (self.known, self.known_nocase):
            for match_id, start, end in matcher(doc):
                item = self.known_by_key[strings[match_id]]
                if end < len(doc) and doc[end].lower_ in ("resolution", "resolutions"):
                    continue  # "the UN General Assembly resolution": the body that voted, not a forum held
                rest = doc[end:min(len(doc), end + 5)].text
                m = MINISTER_MEETING.match(rest)
                if m:  # "Group of 20 foreign ministers' meeting"
                    span = doc.char_span(doc[start].idx, doc[end].idx + m.end(), alignment_mode="expand")
                    spans.append(Span(doc, start, span.end, label="forum"))
                spans.append(Span(doc, start, end, label=item.kind, kb_id=item.name))
        paren_blocked: set[int] = set()
        texts = token_words(doc).text
        for i, text in enumerate(texts):
            if text not in self.head_firsts or i in blocked or i in paren_blocked or not _cap(text):
                continue
            head = self._head_at(texts, i)
            if head is None:
                continue
            head_end, kind = head
            start = self._left_start(doc, i, blocked)
            end = self._right_end(doc, head_end)
            words_before = sum(1 + t.text.count("-") for t in doc[start:i] if _cap(t.text))
            needed = 2 if doc[i].text in self.weak and end == head_end else 1
            if doc[i].text.isupper() and len(doc[i].text) > 2:
                needed = 0  # an acronym head such as "COMPACT"
            if words_before < needed and end == head_end:
                continue
            # "Meeting of the Mexico-Uruguay Strategic Partnership Council": the occasion of a body that
            # has a head of its own; the body is the initiative
            if doc[i].text in self.weak and start == i and end > head_end + 1:
                inner = head_end + 1 + (doc[head_end + 1].lower_ == "the")
                if any(texts[k] in self.head_firsts and self._head_at(texts, k) is not None
                       and texts[k] not in self.weak for k in range(inner, end)):
                    start = inner
                    i = start
            span = Span(doc, start, end, label=kind)
            if span.text in self.exclude or any(t.lower_ in ("ministry", "department") for t in span):
                continue
            acronym = ""
            if end + 2 < len(doc) and doc[end].text == "(":
                close = next((k for k in range(end + 1, min(len(doc), end + 25)) if doc[k].text == ")"), None)
                if close is not None:
                    inner = doc[end + 1:close]
                    if len(inner) == 1 and inner.text.replace("-", "").isalnum() and any(c.isupper() for c in inner.text):
                        acronym = inner.text
                    paren_blocked.update(range(end, close + 1))
            spans.append(Span(doc, start, end, label=kind, span_id=acronym))
        for i in range(len(texts) - 1):
            if not (texts[i].isupper() and len(texts[i]) >= 3 and texts[i + 1].lower() in self.suffixes):
                continue
            tok, nxt = doc[i], doc[i + 1]
            if tok.is_alpha and nxt.text.islower() and i not in blocked:
                spans.append(Span(doc, i, i + 2, label=nxt.lower_ if nxt.lower_ != "vision" else "initiative",
                                  span_id=tok.text))
        doc.spans["initiatives"] = filter_spans(spans)
        return doc


@Language.factory("readouts_initiatives")
def make_initiatives(nlp: Language, name: str) -> InitiativeFinder:
    return InitiativeFinder(nlp)
