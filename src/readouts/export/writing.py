"""Writing an export file so that an interrupted or failed export never leaves a half-written file behind.

The data goes to `NAME.part` beside the destination, which replaces the
destination only when writing finished. Nothing here knows about formats.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from readouts.errors import ReadoutsError


@contextlib.contextmanager
def replaced_on_success(path: str | Path, mode: str = "w", **options) -> Iterator[IO]:
    """Open `path`.part for writing; on success move it over `path`, on error delete it.

    >>> with replaced_on_success("out.csv", "w", encoding="utf-8") as handle:  # doctest: +SKIP
    ...     handle.write("a,b\\n")
    """
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    try:
        handle = open(partial, mode, **options)  # noqa: SIM115 (closed below, before the rename)
    except OSError as exc:  # name the destination, not the temporary file
        raise ReadoutsError("E031", path=path, reason=exc.strerror or str(exc)) from exc
    try:
        with handle:
            yield handle
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_json_lines(path: str | Path, objects: Iterable[dict]) -> int:
    """Write one JSON object per line (replacing `path` only when done); returns how many."""
    written = 0
    with replaced_on_success(path, "w", encoding="utf-8", newline="\n") as handle:
        for obj in objects:
            handle.write(json.dumps(obj, ensure_ascii=False) + "\n")
            written += 1
    return written
