"""The engagement phrasing the event passes read by, compiled once from the data files.

Word lists come from `data/language.yaml` (how texts refer back to both sides, topic nouns,
saying and attribution words, joint verbs, companion and delegation words, transcripts'
question labels) and the cancel markers from `data/events.yaml`; this module only compiles
them into sets and patterns. It reads no document.
"""

from __future__ import annotations

import re
from functools import lru_cache

from readouts.domain import load_domain
from readouts.nlp.triage import inflections

NON_STATE = {"UNO", "EUR", "IGO", "NGO", "BUS"}
_ENGAGEMENT = load_domain().language["engagement"]  # data/language.yaml


def phrases(words: list[str]) -> re.Pattern:
    """Whole-word, case-insensitive alternation of the phrases of a language.yaml list."""
    alternatives = "|".join(re.escape(str(w)).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


ANAPHORA = phrases(_ENGAGEMENT["anaphora"])
TWO_SIDES = phrases(_ENGAGEMENT["two_sides"])
SEPARATE = phrases(_ENGAGEMENT["separate_markers"])
GATHERING = phrases(_ENGAGEMENT["gathering_markers"])
GATHERING_NEXT = re.compile(rf"\s*(?:{phrases(_ENGAGEMENT['gathering_openers']).pattern})", re.IGNORECASE)
LIST_SENTENCE = re.compile(
    r"^\s*(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _ENGAGEMENT["list_openers"]) + r")\b"
    r"[^:.;]{0,60}?\b(?:" + "|".join(map(re.escape, _ENGAGEMENT["list_verbs"])) + r")\s*:", re.IGNORECASE)
VIRTUAL = phrases(_ENGAGEMENT["virtual_markers"])
ATTENDANCE = phrases(_ENGAGEMENT["attendance_markers"])
ACCOMPANIED = phrases(_ENGAGEMENT["companion_markers"] + _ENGAGEMENT["attendance_markers"])
HOST_VERBS = frozenset(_ENGAGEMENT["host_verbs"])
ARRANGER_VERBS = frozenset(_ENGAGEMENT["arranger_verbs"])
GROUP = re.compile(
    r"\bwith\s+(?:the\s+)?(?:(?:" + "|".join(map(re.escape, _ENGAGEMENT["group_modifiers"])) + r")\s+)?"
    r"(?P<country>[A-Z][\w.\-]*(?:\s[A-Z][\w.]*)?)\s+"
    r"(?P<what>(?:[a-z\-]+\s+){0,2}(?:" + "|".join(map(re.escape, _ENGAGEMENT["group_nouns"])) + r"))\b"
)
TOPIC_NOUNS = frozenset(_ENGAGEMENT["topic_nouns"])
DISCUSSION_VERBS = frozenset(_ENGAGEMENT["discussion_verbs"])
SAYING = frozenset(_ENGAGEMENT["saying_verbs"])
ATTRIBUTION = frozenset(_ENGAGEMENT["attribution_words"])
JOINT_VERBS = frozenset(_ENGAGEMENT["joint_verbs"])
FUTURE_ANYWHERE = list(_ENGAGEMENT["future_anywhere"])
OTHERS = "*"  # a group of other sides whose countries the text does not name
# "hosted his Quad counterparts", "met their G7 counterparts": a grammar, not a word list
COUNTERPARTS = re.compile(
    r"\b(?:hosted|hosts|received|receives|welcomed|welcomes|met|meets|with)\s+(?P<who>(?:his|her|their|the)\s+"
    r"(?:[A-Z][\w\-]*\s+)?(?:[a-z\-]+\s+)?counterparts)\b"
)
GENERIC_TYPES = {"meeting", "talks", "dialogue"}
_TRANSCRIPTS = load_domain().language["transcripts"]
QUESTION_LABELS = frozenset(str(w).upper() for w in _TRANSCRIPTS["question_labels"])
DELEGATION_NOUNS = frozenset(_ENGAGEMENT["delegation_nouns"])
CONDITIONAL_OPENERS = frozenset(str(w).lower() for w in _TRANSCRIPTS["conditional_openers"])
# a speaker label opening a transcript paragraph: "QUESTION:", "MR PRICE:", "SECRETARY BLINKEN:"
SPEAKER = re.compile(r"^\s*([A-Z][A-Z .'’\-]{0,40}):")


def speaker_labels(text: str) -> list[tuple[int, int, str]]:
    """The speaker labels of a transcript, one per paragraph that opens with one: (offset of the
    paragraph, offset of the label, the label as written) for "MR PRICE: ...", "QUESTION: ..."."""
    found = []
    for line in re.finditer(r"[^\n]+", text):
        label = SPEAKER.match(line.group())
        if label is not None:
            found.append((line.start(), line.start() + label.start(1), label.group(1)))
    return found


@lru_cache(maxsize=4)
def cancel_forms(markers: tuple[str, ...]) -> list[str]:
    """The cancel markers of events.yaml with the inflections of their one-word verbs
    ("postpone" → "postpones", "postponing"), so that a headline's "Postpones" counts too."""
    forms = []
    for marker in (m.lower() for m in markers):
        forms.append(marker)
        if " " not in marker and not marker.endswith(("ed", "led")):
            forms.extend(sorted(inflections(marker, {})))  # the inflections triage screens for
    return list(dict.fromkeys(forms))


@lru_cache(maxsize=32)
def marker_pattern(markers: tuple[str, ...]) -> re.Pattern:
    """One compiled pattern for a list of marker phrases, each matched as whole words."""
    return re.compile("|".join(rf"(?<![\w']){re.escape(m)}(?![\w])" for m in markers))
