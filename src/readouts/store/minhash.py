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

import numpy as np

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
    """The MinHash signature (64 integers below 2**32) of a text.

    Computed with numpy in exact 61-bit modular arithmetic, so the values are those of
    `min(((a * s + b) % (2**61 - 1)) & (2**32 - 1))` over the shingles, as stored before.
    """
    shingles = np.fromiter(_shingles(text), dtype=np.uint64)
    hashed = _mulmod(_A[:, None], _fold(shingles)[None, :])
    hashed = _fold(hashed + _B[:, None])
    return [int(v) for v in (hashed & np.uint64(_MASK)).min(axis=1)]


_P = np.uint64(_PRIME)
_A = np.array([a for a, _ in PARAMS], dtype=np.uint64)
_B = np.array([b for _, b in PARAMS], dtype=np.uint64)
_LOW32 = np.uint64(_MASK)


def _fold(x: np.ndarray) -> np.ndarray:
    """x mod 2**61 - 1 for any x < 2**64 (2**61 is 1 modulo a Mersenne prime)."""
    x = (x & _P) + (x >> np.uint64(61))
    x = (x & _P) + (x >> np.uint64(61))
    return np.where(x >= _P, x - _P, x)


def _mulmod(a: np.ndarray, s: np.ndarray) -> np.ndarray:
    """a * s mod 2**61 - 1 for a, s < 2**61, without overflowing 64 bits."""
    a_hi, a_lo = a >> np.uint64(32), a & _LOW32
    s_hi, s_lo = s >> np.uint64(32), s & _LOW32
    high = _fold(a_hi * s_hi * np.uint64(8))            # 2**64 = 8 (mod p)
    middle = a_hi * s_lo + a_lo * s_hi                    # < 2**62
    middle = _fold((middle >> np.uint64(29)) + ((middle & np.uint64((1 << 29) - 1)) << np.uint64(32)))
    low = _fold(a_lo * s_lo)
    return _fold(_fold(high + middle) + low)


def bands(sig: list[int]) -> list[str]:
    """One bucket id per band of ROWS values."""
    return [hashlib.blake2b(struct.pack(f"<{ROWS}I", *sig[i:i + ROWS]), digest_size=16).hexdigest()
            for i in range(0, len(sig), ROWS)]


def jaccard(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of the two texts' shingles."""
    return sum(1 for x, y in zip(a, b) if x == y) / len(a)
