"""The language pipeline: spaCy's English model plus Readouts' own components.

`load_pipeline()` returns a spaCy `Language` whose components add span groups
to each `Doc` (`countries`, `places`, `orgs`, `offices`, `persons`, `dates`,
`initiatives`, `triggers`). It finds and labels text; it does not decide who
met whom (that is `readouts.extract`).
"""

from readouts.nlp.pipeline import MODEL_NAME, load_pipeline

__all__ = ["MODEL_NAME", "load_pipeline"]
