"""The same initiative across documents: "COMPACT", "India-U.S. COMPACT", "the COMPACT framework"."""

from __future__ import annotations

import re

from readouts.extract.initiatives import core_name


def initiative_key(name: str, acronym: str | None = None) -> str:
    """A key shared by the forms of one initiative: its acronym when it has one, else its core name.

    >>> initiative_key("India-U.S. COMPACT")
    'compact'
    >>> initiative_key("Joint Crediting Mechanism", "JCM")
    'jcm'
    """
    if acronym:
        return re.sub(r"[^\w+]", "", acronym).lower()
    core = core_name(name)
    return core
