"""Component `readouts_boundaries`: no sentence break after "Amb.", "Dr.", "U.S." and kin.

Runs before the parser. A line break always ends a sentence (headings,
datelines and paragraphs are separate). It also marks the token after a diplomatic abbreviation as
not starting a sentence (the parser respects preset boundaries). After
country abbreviations ("U.S.") a break is still allowed before a word that
usually starts a sentence ("The", "He", ...).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

ALWAYS = frozenset(
    "Amb. Dr. Mr. Mrs. Ms. Prof. H.E. Hon. Rt. Gen. Lt. Col. Adm. Capt. Maj. Sen. Rep. Gov. Pres. Min. "
    "Sec. Dept. Sept. Smt. Shri. St. Rs. No. Nos. Art. Para. Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. "
    "Oct. Nov. Dec. Dato' Dato’".split()
)
COUNTRY_ABBREVIATIONS = frozenset("U.S. U.K. U.N. E.U. U.A.E. U.S.A.".split())
STARTERS = frozenset(
    "The A An This That These Those He She It They We I In On At As But And However Meanwhile "
    "Both Earlier Later During After Before While His Her Their Our Its".split()
)


class AbbreviationBoundaries:
    def __call__(self, doc: Doc) -> Doc:
        for tok in doc[:-1]:
            nxt = doc[tok.i + 1]
            if "\n" in tok.whitespace_ or (tok.is_space and "\n" in tok.text):
                if not nxt.is_space:
                    nxt.is_sent_start = True  # a line break ends a heading or paragraph
                continue
            if tok.text == ")" and tok.i >= 2 and doc[tok.i - 2].text == "(" and nxt.text[:1].isupper():
                nxt.is_sent_start = False  # "High Commissioner for Refugees (UNHCR) Filippo Grandi"
                continue
            initial = len(tok.text) == 2 and tok.text[0].isupper() and tok.text[1] == "." and nxt.text[:1].isupper()
            if initial or tok.text in ALWAYS or (tok.text in COUNTRY_ABBREVIATIONS and nxt.text not in STARTERS
                                      and not nxt.is_punct and "\n" not in tok.whitespace_):
                nxt.is_sent_start = False
        return doc


@Language.factory("readouts_boundaries")
def make_boundaries(nlp: Language, name: str) -> AbbreviationBoundaries:
    return AbbreviationBoundaries()
