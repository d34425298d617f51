"""Opening a knowledge base: engines for SQLite (WAL) and PostgreSQL, and schema migrations.

`open_engine(url)` returns a SQLAlchemy engine with the schema at the
latest Alembic revision, applied on first use. It turns the ways opening can
fail (a foreign or corrupt file, a newer schema, an unreachable server) into
numbered `ReadoutsError`s. It stores nothing itself. Two processes opening
the same new SQLite file create its schema one after the other: the check and
the migration run under an exclusive `flock` on the database's folder (on
PostgreSQL, an advisory lock of the database), so the second finds the schema
made.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

from readouts.errors import ReadoutsError

DEFAULT_URL = "sqlite:///readouts.db"


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else $READOUTS_DB, else `readouts.db` here.

    A bare file path is taken as a SQLite file; `postgresql://` uses psycopg 3.
    """
    url = url or os.environ.get("READOUTS_DB") or DEFAULT_URL
    if "://" not in url:
        url = f"sqlite:///{url}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _alembic_config() -> Config:
    config = Config()
    location = resources.files("readouts.store").joinpath("migrations")
    config.set_main_option("script_location", str(location))
    return config


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _safe(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def open_engine(url: str | None = None, upgrade: bool = True) -> Engine:
    """An engine on the knowledge base at `url`, migrated to the latest schema."""
    url = database_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ReadoutsError("E027", url=url) from exc
    shown = _safe(url)
    lock_path = None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            path = Path(parsed.database)
            if path.exists() and path.is_file() and path.stat().st_size > 0:
                with path.open("rb") as handle:
                    if handle.read(16) != b"SQLite format 3\x00":
                        raise ReadoutsError("E021", url=shown, reason="not a SQLite file")
            elif path.parent and not path.parent.exists():
                raise ReadoutsError("E022", url=shown, reason=f"folder {path.parent} does not exist")
            lock_path = path
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
    elif parsed.get_backend_name() == "postgresql":
        engine = create_engine(url, pool_pre_ping=True)
    else:
        raise ReadoutsError("E027", url=shown)
    # one process at a time checks and creates the schema (entered inside the try: connecting can fail)
    lock = _advisory_lock(engine) if parsed.get_backend_name() == "postgresql" else _schema_lock(lock_path)
    try:
        with lock:
            with engine.connect() as connection:
                _check_schema(connection, shown)
            if upgrade:
                migrate(engine)
    except ReadoutsError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        if "not a database" in reason or "malformed" in reason:
            raise ReadoutsError("E021", url=shown, reason=reason) from exc
        if "disk" in reason or "readonly" in reason or "read-only" in reason:
            raise ReadoutsError("E023", url=shown, reason=reason) from exc
        raise ReadoutsError("E022", url=shown, reason=reason) from exc
    except DatabaseError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise ReadoutsError("E021", url=shown, reason=reason) from exc
    return engine


SCHEMA_LOCK_KEY = 0x52454144_4F555453  # "READOUTS": the PostgreSQL advisory lock taken around migrations


@contextmanager
def _advisory_lock(engine: Engine):
    """Hold PostgreSQL's advisory lock SCHEMA_LOCK_KEY (scoped to this database) on a connection of
    its own while the schema is checked and migrated on others."""
    from sqlalchemy import text

    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": SCHEMA_LOCK_KEY})
            connection.commit()


@contextmanager
def _schema_lock(path: Path | None):
    """Hold an exclusive flock on the folder of the SQLite file `path` while its schema is checked and
    migrated; nothing to lock for None, or where flock or the folder is unavailable.

    The folder, not the file: closing any descriptor of the database file would release the fcntl
    locks SQLite holds on it in this process.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, as before
        fcntl = None
    handle = None
    if path is not None and fcntl is not None:
        try:
            handle = os.open(path.parent.resolve(), os.O_RDONLY)
            fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError:  # an unreadable folder: SQLite reports what it can or cannot do
            if handle is not None:
                os.close(handle)
            handle = None
    try:
        yield
    finally:
        if handle is not None:
            fcntl.flock(handle, fcntl.LOCK_UN)
            os.close(handle)


def _check_schema(connection, shown: str) -> None:
    """Refuse a database whose schema is newer than ours or that holds another program's tables."""
    current = MigrationContext.configure(connection).get_current_revision()
    script = ScriptDirectory.from_config(_alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise ReadoutsError("E020", url=shown, found=current, known=script.get_current_head())
    if current is None:
        tables = set(inspect(connection).get_table_names())
        if tables - {"alembic_version"}:
            raise ReadoutsError("E021", url=shown, reason=f"it holds other tables ({', '.join(sorted(tables)[:4])})")


def migrate(engine: Engine) -> str:
    """Apply pending migrations; return the schema revision now in force."""
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
