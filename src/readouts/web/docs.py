"""OpenAPI documentation at /docs with the vendored Swagger UI: FastAPI's own page loads it from a CDN."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    return request.app.state.web.page(request, "docs.html")
