"""Initiatives of one document: mentions of the same framework merged into one record.

Takes the `initiatives` spans and merges "India-U.S. COMPACT", "COMPACT" and
"the COMPACT framework", or "Joint Crediting Mechanism (JCM)" and "JCM",
into one `Initiative` with every mention. It does not look across documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from readouts.domain import load_domain
from readouts.schema import Initiative

DYAD_PREFIX = re.compile(r"^(?:[A-Z][\w.]*[-–])+[A-Z][\w.]*\s+")
GENERIC = ("initiative", "framework", "vision", "partnership", "dialogue", "mechanism", "agreement")


def core_name(name: str) -> str:
    """Lower-case name without a country-pair prefix, 'the', or a trailing generic noun."""
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    stripped = DYAD_PREFIX.sub("", name)
    if stripped and stripped.split()[0][:1].isupper():
        name = stripped
    words = name.split()
    if len(words) == 2 and words[1].lower() in GENERIC and words[0].isupper():
        name = words[0]
    return re.sub(r"[^\w+ ]", "", name).lower().strip()


def acronym_of(name: str) -> str:
    words = re.split(r"[\s\-–]+", DYAD_PREFIX.sub("", name))
    return "".join(w[0] for w in words if w and w[0].isupper()).upper()


@dataclass
class _Group:
    name: str
    kind: str
    acronym: str | None
    known: str | None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    tokens: set[int] = field(default_factory=set)


def find_initiatives(doc: Doc) -> tuple[list[Initiative], dict[int, str]]:
    """Merged initiatives and a map from token index to initiative id."""
    known = {item.name: item for item in load_domain().known_initiatives}
    groups: list[_Group] = []
    for span in sorted(doc.spans["initiatives"], key=lambda s: (-len(s), s.start)):
        name = span.kb_id_ or span.text.strip()
        acronym = span.id_ or (known[span.kb_id_].acronym if span.kb_id_ in known else None)
        if span.label_ in GENERIC and len(span) == 2 and span[0].text.isupper():
            acronym = span[0].text
        key = core_name(name)
        match = None
        for group in groups:
            if (span.kb_id_ and group.known == span.kb_id_) or core_name(group.name) == key \
                    or (group.acronym and group.acronym.lower() in (key, (acronym or "").lower())) \
                    or (acronym and core_name(group.name) == acronym.lower()) \
                    or (acronym and acronym_of(group.name) == acronym.upper() and len(acronym) > 2):
                match = group
                break
        if match is None:
            match = _Group(name=name, kind=span.label_, acronym=acronym, known=span.kb_id_ or None)
            groups.append(match)
        elif acronym and not match.acronym:
            match.acronym = acronym
        match.mentions.append((span.start_char, span.end_char))
        match.tokens.update(range(span.start, span.end))
    # later bare acronyms: "the MCEP had mobilised ..."
    taken = {t for g in groups for t in g.tokens}
    for group in groups:
        if group.acronym:
            for tok in doc:
                if tok.text == group.acronym and tok.i not in taken:
                    group.mentions.append((tok.idx, tok.idx + len(tok.text)))
                    group.tokens.add(tok.i)
                    taken.add(tok.i)
    groups.sort(key=lambda g: min(g.mentions))
    initiatives, token_map = [], {}
    for n, group in enumerate(groups, 1):
        ident = f"i{n}"
        kind = group.kind if group.kind in Initiative.model_fields["kind"].annotation.__args__ else "other"
        initiatives.append(Initiative(id=ident, name=group.name, acronym=group.acronym, kind=kind,
                                      mentions=sorted(group.mentions)))
        for tok in group.tokens:
            token_map[tok] = ident
    return initiatives, token_map
