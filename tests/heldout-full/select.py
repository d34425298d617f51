"""Select the 18 full-length State Department releases of tests/heldout-full/.

Rule: records of /work/shared/corpus/stream/state-dept-2021-2022.jsonl whose text
is 2,500-9,000 characters long, whose id is not the stream_id of any
tests/heldout/*.gold.json, and whose title does not start with
"Secretary Blinken's Call with", "Secretary Blinken's Meeting with" or
"Deputy Secretary". 18 drawn with random.Random(20261202).sample over the
candidates in file order. Prints one line per draw: NAME<TAB>id.
"""
import glob
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
STREAM = "/work/shared/corpus/stream/state-dept-2021-2022.jsonl"
HELDOUT = os.path.join(HERE, "..", "heldout")
EXCLUDED_PREFIXES = ("Secretary Blinken's Call with",
                     "Secretary Blinken's Meeting with",
                     "Deputy Secretary")


def norm_title(t):
    return (t or "").replace("\u2019", "'").strip()


def candidates():
    used = set()
    for f in glob.glob(os.path.join(HELDOUT, "*.gold.json")):
        sid = json.load(open(f, encoding="utf-8")).get("stream_id")
        if sid:
            used.add(sid)
    out = []
    with open(STREAM, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            r = json.loads(line)
            if not (2500 <= len(r["text"]) <= 9000):
                continue
            if r["id"] in used:
                continue
            if norm_title(r["title"]).startswith(EXCLUDED_PREFIXES):
                continue
            out.append(r)
    return out


def name_of(rid):
    return ("state-full-" + rid[:60]).rstrip("-")


def draw(n=18, seed=20261202):
    return random.Random(seed).sample(candidates(), n)


if __name__ == "__main__":
    c = candidates()
    print(f"# {len(c)} candidates")
    for r in draw():
        print(f"{name_of(r['id'])}\t{r['id']}")
