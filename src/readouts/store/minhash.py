"""MinHash signatures for near-duplicate documents (the same wire story with small edits).

`signature(text)` hashes 5-word shingles under 64 permutations;
`bands(sig)` cuts it into 16 bands of 4 for locality-sensitive lookup;
`jaccard(a, b)` estimates the shingle overlap. Two texts at or above
`SIMILAR` are near-duplicates.
"""

from __future__ import annotations

import hashlib
import re
import struct

PERMUTATIONS = 64
ROWS = 4
SHINGLE = 5
SIMILAR = 0.8
_PRIME = (1 << 61) - 1
_MASK = (1 << 32) - 1


def _params() -> list[tuple[int, int]]:
    params = []
    for i in range(PERMUTATIONS):
        digest = hashlib.sha256(f"readouts-minhash-{i}".encode()).digest()
        a, b = struct.unpack("<QQ", digest[:16])
        params.append((a % _PRIME or 1, b % _PRIME))
    return params


PARAMS = _params()


def _shingles(text: str) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < SHINGLE:
        words = words + [""] * (SHINGLE - len(words))
    grams = {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    return {struct.unpack("<Q", hashlib.blake2b(g.encode(), digest_size=8).digest())[0] for g in grams}


def signature(text: str) -> list[int]:
    """The MinHash signature (64 integers below 2**32) of a text."""
    shingles = _shingles(text)
    return [min(((a * s + b) % _PRIME) & _MASK for s in shingles) for a, b in PARAMS]


def bands(sig: list[int]) -> list[str]:
    """One bucket id per band of ROWS values."""
    return [hashlib.blake2b(struct.pack(f"<{ROWS}I", *sig[i:i + ROWS]), digest_size=16).hexdigest()
            for i in range(0, len(sig), ROWS)]


def jaccard(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of the two texts' shingles."""
    return sum(1 for x, y in zip(a, b) if x == y) / len(a)
