"""Turning the bytes of a text or HTML file into a str with '\\n' newlines.

UTF-8 first, then an encoding the file declares, then charset-normalizer's
guess; where the guess is another single-byte code page and Windows-1252 (the
Western reading, a superset of Latin-1's letters) decodes the bytes too, the
reading with more letters wins and a tie goes to the Western one, so French
Latin-1 is not read as Central European. A few stray NUL bytes are dropped
(warning W001); binary content is refused rather than decoded into noise.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata

from charset_normalizer import from_bytes

from readouts.errors import ReadoutsError, warning_text

log = logging.getLogger("readouts.ingest")
WESTERN = "cp1252"

# A real text may hold a stray form feed or SUB; a file with more than this
# share of control characters is not text, whatever it decodes to.
MAX_CONTROL_RATIO = 0.01
MAX_STRAY_NULS = 16  # NULs dropped from a text of any length (a copy-paste accident), beyond the ratio
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
    nuls = data.count(b"\x00")
    if nuls:
        if nuls > max(MAX_STRAY_NULS, MAX_CONTROL_RATIO * len(data)):
            raise ReadoutsError("E003", path=path)  # UTF-16 without a BOM, or binary
        data = data.replace(b"\x00", b"")
        log.warning(warning_text("W001", count=nuls, path=path))
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
    return western_or(str(best), data)


def western_or(detected: str, data: bytes) -> str:
    r"""`detected` (a guessed decoding of `data`), or the Windows-1252 reading when it has at least as
    many letters among its non-ASCII characters.

    >>> western_or(b"R\xe9union \xe0 Gen\xe8ve".decode("cp1250"), b"R\xe9union \xe0 Gen\xe8ve")
    'Réunion à Genève'
    >>> western_or(b"\xa3\xf3d\x9f".decode("cp1250"), b"\xa3\xf3d\x9f")
    'Łódź'
    """
    try:
        western = data.decode(WESTERN)
    except UnicodeDecodeError:
        return detected
    return western if _letters(western) >= _letters(detected) else detected


def _letters(text: str) -> int:
    return sum(1 for char in text if ord(char) > 127 and unicodedata.category(char).startswith("L"))


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _control_ratio(text: str) -> float:
    controls = sum(
        1 for char in text if char not in _ALLOWED_CONTROLS and unicodedata.category(char) == "Cc"
    )
    return controls / len(text) if text else 0.0
