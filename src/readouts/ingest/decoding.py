"""Turning the bytes of a text or HTML file into a str with '\\n' newlines.

UTF-8 first, then an encoding the file declares, then charset-normalizer's
guess. Binary content is refused rather than decoded into noise.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from readouts.errors import ReadoutsError

# A real text may hold a stray form feed or SUB; a file with more than this
# share of control characters is not text, whatever it decodes to.
MAX_CONTROL_RATIO = 0.01
_ALLOWED_CONTROLS = set("\t\n\r\f\v")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_bytes(data: bytes, path: str, *, html: bool = False) -> str:
    """Decode a file's bytes to text with newlines normalised to '\\n'.

    `html=True` also honours a `<meta charset>` declaration. Raises
    ReadoutsError E003 for binary or undecodable content and E004 when the
    text is empty or whitespace only.
    """
    if not data.strip():
        raise ReadoutsError("E004", path=path)
    text = _decode(data, path, html=html)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if _control_ratio(text) > MAX_CONTROL_RATIO:
        raise ReadoutsError("E003", path=path)
    if not text.strip():
        raise ReadoutsError("E004", path=path)
    return text


def _decode(data: bytes, path: str, *, html: bool) -> str:
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise ReadoutsError("E003", path=path) from None
    if b"\x00" in data:
        raise ReadoutsError("E003", path=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if html:
        declared = _declared_charset(data)
        if declared:
            try:
                return data.decode(declared)
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration is common; fall back to detection
    best = from_bytes(data).best()
    if best is None:
        raise ReadoutsError("E003", path=path)
    return str(best)


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _control_ratio(text: str) -> float:
    controls = sum(
        1 for char in text if char not in _ALLOWED_CONTROLS and unicodedata.category(char) == "Cc"
    )
    return controls / len(text) if text else 0.0
