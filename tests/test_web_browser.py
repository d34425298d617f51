"""The web app in a real browser: headless Debian Chromium driven by Playwright, against
uvicorn serving a knowledge base built from the dev corpus. Screenshots of every page are
saved under the test run's temporary folder (its path is printed at the end of the run)."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from urllib.parse import quote

import pytest
import uvicorn

from conftest import HOSTILE_KEY, copy_database
from readouts.store import Store, queries
from readouts.web import create_app

LOCAL = ("127.0.0.1", "localhost")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(app):
    """uvicorn serving `app` on a free loopback port in a background thread; yields the base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def site(web_database, extractor):
    with serving(create_app(web_database, extractor=extractor)) as base:
        yield base


class Watched:
    """A browser page that records script errors, dialogs and any request to another host."""

    def __init__(self, browser, base: str) -> None:
        self.context = browser.new_context(viewport={"width": 1360, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.base = base
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

        def dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", dialog)

        def route(r):
            host = r.request.url.split("/")[2].split(":")[0] if "://" in r.request.url else ""
            if r.request.url.startswith(("data:", "blob:")) or host in LOCAL:
                r.continue_()
            else:
                self.outside.append(r.request.url)
                r.abort()

        self.page.route("**/*", route)

    def open(self, path: str):
        response = self.page.goto(self.base + path, wait_until="networkidle")
        assert response is not None and response.status == 200, (path, response and response.status)
        return self.page

    def shoot(self, folder, name: str) -> None:
        self.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def browser_page(chromium_browser, site):
    watched = Watched(chromium_browser, site)
    yield watched
    watched.close()


@pytest.fixture(scope="module")
def known(web_database):
    store = Store.open(web_database)
    try:
        return {"misri": queries.find_person(store, "Vikram Misri").handle,
                "engagement": queries.engagements(store, country="IND", other="USA", limit=1).items[0].model_dump()}
    finally:
        store.close()


def test_every_page_renders_offline_without_script_errors(browser_page, screenshots, known):
    w = browser_page
    pages = {
        "01-overview": "/", "02-pairs": "/pair", "03-pair-IND-USA": "/pairs/IND/USA",
        "04-engagement": f"/engagements/{known['engagement']['id']}", "05-people": "/people",
        "06-person": f"/people/{known['misri']}", "07-initiatives": "/initiatives", "08-initiative": "/initiatives/quad",
        "09-documents": "/documents", "10-document": f"/document?key={quote(known['engagement']['sources'][0]['document'], safe='')}",
        "11-network": "/network", "12-search": "/search?q=strategic", "13-analyse": "/analyse", "14-api-docs": "/docs",
        "15-error": None,
    }
    for name, path in pages.items():
        if path is None:
            w.page.goto(w.base + "/people/nobody-here", wait_until="networkidle")
            assert "E024" in w.page.inner_text("p.error")
        else:
            page = w.open(path)
            assert page.title(), path
        if name == "03-pair-IND-USA":
            w.page.wait_for_selector("#timeline .vis-item")
        if name == "06-person":
            if w.page.locator("#offices-timeline").count():
                w.page.wait_for_selector("#offices-timeline .vis-item")
        if name == "11-network":
            w.page.wait_for_selector("#network canvas")
            w.page.wait_for_function("document.getElementById('network').dataset.ready === '1'", timeout=20_000)
        if name == "14-api-docs":
            w.page.wait_for_selector(".swagger-ui .info .title")
            assert "Readouts" in w.page.inner_text(".swagger-ui .info .title")
        w.shoot(screenshots, name)
    assert w.outside == [], "pages asked another host for something"
    assert [e for e in w.errors if "404" not in e] == []


def test_from_the_pair_timeline_to_an_engagement_to_its_evidence(browser_page, screenshots):
    w = browser_page
    page = w.open("/pairs/IND/USA")
    page.wait_for_selector("#timeline .vis-item")
    page.click("#timeline .vis-item.tl-item")
    page.wait_for_url("**/engagements/*")
    evidence = page.inner_text("section.report blockquote").rsplit("[", 1)[0].strip()
    page.click("section.report a.doc-link")
    page.wait_for_url("**/document?key=*#at-e*")
    page.wait_for_load_state("networkidle")
    flashed = page.locator("#source span.f.k-event.flash")
    flashed.first.wait_for()
    highlighted = " ".join(page.locator("#source span.f.k-event").all_inner_texts())
    assert evidence[:40] in " ".join(highlighted.split())
    assert page.is_visible("#fact-detail") and "event:" in page.inner_text("#fact-detail")
    w.shoot(screenshots, "20-document-evidence")
    # a person highlight explains itself and links to the person
    page.click("#source span.f.k-person >> nth=0")
    detail = page.inner_text("#fact-detail")
    assert "person:" in detail and "open its page" in detail
    # the side panel scrolls to a fact's evidence
    page.click("aside section[data-kind='date'] button.goto >> nth=0")
    assert page.locator("#source span.f.k-date.flash").count() >= 1
    # a kind can be hidden
    page.uncheck("#legend input[data-kind='person']")
    assert "hide-person" in page.get_attribute("#source", "class")
    assert w.outside == [] and w.errors == []


def test_hostile_text_shows_literally_and_runs_nothing(browser_page, screenshots):
    w = browser_page
    page = w.open(f"/document?key={quote(HOSTILE_KEY, safe='')}")
    text = page.inner_text("#source")
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert page.locator("#source img, #source script, #source b").count() == 0
    assert "<script>alert(1)</script>" in page.inner_text("h1")
    page.click("#source span.f >> nth=0")
    page.wait_for_timeout(300)
    w.shoot(screenshots, "21-hostile-document")
    w.open("/search?q=onerror")
    assert w.dialogs == [] and w.outside == []


def test_analyse_an_uploaded_file(browser_page, screenshots, corpus):
    w = browser_page
    page = w.open("/analyse")
    page.click("#analyse-form button[type=submit]")  # nothing given: the error arrives in place
    page.wait_for_selector("#analysis p.error")
    assert "E065" in page.inner_text("#analysis")
    page.set_input_files("input[name=file]", str(corpus / "dev" / "state-rubio-lavrov-call-2025.txt"))
    page.click("#analyse-form button[type=submit]")
    page.wait_for_selector("#analysis-result")
    assert page.url.endswith("/analyse")  # htmx: the result arrives in place
    table = page.inner_text("#analysis-result table.list")
    assert "call" in table.lower() and "Marco Rubio" in table and "CAMEO 041" in table
    assert page.locator("#analysis-result #source span.f.k-person").count() >= 2
    page.click("#analysis-result #source span.f.k-trigger >> nth=0")
    assert "trigger:" in page.inner_text("#fact-detail")
    w.shoot(screenshots, "22-analyse-result")
    assert [e for e in w.errors if "400" not in e] == [] and w.outside == []


def test_a_correction_in_the_browser_survives_reingest(chromium_browser, screenshots, tmp_path, web_database,
                                                       extractor, corpus):
    from readouts.ingest import read_documents

    url = copy_database(web_database, tmp_path / "corrected.db")
    with serving(create_app(url, extractor=extractor)) as base:
        w = Watched(chromium_browser, base)
        try:
            page = w.open("/people/vikram-misri-ind")
            page.fill("form[action='/corrections/country'] input[name=country]", "npl")
            page.click("form[action='/corrections/country'] button")
            page.wait_for_url("**/people/vikram-misri-ind?note=*")
            assert "Country set to NPL" in page.inner_text(".note")
            assert "Nepal" in page.inner_text("p.sub") and "set by an analyst" in page.inner_text("p.sub")

            store = Store.open(url)  # re-extract his documents, as a later ingest would
            documents = [d for d in read_documents([corpus / "dev"]) if "Misri" in d.text]
            summary = store.ingest([d.model_copy(update={"text": d.text + "\n\nEnds."}) for d in documents],
                                   extractor)
            store.close()
            assert summary.replaced == len(documents) >= 1

            page = w.open("/people/vikram-misri-ind")
            assert "Nepal (NPL)" in page.inner_text("p.sub")
            assert "set_country" in page.inner_text("#corrections")
            w.shoot(screenshots, "23-person-corrected")
            assert w.errors == [] and w.outside == []
        finally:
            w.close()


def test_an_analyst_merges_a_suggested_pair_in_the_browser(chromium_browser, screenshots, tmp_path):
    from test_resolution import two_putins

    url = f"sqlite:///{tmp_path}/suggestions.db"
    store = Store.open(url)
    two_putins(store)  # "Vladimir Putin" (RUS, twice) and a bare "Putin" given to Ukraine
    store.close()
    with serving(create_app(url)) as base:
        w = Watched(chromium_browser, base)
        try:
            page = w.open("/people")
            page.click("a[href='/suggestions/people']")
            page.wait_for_url("**/suggestions/people")
            row = page.locator("table.suggestions tbody tr").first
            assert "Vladimir Putin" in row.inner_text() and "different sides" in row.inner_text()
            w.shoot(screenshots, "24-merge-suggestions")
            row.locator("input[name=note]").fill("one president")
            row.locator("button[value=merge]").click()
            page.wait_for_url("**/suggestions/people?note=*")
            assert "merged into vladimir-putin-rus" in page.inner_text(".note")
            assert "No likely duplicates" in page.inner_text("table.suggestions")
            page = w.open("/people/vladimir-putin-rus")
            assert "merge_people" in page.inner_text("#corrections") and "one president" in page.inner_text(
                "#corrections")
            assert w.errors == [] and w.outside == []
        finally:
            w.close()
