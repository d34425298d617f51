"""Merge suggestions in the web app: the page `/suggestions/people` and `/api/suggestions/people`.

The page lists the likely duplicates that resolution did not merge
(`Store.merge_suggestions`) with the evidence for and against; its forms merge a
pair or keep it apart for good, through `security.check_write`, as stored
corrections. It only reads and calls the `Store`; the weighing is in
`readouts.resolve.people.weigh_pair`.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from readouts import answers
from readouts.errors import ReadoutsError
from readouts.store import queries
from readouts.web.security import check_write

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["api"])

LIMIT = Query(50, ge=1, le=500, description="How many suggestions, best first.")


class Decision(BaseModel):
    keep: str = Field(description="Handle of the person to keep (the suggestion's `keep`).")
    other: str = Field(description="Handle of the other person of the suggestion.")
    merge: bool = Field(description="True: they are one person; false: keep them apart, never suggest again.")
    note: str | None = None


def _store(request: Request):
    return request.app.state.web.store


def _decide(request: Request, keep: str, other: str, merge: bool, note: str | None,
            csrf: str | None = None) -> tuple[str, str]:
    """Apply an analyst's decision on two people; returns their handles."""
    check_write(request, csrf)
    store = _store(request)
    kept, second = queries.find_person(store, keep).handle, queries.find_person(store, other).handle
    if kept == second:
        raise ReadoutsError("E036", query=other)
    if merge:
        store.merge_people(kept, second, note or None)
    else:
        store.keep_apart(kept, second, note or None)
    return kept, second


class Decided(BaseModel):
    """An analyst's decision on a suggestion was stored and applied."""

    ok: bool = True
    keep: str = Field(description="Handle of the person kept.")
    other: str
    merged: bool


@api.get("/suggestions/people", response_model=list[answers.MergeSuggestion],
         summary="Likely duplicate people, with the evidence for and against")
def suggestions_json(request: Request, limit: int = LIMIT) -> list[dict]:
    return _store(request).merge_suggestions(limit)


@api.post("/suggestions/people", response_model=Decided,
          summary="Merge the two people of a suggestion, or keep them apart for good")
def decide_json(request: Request, body: Decision) -> Decided:
    kept, other = _decide(request, body.keep, body.other, body.merge, body.note)
    return Decided(keep=kept, other=other, merged=body.merge)


@pages.get("/suggestions/people", response_class=HTMLResponse)
def suggestions_page(request: Request, limit: int = LIMIT):
    items = _store(request).merge_suggestions(limit)
    return request.app.state.web.page(request, "suggestions.html", items=items, limit=limit)


@pages.post("/suggestions/people")
def decide_page(request: Request, keep: str = Form(...), other: str = Form(...), decision: str = Form(...),
                note: str | None = Form(None), csrf: str | None = Form(None)):
    if decision not in ("merge", "apart"):
        raise ReadoutsError("E064", name="decision", reason="choose merge or apart")
    kept, second = _decide(request, keep, other, decision == "merge", note, csrf)
    said = f"{second} merged into {kept}." if decision == "merge" else f"{second} and {kept} kept apart."
    return RedirectResponse(f"/suggestions/people?{urlencode({'note': said})}", status_code=303)
