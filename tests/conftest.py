"""Shared fixtures: the extractor (loaded once), the team's corpus beside the project,
and a fresh database per test on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="session")
def extractor():
    from readouts.extract.engine import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def corpus() -> Path:
    """../shared/corpus, or a visible skip where it is absent."""
    if not (CORPUS / "dev").is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS


# --- Databases: every storage test runs on SQLite and on PostgreSQL ----------

POSTGRES_URL_VAR = "READOUTS_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_VAR = "READOUTS_REQUIRE_POSTGRES"
POSTGRES_MISSING = (
    f"PostgreSQL not available: set {POSTGRES_URL_VAR} "
    "(CI starts one with .ci/postgres.sh)"
)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "postgresql: runs against the PostgreSQL server in READOUTS_TEST_POSTGRES_URL"
    )


@pytest.fixture(scope="session")
def postgres_server():
    """A SQLAlchemy engine in AUTOCOMMIT mode on the server of READOUTS_TEST_POSTGRES_URL.

    It connects to the database named in that URL and is used only to create
    and drop the per-test databases. Without the variable the test is skipped
    with a visible reason, or fails where READOUTS_REQUIRE_POSTGRES=1 (CI), so
    CI can never pass by silently skipping PostgreSQL. A URL that is set but
    does not answer is an error, not a skip.
    """
    raw = os.environ.get(POSTGRES_URL_VAR, "").strip()
    if not raw:
        if os.environ.get(REQUIRE_POSTGRES_VAR) == "1":
            pytest.fail(f"{REQUIRE_POSTGRES_VAR}=1 but {POSTGRES_MISSING}", pytrace=False)
        pytest.skip(POSTGRES_MISSING)
    url = sa.make_url(raw)
    if url.drivername == "postgresql":  # plain postgresql:// would mean psycopg2
        url = url.set(drivername="postgresql+psycopg")
    engine = sa.create_engine(
        url,
        isolation_level="AUTOCOMMIT",  # CREATE/DROP DATABASE refuse to run in a transaction
        poolclass=NullPool,
        connect_args={"connect_timeout": 5},
    )
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as error:
        problem = str(error.orig).splitlines()[0]
    else:
        problem = None
    if problem:  # failed outside the except block, so no chained traceback
        pytest.fail(
            f"cannot connect to {url.render_as_string(hide_password=True)} "
            f"({POSTGRES_URL_VAR}): {problem}",
            pytrace=False,
        )
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def database_url(request, tmp_path):
    """The URL of a fresh, empty database, once on SQLite and once on PostgreSQL.

    - sqlite: ``sqlite:///<tmp_path>/readouts.db``, a new file per test.
    - postgresql: a database ``readouts_t_<8 hex>`` created for this test on
      the server of READOUTS_TEST_POSTGRES_URL and dropped afterwards (WITH
      (FORCE) on PostgreSQL 13+, so connections a test left open do not block
      it). Skipped with a reason where no server is configured; see
      ``postgres_server``.

    Example::

        def test_roundtrip(database_url):
            engine = sqlalchemy.create_engine(database_url)
            ...
            engine.dispose()
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/readouts.db"
        return

    server = request.getfixturevalue("postgres_server")
    name = f"readouts_t_{uuid.uuid4().hex[:8]}"
    with server.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.url.set(database=name).render_as_string(hide_password=False)
    finally:
        _drop_database(server, name)


def _drop_database(server, name: str, attempts: int = 20) -> None:
    """Drop a test database. WITH (FORCE) ends the test's own leftover connections, but it may not end
    a server process of another role (an autovacuum worker that just started on the new database:
    InsufficientPrivilege), so a failed drop is retried after a pause, when that worker has gone."""
    force = " WITH (FORCE)" if server.dialect.server_version_info >= (13,) else ""
    for attempt in range(attempts):
        try:
            with server.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"{force}'))
            return
        except sa.exc.DBAPIError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.5)


# --- The web app: a knowledge base built once from the dev corpus ------------------------

HOSTILE_TEXT = (
    "Ministers meet <script>alert(1)</script>\n\n"
    "Chilean Foreign Minister Rosa Medina met Kenyan Foreign Minister Peter Wambua in Nairobi on Tuesday. "
    "The two ministers discussed trade <img src=x onerror=alert(1)> and agreed to launch the "
    "Chile-Kenya Trade Dialogue. \"Tom & Jerry\" <b>bold</b>"
)
HOSTILE_KEY = "https://example.org/hostile"


def build_web_database(path: Path, corpus_dir: Path, extractor) -> str:
    """A SQLite knowledge base of the dev corpus plus one document full of markup; returns its URL."""
    from datetime import date

    from readouts.ingest import IngestFailure, read_documents
    from readouts.schema import Document
    from readouts.store import Store

    url = f"sqlite:///{path}"
    store = Store.open(url)
    documents = [d for d in read_documents([corpus_dir]) if not isinstance(d, IngestFailure)]
    documents.append(Document(id="hostile", text=HOSTILE_TEXT, title=HOSTILE_TEXT.split("\n")[0],
                              published=date(2024, 6, 12), url=HOSTILE_KEY, source="Test Ministry"))
    store.ingest(documents, extractor)
    store.close()
    return url


def copy_database(source_url: str, target: Path) -> str:
    """A copy of a SQLite knowledge base (through SQLite's backup API, so WAL content comes along)."""
    import sqlite3

    source = sqlite3.connect(source_url.removeprefix("sqlite:///"))
    copy = sqlite3.connect(target)
    source.backup(copy)
    source.close()
    copy.close()
    return f"sqlite:///{target}"


@pytest.fixture(scope="session")
def web_database(tmp_path_factory, corpus, extractor) -> str:
    """URL of a knowledge base built once per session from ../shared/corpus/dev (read it, do not change it)."""
    return build_web_database(tmp_path_factory.mktemp("web") / "dev.db", corpus / "dev", extractor)


# --- Browser tests: Debian's Chromium driven by Playwright ---------------------------------

CHROMIUM = "/usr/bin/chromium"
REQUIRE_BROWSER_VAR = "READOUTS_REQUIRE_BROWSER"
SCREENSHOTS: list[Path] = []  # the folder the browser tests saved screenshots in, reported at the end


@pytest.fixture(scope="session")
def chromium_browser():
    """A headless Chromium (Debian's, through Playwright), or a visible skip where it is missing;
    a failure instead where READOUTS_REQUIRE_BROWSER=1 (CI)."""
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        problem = f"Playwright not installed ({error}); pip install -e '.[test]'"
    if problem is None and not Path(CHROMIUM).exists():
        problem = f"{CHROMIUM} not found (apt-get install chromium chromium-driver, or bash .ci/chromium.sh)"
    if problem:
        if os.environ.get(REQUIRE_BROWSER_VAR) == "1":
            pytest.fail(f"{REQUIRE_BROWSER_VAR}=1 but {problem}", pytrace=False)
        pytest.skip(problem)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("screenshots")
    SCREENSHOTS.append(folder)
    return folder


def pytest_terminal_summary(terminalreporter):
    for folder in SCREENSHOTS:
        shots = sorted(folder.glob("*.png"))
        if shots:
            terminalreporter.write_line(f"web screenshots ({len(shots)}): {folder}")
