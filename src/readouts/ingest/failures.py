"""The record of one input that could not be read, yielded in place of its Document.

Ingest never raises for a bad input: a batch goes on past it and reports it.
"""

from __future__ import annotations

from dataclasses import dataclass

from readouts.errors import ReadoutsError


@dataclass(frozen=True)
class IngestFailure:
    """An input (a file, or 'FILE:LINE' in a JSONL file) and the error it failed with."""

    path: str
    error: ReadoutsError

    @property
    def code(self) -> str:
        """The error's number, e.g. 'E003'."""
        return self.error.code

    @property
    def message(self) -> str:
        """The one-line message for people, e.g. 'E001 path not found: x.txt'."""
        return str(self.error)
