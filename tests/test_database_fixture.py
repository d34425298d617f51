"""The ``database_url`` fixture gives every test a working, empty database on
SQLite and on PostgreSQL. Plain SQLAlchemy only: these tests check the fixture
and the server, not the knowledge base."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()
probe = sa.Table(
    "probe",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("actor", sa.String(100), nullable=False),
)


def test_a_table_can_be_created_written_and_read(database_url):
    engine = sa.create_engine(database_url)
    try:
        metadata.create_all(engine)
        with engine.begin() as connection:
            connection.execute(sa.insert(probe), [{"actor": "S. Jaishankar"}])
        with engine.connect() as connection:
            rows = connection.execute(sa.select(probe.c.id, probe.c.actor)).all()
    finally:
        engine.dispose()
    assert [tuple(row) for row in rows] == [(1, "S. Jaishankar")]


def test_each_test_starts_with_an_empty_database(database_url):
    # Runs after the test above, which left a "probe" table in its database.
    engine = sa.create_engine(database_url)
    try:
        assert sa.inspect(engine).get_table_names() == []
    finally:
        engine.dispose()
