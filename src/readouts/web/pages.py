"""The HTML pages: overview, country pair, engagement, person, initiative, document, network,
search, Analyse, and the correction forms.

Each page asks `readouts.store.queries` for one page of data and renders a
template; forms that change something post here, pass `security.check_write`,
call a `Store` correction method and redirect back with a note. Charts get
their data as JSON inside `<script type="application/json">` (escaped by
Jinja's `tojson`), read by the static scripts: the pages run no inline script.
"""

from __future__ import annotations

import calendar
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from readouts import answers
from readouts.errors import ReadoutsError
from readouts.store import document_key, queries
from readouts.web.api import MAX_ID, run_analysis, valid_country
from readouts.web.highlight import KINDS, grouped, pipeline_facts, segments, stored_facts
from readouts.web.params import MAX_QUERY, Paging, Period, no_nul, paging, period
from readouts.web.security import TOKEN_COOKIE, check_write, token_ok

router = APIRouter(include_in_schema=False)

TYPES = ["visit", "meeting", "call", "talks", "roundtable", "dialogue", "signing", "summit", "statement", "other"]


def _web(request: Request):
    return request.app.state.web


def _page(request: Request, name: str, **context) -> HTMLResponse:
    return _web(request).page(request, name, **context)


def _back(path: str, note: str) -> RedirectResponse:
    sep = "&" if "?" in path else "?"
    return RedirectResponse(f"{path}{sep}{urlencode({'note': note})}", status_code=303)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, when: Period = Depends(period)):
    store = _web(request).store
    return _page(request, "overview.html", data=queries.overview(store, when.since, when.until, limit=12),
                 when=when, countries=queries.countries(store, limit=80))


@router.get("/pair", response_class=HTMLResponse)
def pair_picker(request: Request, a: str | None = None, b: str | None = None):
    if a and b:
        return RedirectResponse(f"/pairs/{quote(a.strip(), safe='')}/{quote(b.strip(), safe='')}", status_code=303)
    store = _web(request).store
    return _page(request, "pairs.html", pairs=queries.dyads(store, limit=60), countries=queries.countries(store))


@router.get("/pairs/{a}/{b}", response_class=HTMLResponse)
def pair(request: Request, a: str, b: str, when: Period = Depends(period), pages: Paging = Depends(paging)):
    store = _web(request).store
    a, b = queries.country_code(a), queries.country_code(b)
    months = queries.activity_by_month(store, a, b, since=when.since, until=when.until)
    listing = queries.engagements(store, country=a, other=b, since=when.since, until=when.until,
                                  limit=pages.per_page, offset=pages.offset)
    return _page(request, "pair.html", a=a, b=b, when=when, months=months, chart=month_chart(months),
                 listing=listing, pages=pages,
                 timeline_items=[{"id": e.id, "date": e.date, "end": e.end, "type": e.type,
                                  "label": ", ".join(p.name for p in e.participants[:3]) or e.type}
                                 for e in listing.items if e.date and e.date[:4] != "XXXX"])


def month_chart(months: list[answers.MonthCount]) -> dict:
    """Stacked bars by month and type, laid out for an SVG (every month in the range, empty ones too)."""
    if not months:
        return {"bars": [], "types": [], "max": 0}
    by_month: dict[str, dict[str, int]] = {}
    for row in months:
        by_month.setdefault(row.month, {})[row.type] = row.engagements
    first, last = min(by_month), max(by_month)
    year, month = int(first[:4]), int(first[5:7])
    keys = []
    while f"{year:04d}-{month:02d}" <= last and len(keys) < 600:
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    types = [t for t in TYPES if any(t in v for v in by_month.values())]
    peak = max(sum(v.values()) for v in by_month.values())
    bars = []
    for key in keys:
        counts = by_month.get(key, {})
        y = 0
        stack = []
        for t in types:
            n = counts.get(t, 0)
            if n:
                stack.append({"type": t, "n": n, "y": y})
                y += n
        year, month = int(key[:4]), int(key[5:7])
        last_day = calendar.monthrange(year, month)[1]
        bars.append({"month": key, "total": y, "stack": stack, "since": f"{key}-01", "until": f"{key}-{last_day:02d}"})
    return {"bars": bars, "types": types, "max": peak}


@router.get("/engagements/{engagement_id}", response_class=HTMLResponse)
def engagement(request: Request, engagement_id: int = Path(ge=1, le=MAX_ID)):
    return _page(request, "engagement.html", e=queries.engagement(_web(request).store, engagement_id))


@router.get("/people", response_class=HTMLResponse)
def people(request: Request, q: str | None = Query(None, max_length=MAX_QUERY), country: str | None = None,
           pages: Paging = Depends(paging)):
    store = _web(request).store
    listing = queries.people(store, q=q or None, country=country or None, limit=pages.per_page, offset=pages.offset)
    if request.headers.get("hx-request"):
        return _page(request, "_people_rows.html", listing=listing, pages=pages, q=q, country=country)
    return _page(request, "people.html", listing=listing, pages=pages, q=q or "", country=country or "")


@router.get("/people/{handle}", response_class=HTMLResponse)
def person(request: Request, handle: str, pages: Paging = Depends(paging),
           dpage: int = Query(1, ge=1, le=1_000_000, description="Page of the documents list.")):
    document_pages = Paging(dpage, pages.per_page)
    data = queries.person_page(_web(request).store, handle, limit=pages.per_page, offset=pages.offset,
                               documents_offset=document_pages.offset)
    offices = [{"title": o.title, "start": o.first_seen, "end": o.last_seen, "country": o.country}
               for o in data.offices if o.first_seen]
    return _page(request, "person.html", p=data, pages=pages, document_pages=document_pages,
                 offices_timeline=offices)


@router.get("/initiatives", response_class=HTMLResponse)
def initiatives(request: Request, q: str | None = Query(None, max_length=MAX_QUERY), pages: Paging = Depends(paging)):
    listing = queries.initiatives(_web(request).store, q=q or None, limit=pages.per_page, offset=pages.offset)
    return _page(request, "initiatives.html", listing=listing, pages=pages, q=q or "")


@router.get("/initiatives/{key:path}", response_class=HTMLResponse)
def initiative(request: Request, key: str, pages: Paging = Depends(paging),
               cpage: int = Query(1, ge=1, le=1_000_000, description="Page of the commitments list.")):
    commitment_pages = Paging(cpage, pages.per_page)
    data = queries.initiative_page(_web(request).store, key, limit=pages.per_page, offset=pages.offset,
                                   commitments_offset=commitment_pages.offset)
    months = [answers.MonthCount(month=m, type="other", engagements=n) for m, n in data.mentions_by_month.items()
              if m != "undated"]
    return _page(request, "initiative.html", i=data, pages=pages, commitment_pages=commitment_pages,
                 chart=month_chart(months))


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request, pages: Paging = Depends(paging)):
    listing = queries.documents(_web(request).store, limit=pages.per_page, offset=pages.offset)
    return _page(request, "documents.html", listing=listing, pages=pages)


@router.get("/document", response_class=HTMLResponse)
def document(request: Request, key: str = Query(...)):
    web = _web(request)
    data = queries.document(web.store, key)
    nlp = web.extractor.nlp
    # spaCy refuses texts over nlp.max_length: such a document shows its stored facts only
    facts = stored_facts(data) + (pipeline_facts(nlp, data.text) if len(data.text) <= nlp.max_length else [])
    return _page(request, "document.html", d=data, segments=segments(data.text, facts), groups=grouped(facts),
                 facts_json=[f.as_json() for f in facts], kinds=KINDS)


@router.get("/network", response_class=HTMLResponse)
def network(request: Request, country: str | None = None, when: Period = Depends(period),
            limit: int = Query(80, ge=5, le=300)):
    store = _web(request).store
    graph = queries.network(store, country=country or None, since=when.since, until=when.until, limit=limit)
    return _page(request, "network.html", graph=graph.model_dump(mode="json"), when=when, country=country or "", limit=limit,
                 countries=queries.countries(store))


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str = Query("", max_length=MAX_QUERY), pages: Paging = Depends(paging)):
    store = _web(request).store
    found = queries.search(store, q, limit=pages.per_page, offset=pages.offset) if q.strip() else None
    initiatives_found = queries.initiatives(store, q=q.strip(), limit=20) if q.strip() else None
    return _page(request, "search.html", q=q, found=found, initiatives=initiatives_found, pages=pages)


@router.get("/analyse", response_class=HTMLResponse)
def analyse_form(request: Request):
    return _page(request, "analyse.html", result=None)


@router.post("/analyse", response_class=HTMLResponse)
async def analyse_post(request: Request, text: str | None = Form(None), file: UploadFile | None = File(None),
                       title: str | None = Form(None), published: str | None = Form(None),
                       url: str | None = Form(None), source: str | None = Form(None), store: bool = Form(False),
                       csrf: str | None = Form(None)):
    analysis, outcome = await run_analysis(request, text, file, title, published, url, source, store, csrf)
    facts = analysis.facts
    context = {"result": analysis, "outcome": outcome, "key": document_key(analysis.document) if outcome else None,
               "segments": segments(analysis.document.text, facts), "groups": grouped(facts),
               "facts_json": [f.as_json() for f in facts], "kinds": KINDS, "text": text or ""}
    name = "_analysis.html" if request.headers.get("hx-request") else "analyse.html"
    return _page(request, name, **context)


# -- corrections from the pages: forms post here and come back with a note ---------------

@router.post("/corrections/country")
def fix_country(request: Request, person: str = Form(...), country: str = Form(...), note: str | None = Form(None),
                csrf: str | None = Form(None)):
    check_write(request, csrf)
    no_nul(person=person, country=country, note=note)
    store = _web(request).store
    store.set_country(person, valid_country(country), note or None)
    handle = queries.find_person(store, person).handle
    return _back(f"/people/{quote(handle, safe='')}", f"Country set to {country.strip().upper()}.")


@router.post("/corrections/office")
def fix_office(request: Request, person: str = Form(...), title: str = Form(""), document: str | None = Form(None),
               note: str | None = Form(None), csrf: str | None = Form(None)):
    check_write(request, csrf)
    no_nul(person=person, title=title, document=document, note=note)
    store = _web(request).store
    store.set_office(person, title, document or None, note or None)
    handle = queries.find_person(store, person).handle
    where = f" in {document}" if document else ""
    return _back(f"/people/{quote(handle, safe='')}", f"Office set to {title or 'none'}{where}.")


@router.post("/corrections/merge")
def merge(request: Request, keep: str = Form(...), other: str = Form(...), note: str | None = Form(None),
          csrf: str | None = Form(None)):
    check_write(request, csrf)
    no_nul(keep=keep, other=other, note=note)
    store = _web(request).store
    kept = queries.find_person(store, keep).handle
    merged = queries.find_person(store, other)
    if kept == merged.handle:
        raise ReadoutsError("E064", name="other", reason="it is the same person")
    store.merge_people(kept, merged.handle, note or None)
    return _back(f"/people/{quote(kept, safe='')}", f"{merged.name} merged into this person.")


@router.post("/corrections/reject")
def reject(request: Request, engagement: int = Form(..., ge=1, le=MAX_ID), note: str | None = Form(None),
           csrf: str | None = Form(None)):
    check_write(request, csrf)
    no_nul(note=note)
    _web(request).store.reject_event(engagement, note or None)
    return _back(f"/engagements/{engagement}", "Engagement rejected: it stays here with its evidence but leaves "
                                               "every list and count.")


@router.get("/token", response_class=HTMLResponse)
def token_form(request: Request):
    return _page(request, "token.html", wrong=False)


@router.post("/token")
def token_set(request: Request, token: str = Form(...)):
    if not token_ok(request, token):
        return _web(request).page(request, "token.html", status=401, wrong=True)
    response = _back("/", "Token accepted: changes are allowed from this browser.")
    response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")
    return response
