"""A fuzz of the JSON API from its own OpenAPI description: every operation in `/openapi.json`,
called with Hypothesis-made path and query values and bodies (schema-shaped and hostile), answers
with a numbered JSON error or a result, never a 500 (issue 13). The known values of the dev
knowledge base (a handle, an engagement id) are mixed in so that the deeper code runs too."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import copy_database
from readouts.web import create_app

HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "%", "_", "\\", "'", '"', "[", "]", "*", "NEAR(", "AND OR NOT", "a\x00b", "\u202e",
                     "IND", "USA", "vikram-misri-ind", "quad", "2024-02-30", "0000-01-01", "9999-12-31", "-1",
                     "1e20", str(2**64), "../../etc/passwd", "%00", "<script>alert(1)</script>", "x" * 600]),
)
NUMBERS = st.one_of(st.integers(-2**70, 2**70), st.sampled_from([0, 1, 2, 200, 201, 1_000_000, 1_000_001]))
JSON_VALUES = st.recursive(st.none() | st.booleans() | NUMBERS | st.floats(allow_nan=False, allow_infinity=False) | HOSTILE_TEXT,
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(HOSTILE_TEXT, inner, max_size=3),
                           max_leaves=6)


@pytest.fixture(scope="module")
def api(web_database, extractor, tmp_path_factory):
    url = copy_database(web_database, tmp_path_factory.mktemp("fuzz") / "fuzz.db")
    client = TestClient(create_app(url, extractor=extractor, max_analyse_chars=2_000), raise_server_exceptions=False,
                        headers={"X-Requested-With": "fuzz"})
    spec = client.get("/openapi.json").json()
    return client, spec


def operations() -> list[tuple[str, str]]:
    """The API's operations, from the OpenAPI description of an app over an empty database."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        spec = TestClient(create_app(f"sqlite:///{folder}/empty.db")).get("/openapi.json").json()
    return [(method, path) for path, ops in spec["paths"].items() for method in ops if path.startswith("/api")]


def value_for(schema: dict):
    """A Hypothesis strategy for one parameter: its declared type's edge values, and hostile strings."""
    kinds = {s.get("type") for s in schema.get("anyOf", [schema])}
    if "integer" in kinds:
        return st.one_of(NUMBERS.map(str), HOSTILE_TEXT)
    return HOSTILE_TEXT


def body_for(spec: dict, operation: dict):
    """A strategy for a JSON body: the schema's fields with hostile values, some dropped, some extra."""
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return st.none()
    ref = content["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    fields = spec["components"]["schemas"][ref]["properties"]
    return st.one_of(st.fixed_dictionaries({}, optional={name: JSON_VALUES for name in fields}), JSON_VALUES)


@pytest.mark.parametrize("method, path", operations())
def test_no_operation_answers_500(api, method, path):
    client, spec = api
    operation = spec["paths"][path][method]
    parameters = operation.get("parameters", [])

    @settings(max_examples=12 if path == "/api/analyse" else 40, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(values=st.fixed_dictionaries({p["name"]: value_for(p["schema"]) for p in parameters if p["required"]},
                                        optional={p["name"]: value_for(p["schema"]) for p in parameters
                                                  if not p["required"]}),
           body=body_for(spec, operation),
           form=st.fixed_dictionaries({}, optional={"text": st.text(max_size=300), "published": HOSTILE_TEXT,
                                                    "title": HOSTILE_TEXT, "store": st.sampled_from(["true", "x"])}))
    def called(values, body, form):
        url = path
        for p in parameters:
            if p["in"] == "path":
                url = url.replace("{" + p["name"] + "}", quote(values.get(p["name"], "x"), safe="") or "x")
        query = {p["name"]: values[p["name"]] for p in parameters if p["in"] == "query" and p["name"] in values}
        if method == "get":
            response = client.get(url, params=query)
        elif "multipart/form-data" in operation.get("requestBody", {}).get("content", {}):
            response = client.post(url, data=form)
        else:
            response = client.post(url, json=body)
        assert response.status_code < 500, (method, url, query, body, response.text[:300])
        if response.status_code >= 400:
            assert re.match(r"E0\d\d$", response.json()["error"]), response.text[:300]

    called()
