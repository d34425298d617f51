"""The numpy MinHash gives exactly the values of the plain formula, so signatures stored
by earlier versions still compare with new ones."""

from __future__ import annotations

import random

import numpy as np

from readouts.store import minhash


def reference(text: str) -> list[int]:
    shingles = minhash._shingles(text)
    return [min(((a * s + b) % minhash._PRIME) & minhash._MASK for s in shingles) for a, b in minhash.PARAMS]


def test_modular_product_is_exact_at_the_extremes():
    rng = random.Random(3)
    p = minhash._PRIME
    values = [0, 1, 2, p - 1, p - 2, (1 << 32) - 1, 1 << 32, (1 << 60) + 12345] + [rng.randrange(p) for _ in range(300)]
    a = np.array(values, dtype=np.uint64)
    s = np.array(list(reversed(values)), dtype=np.uint64)
    got = minhash._mulmod(a, s)
    assert [int(v) for v in got] == [x * y % p for x, y in zip(values, reversed(values))]
    big = [(1 << 64) - 1, (1 << 63) + 7, p, p + 1, 2 * p]
    assert [int(v) for v in minhash._fold(np.array(big, dtype=np.uint64))] == [v % p for v in big]


def test_signatures_match_the_formula(corpus):
    rng = random.Random(7)
    texts = [path.read_text(encoding="utf-8") for path in sorted((corpus / "dev").glob("*.txt"))]
    texts += ["", "one", "two words here", "word " * 3]
    texts += [" ".join(rng.choice(["talks", "visit", "trade", "minister", "Lima"]) for _ in range(rng.randint(1, 300)))
              for _ in range(50)]
    for text in texts:
        assert minhash.signature(text) == reference(text)
