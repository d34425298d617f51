"""Storage: the knowledge base on SQLite (embedded default) or PostgreSQL.

`Store.open(url)` opens or creates it; `Store.add(document, extraction)` stores
one document with its extraction, `Store.ingest(documents)` extracts and adds
many; `readouts.store.queries` answers questions over it.
"""

from readouts.store.database import database_url, open_engine
from readouts.store.knowledge import IngestSummary, Outcome, Store, content_hash, document_key

__all__ = ["IngestSummary", "Outcome", "Store", "content_hash", "database_url", "document_key", "open_engine"]
