"""full-text search over documents

SQLite: an FTS5 table kept in step with `documents` by triggers.
PostgreSQL: a GIN index on the English tsvector of title and text.

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', "
                   "content_rowid='id', tokenize='porter unicode61')")
        op.execute("CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
                   "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END")
        op.execute("CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
                   "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
                   "VALUES ('delete', old.id, old.title, old.text); END")
        op.execute("CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN "
                   "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
                   "VALUES ('delete', old.id, old.title, old.text); "
                   "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END")
    elif dialect == "postgresql":
        op.execute("CREATE INDEX ix_documents_fts ON documents USING gin "
                   "(to_tsvector('english', coalesce(title, '') || ' ' || text))")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS documents_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS documents_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_documents_fts")
