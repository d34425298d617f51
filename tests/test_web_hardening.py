"""The web app attacked: an analysis must not freeze the server, another site (or a sandboxed
frame sending `Origin: null`) must not change anything, and hostile input gets a numbered 4xx,
never a 500. Real uvicorn for the freeze, FastAPI's test client for the rest (issue 13)."""

from __future__ import annotations

import re
import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from conftest import copy_database
from readouts.store import Store, queries
from readouts.web import create_app
from test_web_browser import serving

RELEASE = ("Foreign Minister Rosa Medina met External Affairs Minister S. Jaishankar in New Delhi on "
           "12 June 2024. The two ministers discussed trade and defence cooperation.\n\n")


@pytest.fixture
def knowledge_base(tmp_path, web_database):
    """A copy of the dev knowledge base that a test may change."""
    return copy_database(web_database, tmp_path / "copy.db")


def csrf_of(client: TestClient, page: str = "/analyse") -> str:
    """Open a page as a browser would: the server sets the CSRF cookie and puts its value in the forms."""
    html = client.get(page).text
    value = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    assert client.cookies.get("readouts_csrf") == value
    return value


# -- 1. the analysis: off the event loop, bounded, capped, timed out --------------------------

def test_another_page_answers_while_an_analysis_runs(web_database, extractor, corpus):
    releases = "\n\n".join(path.read_text() for path in sorted((corpus / "dev").glob("*.txt")))
    text = (releases * (90_000 // len(releases) + 1))[:90_000]  # seconds of spaCy, under the 100,000 cap
    app = create_app(web_database, extractor=extractor)
    with serving(app) as base:
        finished = {}

        def analyse():
            response = httpx.post(f"{base}/api/analyse", data={"text": text}, headers={"X-Requested-With": "test"},
                                  timeout=600)
            finished["status"] = response.status_code

        worker = threading.Thread(target=analyse)
        worker.start()
        time.sleep(1.0)  # the analysis has started; spaCy takes seconds over 90,000 characters
        answered = httpx.get(f"{base}/api/countries", timeout=600)
        still_running = worker.is_alive()
        worker.join()
    assert answered.status_code == 200
    assert still_running, "the other page was answered only after the analysis ended"
    assert finished["status"] == 200


def test_an_analysis_past_its_timeout_is_503_and_holds_its_slot(knowledge_base, extractor):
    app = create_app(knowledge_base, extractor=extractor, analyse_timeout=0.3, analyses=1)
    client = TestClient(app, headers={"X-Requested-With": "test"})
    first = client.post("/api/analyse", data={"text": RELEASE * 300})  # 50,000 characters: seconds of spaCy
    assert first.status_code == 503 and first.json()["error"] == "E070"
    # the abandoned thread still runs: the one slot is taken until it ends
    second = client.post("/api/analyse", data={"text": RELEASE})
    assert second.status_code == 503 and second.json()["error"] == "E071"
    slots = app.state.web.analyses
    assert slots._free.acquire(timeout=300)  # then the slot comes back
    slots._free.release()
    again = client.post("/api/analyse", data={"text": RELEASE})  # analysed, or E070 on a busy machine
    assert again.status_code == 200 or again.json()["error"] == "E070"


def test_a_text_over_the_analysis_cap_is_413(knowledge_base, extractor):
    client = TestClient(create_app(knowledge_base, extractor=extractor, max_analyse_chars=1_000),
                        headers={"X-Requested-With": "test"})
    response = client.post("/api/analyse", data={"text": RELEASE * 10})
    assert response.status_code == 413 and response.json()["error"] == "E069"
    assert client.post("/api/analyse", data={"text": RELEASE}).status_code == 200


def test_a_large_upload_under_the_upload_limit_is_refused_not_crashed(knowledge_base, extractor):
    client = TestClient(create_app(knowledge_base, extractor=extractor), headers={"X-Requested-With": "test"})
    upload = (RELEASE * 8_000).encode()[:1_500_000]  # 1.5 MB, under the 2 MiB upload limit
    response = client.post("/api/analyse", files={"file": ("long.txt", upload, "text/plain")})
    assert response.status_code == 413 and response.json()["error"] == "E034"  # as ingest would refuse it
    assert response.json()["message"].startswith("E034 document long.txt is")
    smaller = client.post("/api/analyse", files={"file": ("long.txt", upload[:300_000], "text/plain")})
    assert smaller.status_code == 413 and smaller.json()["error"] == "E069"


# -- 2. origins and the CSRF field -------------------------------------------------------------

def test_origin_null_and_foreign_origins_change_nothing(knowledge_base, extractor):
    client = TestClient(create_app(knowledge_base, extractor=extractor))
    handle = client.get("/api/people?per_page=1").json()["items"][0]["handle"]
    other = client.get("/api/people?per_page=2").json()["items"][1]["handle"]
    engagement = client.get("/api/engagements?per_page=1").json()["items"][0]["id"]
    forms = [("/corrections/country", {"person": handle, "country": "FRA"}),
             ("/corrections/office", {"person": handle, "title": "Spy"}),
             ("/corrections/merge", {"keep": handle, "other": other}),
             ("/corrections/reject", {"engagement": str(engagement)}),
             ("/analyse", {"text": RELEASE, "store": "true"}),
             ("/api/analyse", {"text": RELEASE, "store": "true"}),
             ("/api/analyse", {"text": RELEASE})]
    for origin in ({"Origin": "null"}, {"Origin": "https://evil.example"}, {}):
        for url, form in forms:
            response = client.post(url, data=form, headers=origin, follow_redirects=False)
            assert response.status_code == 403 and "E063" in response.text, (url, origin, response.text[:200])
    for url, body in (("/api/corrections/country", {"person": handle, "country": "FRA"}),
                      ("/api/corrections/reject", {"engagement": engagement})):
        response = client.post(url, json=body, headers={"Origin": "null"})
        assert response.status_code == 403 and response.json()["error"] == "E063"
    assert client.get(f"/api/people/{handle}").json()["country"] != "FRA"
    assert client.get(f"/api/people/{other}").status_code == 200
    assert client.get(f"/api/engagements/{engagement}").json()["rejected"] is False


def test_the_forms_csrf_field_lets_a_post_without_origin_through(knowledge_base, extractor):
    client = TestClient(create_app(knowledge_base, extractor=extractor))
    handle = client.get("/api/people?per_page=1").json()["items"][0]["handle"]
    token = csrf_of(client, f"/people/{handle}")
    response = client.post("/corrections/country", data={"person": handle, "country": "FRA", "csrf": token},
                           headers={"Origin": "null"}, follow_redirects=False)
    assert response.status_code == 303
    assert client.get(f"/api/people/{handle}").json()["country"] == "FRA"
    wrong = client.post("/corrections/country", data={"person": handle, "country": "DEU", "csrf": token + "x"})
    assert wrong.status_code == 403 and "E063" in wrong.text
    assert client.post("/analyse", data={"text": RELEASE, "csrf": token}).status_code == 200


def test_programs_without_a_browser_origin_still_work(knowledge_base, extractor):
    client = TestClient(create_app(knowledge_base, extractor=extractor))
    handle = client.get("/api/people?per_page=1").json()["items"][0]["handle"]
    assert client.post("/api/corrections/country", json={"person": handle, "country": "NPL"}).status_code == 200
    assert client.post("/api/analyse", data={"text": RELEASE}, headers={"X-Requested-With": "curl"}).status_code == 200
    assert client.post("/api/analyse", data={"text": RELEASE},
                       headers={"Origin": "http://testserver"}).status_code == 200


def test_analysing_needs_the_token_on_a_token_server(knowledge_base, extractor):
    client = TestClient(create_app(knowledge_base, extractor=extractor, token="s3cret"),
                        headers={"Origin": "http://testserver"})
    refused = client.post("/api/analyse", data={"text": RELEASE})
    assert refused.status_code == 401 and refused.json()["error"] == "E061"
    allowed = client.post("/api/analyse", data={"text": RELEASE}, headers={"Authorization": "Bearer s3cret"})
    assert allowed.status_code == 200


def test_a_wrong_token_is_slowed(knowledge_base, extractor):
    from readouts.web.security import WRONG_TOKEN_DELAY

    client = TestClient(create_app(knowledge_base, extractor=extractor, token="s3cret"),
                        headers={"Origin": "http://testserver"})
    started = time.monotonic()
    assert client.post("/token", data={"token": "guess"}).status_code == 401
    assert time.monotonic() - started >= WRONG_TOKEN_DELAY


# -- 3. input that used to be a 500 ------------------------------------------------------------

@pytest.mark.parametrize("url", ["/search?q=trade%00", "/api/search?q=a%00b", "/api/people?q=%00",
                                 "/people/misri%00", "/engagements/" + str(2**70), "/api/engagements/" + str(2**64),
                                 "/search?q=" + "a%25" * 15_000, "/api/search?q=" + "x" * 60_000,
                                 "/api/people?q=" + "%25_" * 15_000, "/initiatives?q=" + "y" * 60_000])
def test_hostile_urls_are_numbered_4xx(knowledge_base, extractor, url):
    client = TestClient(create_app(knowledge_base, extractor=extractor))
    response = client.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code, response.text[:300])
    assert re.search(r"E0\d\d", response.text)


@pytest.mark.parametrize("engagement", [1e20, 2**64, -1, 0, "x"])
def test_reject_with_an_impossible_id_is_400(knowledge_base, extractor, engagement):
    client = TestClient(create_app(knowledge_base, extractor=extractor))
    response = client.post("/api/corrections/reject", json={"engagement": engagement})
    assert response.status_code == 400 and response.json()["error"] == "E064"
    page = client.post("/corrections/reject", data={"engagement": str(engagement)},
                       headers={"Origin": "http://testserver"})
    assert page.status_code == 400 and "E064" in page.text


def test_a_stored_document_over_a_million_characters_has_its_page(knowledge_base, extractor):
    from readouts.schema import Document

    short = Document(id="long-report", text=RELEASE.strip(), url="https://example.org/long-report")
    extraction = extractor.extract(short)
    long_text = short.text + "\n\n" + "Annex line of a very long report.\n" * 32_000  # 1.1 million characters
    store = Store.open(knowledge_base)
    store.add(short.model_copy(update={"text": long_text}), extraction)
    assert len(queries.document(store, "https://example.org/long-report").text) > 1_000_000
    store.close()
    client = TestClient(create_app(knowledge_base, extractor=extractor))
    response = client.get("/document?key=https%3A%2F%2Fexample.org%2Flong-report")
    assert response.status_code == 200 and "Rosa Medina" in response.text


# -- 4. the upload limits say what they are -----------------------------------------------------

def test_a_chunked_upload_over_the_limit_is_413(knowledge_base, extractor):
    client = TestClient(create_app(knowledge_base, extractor=extractor, max_upload_bytes=10_000),
                        headers={"X-Requested-With": "test"})
    boundary = "readoutsboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
            f"Content-Type: text/plain\r\n\r\n").encode() + b"word " * 40_000 + f"\r\n--{boundary}--\r\n".encode()

    def chunks():  # no Content-Length: the limit is found while the body streams in
        for start in range(0, len(body), 8192):
            yield body[start:start + 8192]

    response = client.post("/api/analyse", content=chunks(),
                           headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 413 and response.json()["error"] == "E060"


def test_a_pasted_text_over_a_mebibyte_is_413_with_the_analysis_limit(knowledge_base, extractor):
    client = TestClient(create_app(knowledge_base, extractor=extractor), headers={"X-Requested-With": "test"})
    response = client.post("/api/analyse", data={"text": "word " * 250_000})  # 1.25 MB, under the 2 MiB upload limit
    assert response.status_code == 413 and response.json()["error"] == "E069"
    assert "100,000 characters" in response.json()["message"]


def test_nul_characters_in_bodies_are_400_on_both_databases(database_url, extractor):
    client = TestClient(create_app(database_url, extractor=extractor), headers={"Origin": "http://testserver"})
    response = client.post("/api/corrections/country", json={"person": "a\x00b", "country": "IND"})
    assert response.status_code == 400 and response.json()["error"] == "E064"
    page = client.post("/corrections/office", data={"person": "a\x00b", "title": "Minister"})
    assert page.status_code == 400 and "E064" in page.text
    assert client.get("/api/search?q=trade%00").json()["error"] == "E064"
    titled = client.post("/api/analyse", data={"text": RELEASE, "title": "T\x00", "store": "true"})
    assert titled.status_code == 400 and titled.json()["error"] == "E064"
    stored = client.post("/api/analyse", data={"text": RELEASE.replace("Minister", "Mini\x00ster", 1),
                                               "store": "true"})
    assert stored.status_code == 200 and stored.json()["stored"] == "stored"
    assert "\x00" not in stored.json()["extraction"]["actors"][0]["name"]
