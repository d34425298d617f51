"""The JSON API under /api: the pages' data, analysis and corrections, documented by OpenAPI.

Reads call `readouts.store.queries`, and every route declares the `readouts.answers` model it
returns, so /openapi.json documents each answer; writes call the `Store`'s correction
methods (stored as overrides, re-applied after every ingest) after
`security.check_write`. Lists are paginated (`page`, `per_page`).
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field, model_validator

from readouts import answers
from readouts.errors import ReadoutsError
from readouts.schema import Extraction
from readouts.store import queries
from readouts.web.analyse import analyse, check_length, document_from_text, document_from_upload
from readouts.web.params import MAX_QUERY, Paging, Period, no_nul, paging, period
from readouts.web.security import check_analyse, check_write

router = APIRouter(prefix="/api", tags=["api"])
MAX_ID = 2**63 - 1  # ids are 64-bit integers in both databases


def _store(request: Request):
    return request.app.state.web.store


@router.get("/overview", response_model=answers.Overview,
            summary="Counts, latest engagements, most active pairs and people")
def overview(request: Request, when: Period = Depends(period)) -> answers.Overview:
    return queries.overview(_store(request), since=when.since, until=when.until)


@router.get("/countries", response_model=list[answers.Country],
            summary="Countries by number of engagements")
def countries(request: Request) -> list[answers.Country]:
    return queries.countries(_store(request))


@router.get("/engagements", response_model=answers.Page[answers.EngagementSummary],
            summary="Engagements matching filters, newest first")
def engagements(request: Request, country: str | None = None, other: str | None = None,
                person: str | None = None, initiative: str | None = None, type: str | None = None,
                when: Period = Depends(period),
                pages: Paging = Depends(paging)) -> answers.Page[answers.EngagementSummary]:
    return queries.engagements(_store(request), country=country, other=other, person=person,
                               initiative=initiative, type=type, since=when.since, until=when.until,
                               limit=pages.per_page, offset=pages.offset)


@router.get("/engagements/{engagement_id}", response_model=answers.Engagement,
            summary="One engagement with every report and its evidence")
def engagement(request: Request, engagement_id: int = Path(ge=1, le=MAX_ID)) -> answers.Engagement:
    return queries.engagement(_store(request), engagement_id)


@router.get("/pairs/{a}/{b}", response_model=answers.PairPage,
            summary="A country pair: engagements by month and type, one page of engagements")
def pair(request: Request, a: str, b: str, when: Period = Depends(period),
         pages: Paging = Depends(paging)) -> answers.PairPage:
    store = _store(request)
    a, b = queries.country_code(a), queries.country_code(b)
    return answers.PairPage(
        a=a, b=b, months=queries.activity_by_month(store, a, b, since=when.since, until=when.until),
        engagements=queries.engagements(store, country=a, other=b, since=when.since, until=when.until,
                                        limit=pages.per_page, offset=pages.offset))


@router.get("/people", response_model=answers.Page[answers.PersonSummary],
            summary="People, the most engaged first")
def people(request: Request, q: str | None = Query(None, max_length=MAX_QUERY), country: str | None = None,
           pages: Paging = Depends(paging)) -> answers.Page[answers.PersonSummary]:
    return queries.people(_store(request), q=q, country=country, limit=pages.per_page, offset=pages.offset)


@router.get("/people/{handle}", response_model=answers.PersonPage,
            summary="A person: offices over time, counterparts, engagements, documents")
def person(request: Request, handle: str, pages: Paging = Depends(paging),
           dpage: int = Query(1, ge=1, le=1_000_000, description="Page of the documents list.")) -> answers.PersonPage:
    return queries.person_page(_store(request), handle, limit=pages.per_page, offset=pages.offset,
                               documents_offset=(dpage - 1) * pages.per_page)


@router.get("/initiatives", response_model=answers.Page[answers.InitiativeSummary],
            summary="Initiatives, the most mentioned first")
def initiatives(request: Request, q: str | None = Query(None, max_length=MAX_QUERY),
                pages: Paging = Depends(paging)) -> answers.Page[answers.InitiativeSummary]:
    return queries.initiatives(_store(request), q=q, limit=pages.per_page, offset=pages.offset)


@router.get("/initiatives/{key:path}", response_model=answers.InitiativePage,
            summary="An initiative: mentions by month, engagements, commitments")
def initiative(request: Request, key: str, pages: Paging = Depends(paging),
               cpage: int = Query(1, ge=1, le=1_000_000, description="Page of the commitments list.")) -> answers.InitiativePage:
    return queries.initiative_page(_store(request), key, limit=pages.per_page, offset=pages.offset,
                                   commitments_offset=(cpage - 1) * pages.per_page)


@router.get("/documents", response_model=answers.Page[answers.DocumentSummary],
            summary="Stored documents, the most recent first")
def documents(request: Request, pages: Paging = Depends(paging)) -> answers.Page[answers.DocumentSummary]:
    return queries.documents(_store(request), limit=pages.per_page, offset=pages.offset)


@router.get("/document", response_model=answers.DocumentPage,
            summary="One stored document: its text and every fact with character offsets")
def document(request: Request, key: str = Query(..., description="The document key (its URL or id).")) -> answers.DocumentPage:
    return queries.document(_store(request), key)


@router.get("/network", response_model=answers.Network,
            summary="Officials (top N by engagements) and the engagements they share")
def network(request: Request, country: str | None = None, when: Period = Depends(period),
            limit: int = Query(80, ge=1, le=300)) -> answers.Network:
    return queries.network(_store(request), country=country or None, since=when.since, until=when.until,
                           limit=limit)


@router.get("/search", response_model=answers.SearchResult,
            summary="Full text over documents, and people by name")
def search(request: Request, q: str = Query(..., min_length=1, max_length=MAX_QUERY),
           pages: Paging = Depends(paging)) -> answers.SearchResult:
    return queries.search(_store(request), q, limit=pages.per_page, offset=pages.offset)


class AnalyseResult(BaseModel):
    extraction: Extraction
    stored: str | None = Field(None, description="What storing did (stored, replaced, unchanged, duplicate...).")
    document: str | None = Field(None, description="The stored document's key.")
    more_in_file: int = 0


def parse_published(value: str | None) -> date | None:
    from readouts.ingest import parse_date

    return parse_date(value.strip()) if value and value.strip() else None


async def run_analysis(request: Request, text: str | None, file: UploadFile | None, title: str | None,
                       published: str | None, url: str | None, source: str | None, store: bool,
                       csrf: str | None = None):
    """Shared by the API and the Analyse page: check who asks, read, extract (on a worker thread,
    within the size and time limits), maybe store."""
    web = request.app.state.web
    limit = web.settings.max_upload_bytes
    await run_in_threadpool(check_write if store else check_analyse, request, csrf)  # a wrong token sleeps
    no_nul(title=title, published=published, url=url, source=source)
    when = parse_published(published)
    more = 0
    if file is not None and file.filename:
        data = await file.read(limit + 1)
        if len(data) > limit:
            raise ReadoutsError("E060", size=f"more than {limit}", limit=limit)
        document, more = await run_in_threadpool(document_from_upload, file.filename, data, when, url, source)
        if title:
            document = document.model_copy(update={"title": title})
    elif text and text.strip():
        if len(text.encode("utf-8")) > limit:
            raise ReadoutsError("E060", size=len(text.encode("utf-8")), limit=limit)
        document = document_from_text(text, title, when, url, source)
    else:
        raise ReadoutsError("E065")
    check_length(document, web.settings.max_analyse_chars)
    analysis = await web.analyses.run(lambda: analyse(web.extractor, document))
    analysis.more_in_file = more
    outcome = None
    if store:
        def store_it():
            stored = web.store.add(document, analysis.extraction)
            web.store.apply_overrides()
            return stored

        outcome = await run_in_threadpool(store_it)
    return analysis, outcome


@router.post("/analyse", response_model=AnalyseResult,
             summary="Extract a pasted text or an uploaded .txt/.html/.jsonl file; store it if asked")
async def analyse_endpoint(request: Request, text: str | None = Form(None), file: UploadFile | None = File(None),
                           title: str | None = Form(None), published: str | None = Form(None),
                           url: str | None = Form(None), source: str | None = Form(None),
                           store: bool = Form(False), csrf: str | None = Form(None)) -> AnalyseResult:
    analysis, outcome = await run_analysis(request, text, file, title, published, url, source, store, csrf)
    from readouts.store import document_key

    return AnalyseResult(extraction=analysis.extraction, stored=outcome,
                         document=document_key(analysis.document) if outcome else None,
                         more_in_file=analysis.more_in_file)


class Correction(BaseModel):
    """A correction's body: no string in it may hold a NUL (PostgreSQL cannot store one)."""

    @model_validator(mode="before")
    @classmethod
    def no_nul(cls, values):
        if isinstance(values, dict):
            for name, value in values.items():
                if isinstance(value, str) and "\x00" in value:
                    raise ValueError(f"{name!r} holds a NUL character")
        return values


class CountryFix(Correction):
    person: str = Field(description="Handle (or unambiguous name) of the person.")
    country: str = Field(min_length=3, max_length=3, description="ISO 3166-1 alpha-3 (or EUR, UNO, IGO).")
    note: str | None = None


class OfficeFix(Correction):
    person: str
    title: str = Field(max_length=300, description="The office; empty for none.")
    document: str | None = Field(None, description="Only in this document (its key); every document if absent.")
    note: str | None = None


class Merge(Correction):
    keep: str = Field(description="The person to keep (handle or name).")
    other: str = Field(description="The person who is the same as `keep`.")
    note: str | None = None


class Rejection(Correction):
    engagement: int = Field(ge=1, le=2**63 - 1, description="The engagement's id.")
    note: str | None = None


class PersonCorrected(BaseModel):
    """A correction of a person was stored and applied."""

    ok: bool = True
    person: str = Field(description="The person's handle (the kept one, after a merge).")


class EngagementRejected(BaseModel):
    """An engagement was rejected: kept with its evidence, left out of lists and counts."""

    ok: bool = True
    engagement: int


def valid_country(value: str) -> str:
    code = value.strip().upper()
    from readouts.domain import load_domain

    if code not in load_domain().countries and code not in {"EUR", "UNO", "IGO", "NGO", "BUS"}:
        raise ReadoutsError("E064", name="country", reason=f"{value!r} is not an ISO 3166-1 alpha-3 code we know")
    return code


@router.post("/corrections/country", response_model=PersonCorrected,
             summary="Fix the country a person represents")
def fix_country(request: Request, body: CountryFix) -> PersonCorrected:
    check_write(request)
    store = _store(request)
    store.set_country(body.person, valid_country(body.country), body.note)
    return PersonCorrected(person=queries.find_person(store, body.person).handle)


@router.post("/corrections/office", response_model=PersonCorrected,
             summary="Fix the office a person holds (in one document or all)")
def fix_office(request: Request, body: OfficeFix) -> PersonCorrected:
    check_write(request)
    store = _store(request)
    store.set_office(body.person, body.title, body.document or None, body.note)
    return PersonCorrected(person=queries.find_person(store, body.person).handle)


@router.post("/corrections/merge", response_model=PersonCorrected,
             summary="Merge two people into one")
def merge(request: Request, body: Merge) -> PersonCorrected:
    check_write(request)
    store = _store(request)
    keep = queries.find_person(store, body.keep).handle
    other = queries.find_person(store, body.other).handle
    if keep == other:
        raise ReadoutsError("E064", name="other", reason="it is the same person as 'keep'")
    store.merge_people(keep, other, body.note)
    return PersonCorrected(person=keep)


@router.post("/corrections/reject", response_model=EngagementRejected,
             summary="Reject a false engagement (kept with its evidence, left out of lists)")
def reject(request: Request, body: Rejection) -> EngagementRejected:
    check_write(request)
    _store(request).reject_event(body.engagement, body.note)
    return EngagementRejected(engagement=body.engagement)
