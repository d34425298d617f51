"""The web app through FastAPI's test client: every page and API endpoint on the dev corpus,
corrections, the token and read-only rules, the upload limit, escaping of hostile text."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter

from conftest import HOSTILE_KEY, build_web_database, copy_database
from readouts import answers
from readouts.store import Store, queries
from readouts.web import create_app

# What a browser on the app's own pages sends with every post (tests/test_web_hardening.py posts without it).
SAME_SITE = {"Origin": "http://testserver"}
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def client(web_database, extractor):
    app = create_app(web_database, extractor=extractor)
    with TestClient(app, headers=SAME_SITE) as client:
        yield client


@pytest.fixture(scope="module")
def known(web_database):
    """Real handles, ids and keys from the dev knowledge base."""
    store = Store.open(web_database)
    try:
        overview = queries.overview(store)
        misri = queries.find_person(store, "Vikram Misri").handle
        engagement = queries.engagements(store, country="IND", other="USA", limit=1).items[0]
        return {"misri": misri, "engagement": engagement.model_dump(mode="json"), "initiative": "quad",
                "document": engagement.sources[0].document, "overview": overview}
    finally:
        store.close()


@pytest.fixture
def writable(tmp_path, web_database, extractor):
    """A copy of the dev knowledge base that a test may change, and a factory of apps over it."""
    url = copy_database(web_database, tmp_path / "copy.db")

    def make(**options):
        return TestClient(create_app(url, extractor=extractor, **options), headers=SAME_SITE)

    make.url = url
    return make


def pages(known) -> list[str]:
    misri, engagement = known["misri"], known["engagement"]["id"]
    document = quote(known["document"], safe="")
    return ["/", "/?since=2025-01-01&until=2025-12-31", "/pair", "/pairs/IND/USA", "/pairs/India/United%20States",
            "/pairs/IND/USA?since=2025-01-01", f"/engagements/{engagement}", "/people", "/people?q=misri",
            f"/people/{misri}", "/initiatives", "/initiatives/quad", "/documents", f"/document?key={document}",
            "/network", "/network?country=IND&limit=20", "/search?q=trade", "/search", "/analyse", "/docs",
            "/token"]


def test_every_page_answers(client, known):
    for url in pages(known):
        response = client.get(url)
        assert response.status_code == 200, (url, response.text[:300])
        assert response.headers["content-type"].startswith("text/html")
        assert "Content-Security-Policy" in response.headers


def test_overview_shows_counts_pairs_and_people(client, known):
    html = client.get("/").text
    assert "India (IND) – United States (USA)" in html
    assert "Vikram Misri" in html
    assert f"<b>{known['overview'].counts.documents}</b> documents" in html


def test_period_filter_narrows_the_overview(client):
    everything = client.get("/api/overview").json()
    none = client.get("/api/overview?since=1990-01-01&until=1990-12-31").json()
    assert everything["counts"]["engagements_in_period"] > 0
    assert none["counts"]["engagements_in_period"] == 0 and none["latest"] == [] and none["pairs"] == []


def test_pair_page_has_a_chart_a_timeline_and_sources(client, known):
    html = client.get("/pairs/IND/USA").text
    assert "<svg class=\"bars\"" in html and 'id="timeline-data"' in html
    assert f'href="/engagements/{known["engagement"]["id"]}"' in html
    assert "/document?key=" in html
    data = client.get("/api/pairs/IND/USA").json()
    assert data["a"] == "IND" and data["b"] == "USA"
    charted = sum(m["engagements"] for m in data["months"])
    assert 0 < charted <= data["engagements"]["total"] and data["engagements"]["total"] >= 5
    if charted < data["engagements"]["total"]:
        assert "no known date" in html


def test_engagement_page_links_to_the_evidence_in_its_document(client, known):
    engagement = client.get(f"/api/engagements/{known['engagement']['id']}").json()
    report = engagement["reports"][0]
    html = client.get(f"/engagements/{engagement['id']}").text
    assert f"#at-e{report['local_id']}-0" in html
    document = client.get(f"/document?key={quote(report['document'], safe='')}").text
    assert f'id="at-e{report["local_id"]}-0"' in document


def test_document_page_highlights_every_kind_of_fact(client, known):
    html = client.get(f"/document?key={quote(known['document'], safe='')}").text
    for kind in ("person", "office", "date", "country", "trigger", "event"):
        assert f"k-{kind}" in html, kind
    data = client.get(f"/api/document?key={quote(known['document'], safe='')}").json()
    text = data["text"]
    named = 0
    for actor in data["actors"]:
        assert all(0 <= start < end <= len(text) and text[start:end].strip() for start, end in actor["mentions"])
        named += any(actor["name"].split()[-1] in text[start:end] for start, end in actor["mentions"])
        for office in actor["offices"]:
            assert text[office["start"]:office["end"]] == office["raw"]
    assert named >= len(data["actors"]) - 1  # title-only actors ("the Foreign Ministers") may have no name


def test_person_page(client, known):
    data = client.get(f"/api/people/{known['misri']}").json()
    assert data["name"] == "Vikram Misri" and data["country"] == "IND"
    assert "Foreign Secretary" in {o["title"] for o in data["offices"]}
    assert data["engagements"]["total"] >= 1 and data["counterparts"]
    html = client.get(f"/people/{known['misri']}").text
    assert "Offices over time" in html and "Counterparts" in html and 'action="/corrections/country"' in html


def test_initiative_page(client):
    data = client.get("/api/initiatives/quad").json()
    assert data["acronym"] == "Quad" or data["name"].lower().startswith("quad")
    assert data["documents"] >= 1 and data["mentions_by_month"]
    assert "Mentions over time" in client.get("/initiatives/quad").text


def test_network_is_bounded_and_weighted(client):
    graph = client.get("/api/network?limit=10").json()
    assert 0 < len(graph["nodes"]) <= 10 and graph["total_people"] >= len(graph["nodes"])
    ids = {n["id"] for n in graph["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids and e["engagements"] >= 1 for e in graph["edges"])
    india = client.get("/api/network?country=IND").json()
    assert india["nodes"] and len(india["nodes"]) < client.get("/api/network?limit=300").json()["total_people"]


def test_search_finds_documents_and_people(client):
    found = client.get("/api/search?q=Misri").json()
    assert found["total"] >= 1 and found["documents"]
    assert any(p["name"] == "Vikram Misri" for p in found["people"])
    html = client.get("/search?q=Misri").text
    assert "<mark>" in html


def test_lists_are_paginated(client):
    first = client.get("/api/people?per_page=5").json()
    second = client.get("/api/people?per_page=5&page=2").json()
    assert first["total"] > 10 and len(first["items"]) == 5 == len(second["items"])
    assert not {p["handle"] for p in first["items"]} & {p["handle"] for p in second["items"]}
    html = client.get("/people?per_page=5").text
    assert 'rel="next"' in html and f"of {first['total']}" in html
    assert client.get("/api/people?per_page=1000").status_code == 400  # no page ships everything


def test_openapi_and_offline_docs(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/overview", "/api/pairs/{a}/{b}", "/api/document", "/api/analyse", "/api/corrections/country"):
        assert path in spec["paths"], path
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_every_api_route_documents_its_answer(client):
    """/openapi.json gives each JSON route's answer a schema: a model (a $ref to its properties) or a list
    of one; an untyped `dict` answer has neither and fails here."""
    from readouts.web import api, suggestions

    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    documented = {(method, path) for path, operations in spec["paths"].items() if path.startswith("/api")
                  for method in operations}
    routed = {(method.lower(), route.path_format) for router in (api.router, suggestions.api) for route in router.routes
              for method in route.methods}
    assert routed <= documented and len(documented) >= 20
    for method, path in sorted(documented):
        schema = spec["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]
        schema = schema["items"] if schema.get("type") == "array" else schema
        assert "$ref" in schema or "properties" in schema, f"{method.upper()} {path} answers an untyped {schema}"
        if "$ref" in schema:
            assert schemas[schema["$ref"].rsplit("/", 1)[1]]["properties"], f"{method.upper()} {path}"


@pytest.mark.parametrize("route, model", [
    ("/api/overview", answers.Overview), ("/api/countries", list[answers.Country]),
    ("/api/engagements?country=IND", answers.Page[answers.EngagementSummary]),
    ("/api/engagements/{engagement}", answers.Engagement), ("/api/pairs/IND/USA", answers.PairPage),
    ("/api/people?q=misri", answers.Page[answers.PersonSummary]), ("/api/people/{misri}", answers.PersonPage),
    ("/api/initiatives", answers.Page[answers.InitiativeSummary]), ("/api/initiatives/quad", answers.InitiativePage),
    ("/api/documents", answers.Page[answers.DocumentSummary]), ("/api/document?key={document}", answers.DocumentPage),
    ("/api/network?limit=20", answers.Network), ("/api/search?q=minister", answers.SearchResult),
    ("/api/suggestions/people", list[answers.MergeSuggestion]),
], ids=lambda value: value if isinstance(value, str) else "")
def test_an_answer_is_its_model_to_the_byte(client, known, route, model):
    route = route.format(engagement=known["engagement"]["id"], misri=known["misri"],
                         document=quote(known["document"], safe=""))
    response = client.get(route)
    adapter = TypeAdapter(model)
    answer = adapter.validate_json(response.content)  # every key known, every value of its type
    assert adapter.dump_json(answer, by_alias=True) == response.content  # nothing dropped, same order


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.urls.extend(value for name, value in attrs if name in ("src", "href", "action") and value)


def test_no_page_loads_anything_from_another_host(client, known):
    for url in pages(known):
        parser = Links()
        parser.feed(client.get(url).text)
        outside = [u for u in parser.urls if re.match(r"(?i)^(https?:)?//", u)]
        assert outside == [], (url, outside)
        for local in parser.urls:
            if local.startswith("/static/"):
                assert client.get(local).status_code == 200, local


def test_vendored_libraries_ship_their_licences():
    from importlib import resources

    vendor = resources.files("readouts.web").joinpath("static", "vendor")
    for library in ("htmx", "vis-network", "vis-timeline", "swagger-ui"):
        names = [p.name for p in vendor.joinpath(library).iterdir()]
        assert any(n.upper().startswith("LICENSE") for n in names), library
    assert "htmx.org 2.0." in vendor.joinpath("VERSIONS").read_text()


# -- untrusted text -----------------------------------------------------------------

def test_hostile_document_renders_as_text(client):
    html = client.get(f"/document?key={quote(HOSTILE_KEY, safe='')}").text
    assert SCRIPT not in html and IMG not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&amp; Jerry&#34;" in html
    data = client.get(f"/api/document?key={quote(HOSTILE_KEY, safe='')}").json()
    assert SCRIPT in data["text"] and IMG in data["text"]  # the API gives the text back exactly
    for url in ("/search?q=onerror", "/documents", "/search?q=Ministers"):
        page = client.get(url).text
        assert SCRIPT not in page and IMG not in page


def test_hostile_text_on_analyse_renders_as_text(client):
    response = client.post("/analyse", data={"text": "Talks <script>alert(1)</script>\n\nMinister A met B. " + IMG})
    assert response.status_code == 200
    assert SCRIPT not in response.text and IMG not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_hostile_query_parameters_are_escaped(client):
    html = client.get("/search", params={"q": '"><script>alert(1)</script>'}).text
    assert SCRIPT not in html
    html = client.get("/", params={"note": SCRIPT}).text
    assert SCRIPT not in html and "&lt;script&gt;" in html


# -- bad input: one clear line, never a traceback -------------------------------------

@pytest.mark.parametrize("url, status, code", [
    ("/people/nobody-at-all", 404, "E024"),
    ("/engagements/999999", 404, "E026"),
    ("/engagements/abc", 400, "E064"),
    ("/initiatives/no-such-initiative-anywhere", 404, "E028"),
    ("/document?key=nowhere", 404, "E029"),
    ("/?since=yesterday", 400, "E008"),
    ("/?since=2025-02-01&until=2025-01-01", 400, "E064"),
    ("/people?page=0", 400, "E064"),
    ("/no/such/page", 404, "E067"),
])
def test_bad_input_is_a_clear_error_page(client, url, status, code):
    response = client.get(url)
    assert response.status_code == status
    assert code in response.text and "Traceback" not in response.text
    api = client.get("/api" + url if not url.startswith("/?") else "/api/overview" + url[1:])
    assert api.status_code in (status, 404)
    assert "error" in api.json() and "Traceback" not in api.text


def test_analyse_with_nothing_is_a_clear_error(client):
    response = client.post("/analyse", data={"text": "   "})
    assert response.status_code == 400 and "E065" in response.text


def test_upload_of_an_unsupported_file_is_refused(client):
    response = client.post("/api/analyse", files={"file": ("photo.png", b"\x89PNG\r\n", "image/png")})
    assert response.status_code == 415 and response.json()["error"] == "E007"


# -- Analyse ---------------------------------------------------------------------------

def test_analyse_pasted_text_shows_the_extraction(client):
    text = ("Foreign ministers of Chile and Kenya hold phone call\n\nChilean Foreign Minister Rosa Medina held a "
            "phone call on Tuesday with Kenyan Foreign Minister Peter Wambua.")
    result = client.post("/api/analyse", data={"text": text, "published": "2024-06-12"}).json()
    assert result["stored"] is None
    [event] = result["extraction"]["events"]
    assert event["type"] == "call" and event["cameo"] == "041"
    html = client.post("/analyse", data={"text": text}, headers={"HX-Request": "true"}).text
    assert not html.lstrip().startswith("<!doctype")  # a fragment for htmx
    assert "Rosa Medina" in html and "k-person" in html and "CAMEO 041" in html


def test_analyse_parses_on_request_and_says_when_triage_would_skip(client):
    text = "Snow closes schools\n\nHeavy snow closed roads and schools across the county on Monday."
    result = client.post("/api/analyse", data={"text": text}).json()
    assert result["extraction"]["skipped"] is None and not result["extraction"]["events"]  # parsed on request
    html = client.post("/analyse", data={"text": text}, headers={"HX-Request": "true"}).text
    assert "Triage found no engagement word: a batch run" in html
    diplomatic = "Talks\n\nThe Foreign Minister of Chile met the Kenyan Ambassador on Monday."
    assert "Triage found" not in client.post("/analyse", data={"text": diplomatic},
                                             headers={"HX-Request": "true"}).text


def test_analyse_upload_and_store(writable, corpus):
    client = writable()
    path = corpus / "dev" / "state-rubio-lavrov-call-2025.txt"
    response = client.post("/api/analyse", files={"file": (path.name, path.read_bytes(), "text/plain")},
                           data={"store": "true", "url": "https://example.org/uploaded", "published": "2025-06-01"})
    assert response.status_code == 200, response.text
    assert response.json()["stored"] in ("stored", "near-duplicate", "duplicate")
    assert client.get("/api/document?key=https%3A%2F%2Fexample.org%2Fuploaded").status_code == 200


def test_html_upload_is_read_like_ingest(client):
    page = (b"<html><head><title>Minister visits</title></head><body><nav>Home | About</nav><article><h1>Minister "
            b"visits</h1><p>Chilean Foreign Minister Rosa Medina met Kenyan Foreign Minister Peter Wambua in "
            b"Nairobi on Tuesday to discuss trade and investment between the two countries.</p></article></body></html>")
    result = client.post("/api/analyse", files={"file": ("release.html", page, "text/html")}).json()
    assert result["extraction"]["title"] == "Minister visits"
    assert {a["name"] for a in result["extraction"]["actors"]} >= {"Rosa Medina", "Peter Wambua"}


def test_upload_beyond_the_limit_is_413(writable):
    client = writable(max_upload_bytes=1000)
    response = client.post("/api/analyse", files={"file": ("big.txt", b"word " * 400, "text/plain")})
    assert response.status_code == 413 and response.json()["error"] == "E060"
    response = client.post("/analyse", files={"file": ("big.txt", b"word " * 100_000, "text/plain")})
    assert response.status_code == 413 and "E060" in response.text and "Too large" in response.text
    response = client.post("/api/analyse", data={"text": "word " * 400})
    assert response.status_code == 413


# -- corrections, tokens, read-only ------------------------------------------------------

def test_corrections_through_the_api_survive_reingest(writable, corpus, extractor):
    from readouts.ingest import read_documents
    from readouts.store import document_key

    client = writable()
    [document] = list(read_documents([corpus / "dev" / "mea-fs-misri-us-2025.txt"]))
    key = quote(document_key(document), safe="")
    handle = client.get("/api/people?q=misri").json()["items"][0]["handle"]
    assert client.post("/api/corrections/country", json={"person": handle, "country": "NPL"}).json()["ok"]
    assert client.post("/api/corrections/office", json={"person": handle, "title": "Ambassador"}).status_code == 200
    event = client.get(f"/api/document?key={key}").json()["events"][0]
    assert client.post("/api/corrections/reject", json={"engagement": event["engagement"]}).status_code == 200
    before = client.get("/api/pairs/IND/USA").json()["engagements"]["total"]

    store = Store.open(writable.url)  # the document changes: its whole extraction is replaced
    assert store.ingest([document.model_copy(update={"text": document.text + "\n\nEnds."})], extractor).replaced == 1
    store.close()

    person = client.get(f"/api/people/{handle}").json()
    assert person["country"] == "NPL" and person["country_fixed"]
    assert {o["title"] for o in person["offices"]} == {"Ambassador"}
    again = next(e for e in client.get(f"/api/document?key={key}").json()["events"]
                 if e["local_id"] == event["local_id"])
    assert again["rejected"] is True
    assert client.get("/api/pairs/IND/USA").json()["engagements"]["total"] == before


def test_merge_through_the_pages(writable):
    client = writable()
    people = client.get("/api/people?per_page=3").json()["items"]
    keep, other = people[0]["handle"], people[2]["handle"]
    response = client.post("/corrections/merge", data={"keep": keep, "other": other}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith(f"/people/{keep}")
    assert client.get(f"/api/people/{other}").status_code == 404
    assert "merged into this person" in client.get(response.headers["location"]).text


def test_bad_corrections_are_clear_errors(writable):
    client = writable()
    assert client.post("/api/corrections/country", json={"person": "nobody-x", "country": "IND"}).status_code == 404
    response = client.post("/api/corrections/country", json={"person": "Vikram Misri", "country": "XQZ"})
    assert response.status_code == 400 and response.json()["error"] == "E064"
    assert client.post("/api/corrections/reject", json={"engagement": 999999}).status_code == 404


def test_read_only_refuses_every_change(writable):
    client = writable(read_only=True)
    handle = client.get("/api/people?per_page=1").json()["items"][0]["handle"]
    for url, body in (("/api/corrections/country", {"person": handle, "country": "FRA"}),
                      ("/api/corrections/reject", {"engagement": 1}),
                      ("/api/corrections/merge", {"keep": handle, "other": handle})):
        response = client.post(url, json=body)
        assert response.status_code == 403 and response.json()["error"] == "E062"
    page = client.post("/corrections/country", data={"person": handle, "country": "FRA"})
    assert page.status_code == 403 and "read-only" in page.text
    stored = client.post("/api/analyse", data={"text": "A met B.", "store": "true"})
    assert stored.status_code == 403
    assert client.post("/api/analyse", data={"text": "A met B."}).status_code == 200  # analysing alone is fine
    assert client.get(f"/api/people/{handle}").json()["country"] != "FRA"


def test_token_is_required_for_changes_when_set(writable):
    client = writable(token="s3cret-token")
    handle = client.get("/api/people?per_page=1").json()["items"][0]["handle"]
    body = {"person": handle, "country": "FRA"}
    assert client.post("/api/corrections/country", json=body).status_code == 401
    wrong = client.post("/api/corrections/country", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["error"] == "E061"
    assert client.post("/api/corrections/country", json=body,
                       headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
    # the browser way: the Token page sets a cookie
    assert client.post("/token", data={"token": "nope"}).status_code == 401
    client.post("/token", data={"token": "s3cret-token"})
    assert client.post("/api/corrections/country", json={"person": handle, "country": "DEU"}).status_code == 200
    assert client.get(f"/api/people/{handle}").json()["country"] == "DEU"


def test_changes_posted_by_another_site_are_refused(writable):
    client = writable()
    handle = client.get("/api/people?per_page=1").json()["items"][0]["handle"]
    response = client.post("/corrections/country", data={"person": handle, "country": "FRA"},
                           headers={"Origin": "https://evil.example"})
    assert response.status_code == 403 and "E063" in response.text


def test_serve_refuses_a_writable_public_server_without_token(tmp_path):
    from typer.testing import CliRunner

    from readouts.cli import app

    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "E066" in result.output


def test_is_loopback():
    from readouts.web.security import is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")


def test_an_empty_knowledge_base_has_friendly_pages(tmp_path, extractor):
    client = TestClient(create_app(f"sqlite:///{tmp_path}/empty.db", extractor=extractor))
    for url in ("/", "/pair", "/people", "/initiatives", "/documents", "/network", "/search?q=x"):
        assert client.get(url).status_code == 200, url
    assert "No documents stored yet" in client.get("/documents").text


def test_a_fresh_database_from_the_corpus_fixture_builder(tmp_path, corpus, extractor):
    # the builder the web tests share makes a knowledge base with the hostile document stored
    url = build_web_database(tmp_path / "kb.db", corpus / "dev" / "state-rubio-lavrov-call-2025.txt", extractor)
    store = Store.open(url)
    try:
        assert queries.counts(store).documents == 2
        assert SCRIPT in queries.document(store, HOSTILE_KEY).text
    finally:
        store.close()


def test_pages_on_each_database(database_url, corpus, extractor):
    """The pages and the full-text search on SQLite and on PostgreSQL (each has its own search SQL)."""
    from readouts.ingest import read_documents

    store = Store.open(database_url)
    store.ingest(list(read_documents([corpus / "dev" / "mea-fs-misri-us-2025.txt",
                                      corpus / "dev" / "state-rubio-lavrov-call-2025.txt"])), extractor)
    store.close()
    with TestClient(create_app(database_url, extractor=extractor)) as client:
        for url in ("/", "/pairs/IND/USA", "/people/vikram-misri-ind", "/people", "/initiatives", "/documents",
                    "/network", "/search?q=Lavrov"):
            assert client.get(url).status_code == 200, url
        found = client.get("/api/search?q=Lavrov&per_page=1").json()
        assert found["total"] == 1 and found["documents"][0]["title"].startswith("Secretary Rubio")
        assert client.get("/api/search?q=Lavrov&page=2&per_page=1").json()["documents"] == []
        assert client.post("/api/corrections/country", json={"person": "vikram-misri-ind", "country": "IND"}).json()["ok"]


def test_a_persons_two_lists_page_separately(client, known):
    one = client.get(f"/api/people/{known['misri']}?per_page=2").json()
    docs2 = client.get(f"/api/people/{known['misri']}?per_page=2&dpage=2").json()
    assert one["engagements"]["items"] == docs2["engagements"]["items"]  # engagements stay on page 1
    assert docs2["documents"]["offset"] == 2
    html = client.get(f"/people/{known['misri']}?per_page=2").text
    assert "page=2" in html  # the engagements' pager
