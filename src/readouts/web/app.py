"""The analyst web app: FastAPI over the knowledge base, pages and a JSON API.

`create_app(db_url, ...)` builds the application: server-rendered pages
(Jinja2 with autoescaping), the same data as JSON under `/api`, OpenAPI
documentation at `/docs` served from vendored files, static files from the
package. Every error becomes a one-line numbered message on an error page
(or a JSON object under /api), never a traceback. It reads through
`readouts.store.queries` and writes only through the `Store`'s documented
methods. It does not start a server: `readouts serve` does.
"""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from readouts import __version__
from readouts.domain import load_domain
from readouts.errors import ReadoutsError
from readouts.store import Store
from readouts.store.queries import MATCH_END, MATCH_START
from readouts.web.analyse import (
    DEFAULT_ANALYSE_TIMEOUT,
    DEFAULT_ANALYSES,
    DEFAULT_MAX_ANALYSE_CHARS,
    AnalysisSlots,
)
from readouts.web.security import (
    CSRF_COOKIE,
    FORM_PART_LIMIT,
    TOO_LARGE_MARK,
    BodyLimit,
    BodyTooLarge,
    new_csrf_token,
)

log = logging.getLogger("readouts.web")

DEFAULT_MAX_UPLOAD = 2 * 1024 * 1024  # a press release is tens of kilobytes; a long transcript a few hundred

STATUS = {  # numbered error -> HTTP status
    "E003": 400, "E004": 400, "E005": 400, "E006": 400, "E007": 415, "E008": 400, "E010": 400,
    "E020": 503, "E021": 503, "E022": 503, "E023": 503,
    "E024": 404, "E025": 409, "E026": 404, "E028": 404, "E029": 404,
    "E060": 413, "E061": 401, "E062": 403, "E063": 403, "E064": 400, "E065": 400, "E067": 404,
    "E034": 413, "E069": 413, "E070": 503, "E071": 503,
}

# Everything the pages load comes from this server; vis-network and vis-timeline set inline styles.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")


@dataclass
class Settings:
    db_url: str
    read_only: bool = False
    token: str | None = None
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD
    max_analyse_chars: int = DEFAULT_MAX_ANALYSE_CHARS
    analyse_timeout: float = DEFAULT_ANALYSE_TIMEOUT
    analyses: int = DEFAULT_ANALYSES


class Web:
    """What the routes share: settings, the store, templates, the spaCy pipeline (loaded on first use),
    the analysis slots."""

    def __init__(self, settings: Settings, store: Store, extractor=None) -> None:
        self.settings = settings
        self.store = store
        self._extractor = extractor
        self._loading = threading.Lock()
        self.analyses = AnalysisSlots(settings.analyses, settings.analyse_timeout)
        folder = Path(str(resources.files("readouts.web").joinpath("templates")))
        env = Environment(loader=FileSystemLoader(str(folder)), autoescape=True)  # document text is untrusted
        self.templates = Jinja2Templates(env=env)
        env.filters["q"] = lambda value: quote(str(value or ""), safe="")
        env.filters["country"] = country_label
        env.filters["snippet"] = snippet_markup
        env.filters["thousands"] = lambda n: f"{n:,}" if isinstance(n, int) else n
        env.globals["version"] = __version__
        env.globals["settings"] = settings
        env.globals["with_query"] = with_query

    @property
    def extractor(self):
        with self._loading:  # two first analyses on two threads load one model
            if self._extractor is None:
                from readouts.extract.engine import Extractor

                self._extractor = Extractor()
        return self._extractor

    def page(self, request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        """Render a template; its forms get the CSRF value of this browser's cookie (set here if new)."""
        csrf = request.cookies.get(CSRF_COOKIE) or new_csrf_token()
        response = self.templates.TemplateResponse(request, name, {"csrf": csrf, **context}, status_code=status)
        if request.cookies.get(CSRF_COOKIE) != csrf:
            response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict",
                                secure=request.url.scheme == "https")
        return response


def country_label(iso3: str | None) -> str:
    """'IND' -> 'India (IND)'; unknown codes as they are."""
    if not iso3:
        return "?"
    name = load_domain().country_name(iso3)
    return f"{name} ({iso3})" if name and name != iso3 else iso3


def snippet_markup(snippet: str | None) -> Markup:
    """A search snippet (`marked`, with `queries.MATCH_START`/`MATCH_END` around each match) as HTML:
    the matches in <mark>, everything else escaped; the text's own brackets stay brackets."""
    escaped = str(escape(snippet or ""))
    return Markup(escaped.replace(MATCH_START, "<mark>").replace(MATCH_END, "</mark>"))


def with_query(request: Request, **changes) -> str:
    """The current URL with some query parameters changed (None removes one)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    return request.url.path + ("?" + urlencode(params) if params else "")


def _wants_json(scope_or_request) -> bool:
    path = scope_or_request["path"] if isinstance(scope_or_request, dict) else scope_or_request.url.path
    return path.startswith("/api/") or path == "/api"


def create_app(db_url: str | None = None, read_only: bool = False, token: str | None = None,
               max_upload_bytes: int = DEFAULT_MAX_UPLOAD, extractor=None,
               allowed_hosts: list[str] | None = None, max_analyse_chars: int = DEFAULT_MAX_ANALYSE_CHARS,
               analyse_timeout: float = DEFAULT_ANALYSE_TIMEOUT, analyses: int = DEFAULT_ANALYSES) -> FastAPI:
    """The web app over the knowledge base at `db_url` (default: $READOUTS_DB or readouts.db).

    `read_only` refuses every change (403); `token`, when given, must accompany
    every change; `max_upload_bytes` caps an upload or pasted text (413
    beyond). `extractor` shares an already loaded `Extractor` (tests do);
    otherwise one is loaded on the first Analyse or document page.
    `allowed_hosts` limits the Host header (`readouts serve` on loopback passes
    the loopback names, so a DNS-rebinding page cannot reach the server).
    Analysis (Analyse page, `/api/analyse`) takes texts of at most `max_analyse_chars`
    characters (413 E069 beyond), runs `analyses` at a time on worker threads (503 E071 when
    all are busy) and gives each `analyse_timeout` seconds (503 E070).
    """
    store = Store.open(db_url)
    settings = Settings(db_url=store.url, read_only=read_only, token=token or None,
                        max_upload_bytes=max_upload_bytes, max_analyse_chars=max_analyse_chars,
                        analyse_timeout=analyse_timeout, analyses=analyses)
    @asynccontextmanager
    async def lifespan(_app):
        yield
        store.close()

    app = FastAPI(title="Readouts", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Diplomatic engagements read from press releases, with their evidence. "
                              "Every list is paginated (`page`, `per_page` ≤ 200).")
    web = Web(settings, store, extractor)
    app.state.settings = settings
    app.state.web = web
    app.mount("/static", StaticFiles(directory=str(resources.files("readouts.web").joinpath("static"))),
              name="static")

    def error_response(request_or_scope, error: ReadoutsError, status: int | None = None) -> Response:
        status = status or STATUS.get(error.code, 400)
        if _wants_json(request_or_scope):
            return JSONResponse({"error": error.code, "message": str(error)}, status_code=status)
        request = request_or_scope if isinstance(request_or_scope, Request) else Request(request_or_scope)
        name = "_error.html" if request.headers.get("hx-request") else "error.html"  # htmx swaps a fragment in
        return web.page(request, name, status=status, error=error, status_code=status)

    @app.middleware("http")
    async def errors_and_headers(request: Request, call_next):
        try:
            if "\x00" in request.url.path or "%00" in request.url.query:
                raise ReadoutsError("E064", name="URL", reason="it holds a NUL character")
            response = await call_next(request)
        except ReadoutsError as exc:
            response = error_response(request, exc)
        except BodyTooLarge as exc:
            response = error_response(request, ReadoutsError("E060", size=exc.size, limit=max_upload_bytes))
        except Exception:  # noqa: BLE001 - logged with its traceback; the user sees one numbered line
            log.exception("error answering %s", request.url.path)
            response = error_response(request, ReadoutsError("E068", path=request.url.path), 500)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    @app.exception_handler(ReadoutsError)
    async def readouts_error(request: Request, exc: ReadoutsError):
        return error_response(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404:
            return error_response(request, ReadoutsError("E067", path=request.url.path), 404)
        too_large = request.scope.get("state", {}).get(TOO_LARGE_MARK)
        if too_large:  # a chunked body past the limit, seen while the form was parsed
            return error_response(request, ReadoutsError("E060", size=too_large, limit=max_upload_bytes), 413)
        if "maximum size" in str(exc.detail):  # Starlette's limit on one form field: a pasted text
            return error_response(request, ReadoutsError(
                "E069", size=f"more than {FORM_PART_LIMIT:,} bytes", limit=f"{settings.max_analyse_chars:,}"), 413)
        error = ReadoutsError("E064", name=request.method, reason=str(exc.detail))
        return error_response(request, error, exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid_input(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        name = ".".join(str(p) for p in first.get("loc", ())[1:]) or "input"
        return error_response(request, ReadoutsError("E064", name=name, reason=first.get("msg", "invalid")))

    async def too_large(scope, receive, send, size: int) -> None:
        response = error_response(scope, ReadoutsError("E060", size=size, limit=max_upload_bytes))
        response.headers["Connection"] = "close"
        await response(scope, receive, send)

    app.add_middleware(BodyLimit, limit=max_upload_bytes, on_too_large=too_large)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)

    from readouts.web import api, docs, pages, suggestions

    app.include_router(api.router)
    app.include_router(suggestions.api)
    app.include_router(docs.router)
    app.include_router(pages.router)
    app.include_router(suggestions.pages)

    return app
