"""Who may change the knowledge base through the web app, and how much they may send.

Reading is open to whoever can reach the server. Writing (storing an analysed
document, corrections) is refused on a read-only server, needs the access
token when one is configured, and must come from the app's own pages (a
browser sends `Origin`; a change posted by another site is refused). A form
post that does not say where it comes from (`Origin: null`, sent by sandboxed
frames, or no Origin) must carry the page's CSRF field, whose value matches a
same-site cookie, or a header another site cannot send. Analysing a text
follows the same origin rules. Request bodies are capped before they are
parsed. Nothing here renders pages.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import socket
import time
from urllib.parse import urlparse

from fastapi import Request

from readouts.errors import ReadoutsError

TOKEN_COOKIE = "readouts_token"
CSRF_COOKIE = "readouts_csrf"
CSRF_FIELD = "csrf"
WRONG_TOKEN_DELAY = 0.5  # seconds: a wrong token costs the guesser this much per try
# Content types a page on another site can post without a CORS preflight (which this server never grants).
SIMPLE_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")
# Headers another site's page cannot add to a request without a preflight: their presence proves a same-site
# script (htmx) or a program (curl, a notebook) sent it.
CUSTOM_HEADERS = ("hx-request", "x-requested-with")
FORM_ALLOWANCE = 64 * 1024  # multipart boundaries and the other form fields around an upload
TOO_LARGE_MARK = "readouts_body_too_large"  # in the request scope's state: bytes seen past the limit
FORM_PART_LIMIT = 1024 * 1024  # Starlette's largest form field (not file): a pasted text beyond is refused
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost: a server only this machine can reach.

    >>> is_loopback("127.0.0.1"), is_loopback("0.0.0.0"), is_loopback("localhost")
    (True, False, True)
    """
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        try:
            return all(ipaddress.ip_address(info[4][0]).is_loopback
                       for info in socket.getaddrinfo(host, None))
        except (OSError, ValueError):
            return False


def presented_token(request: Request) -> str | None:
    """The token a request carries: `Authorization: Bearer`, `X-Readouts-Token`, or the cookie
    the Token page sets."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.headers.get("x-readouts-token") or request.cookies.get(TOKEN_COOKIE)


def new_csrf_token() -> str:
    """A fresh random value for the CSRF cookie and the forms' hidden field."""
    return secrets.token_urlsafe(24)


def csrf_ok(request: Request, field: str | None) -> bool:
    """True when the form's CSRF field matches the same-site cookie the pages set."""
    cookie = request.cookies.get(CSRF_COOKIE) or ""
    return bool(field and cookie) and hmac.compare_digest(field.encode(), cookie.encode())


def is_form_post(request: Request) -> bool:
    """True for a body another site's page could post (a form), False for JSON and the like."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return content_type in SIMPLE_CONTENT_TYPES or not content_type


def check_origin(request: Request, csrf: str | None = None) -> None:
    """Raise E063 unless the request comes from this server's own pages or from a program.

    An `Origin` naming another host is refused. `Origin: null` (sandboxed or privacy-stripped
    frames) and, on a form post, a missing `Origin` say nothing about the sender: they need the
    CSRF field matching its cookie, or a header another site cannot send (`HX-Request`,
    `X-Requested-With`, `Authorization`, `X-Readouts-Token`).
    """
    origin = request.headers.get("origin")
    if origin and origin != "null":
        if urlparse(origin).netloc != request.headers.get("host", ""):
            raise ReadoutsError("E063", origin=origin)
        return
    if origin is None and not is_form_post(request):
        return  # JSON from a program: a browser cannot send it cross-site without a preflight
    if csrf_ok(request, csrf):
        return
    headers = request.headers
    if any(name in headers for name in CUSTOM_HEADERS + ("authorization", "x-readouts-token")):
        return
    raise ReadoutsError("E063", origin=origin or "no Origin header")


def check_token(request: Request) -> None:
    """Raise E061 when the server has a token and the request does not carry it (a wrong try is slowed)."""
    settings = request.app.state.settings
    if settings.token:
        given = presented_token(request) or ""
        if not hmac.compare_digest(given.encode(), settings.token.encode()):
            time.sleep(WRONG_TOKEN_DELAY)
            raise ReadoutsError("E061")


def check_write(request: Request, csrf: str | None = None) -> None:
    """Raise the numbered error that forbids this change, or return when it is allowed."""
    if request.app.state.settings.read_only:
        raise ReadoutsError("E062")
    check_origin(request, csrf)
    check_token(request)


def check_analyse(request: Request, csrf: str | None = None) -> None:
    """Analysing (without storing) is open on a read-only server, but follows the origin rules
    and, on a server with a token, needs the token: it costs seconds of CPU."""
    check_origin(request, csrf)
    check_token(request)


def token_ok(request: Request, candidate: str) -> bool:
    """True for the server's token; a wrong guess is slowed by WRONG_TOKEN_DELAY."""
    settings = request.app.state.settings
    ok = bool(settings.token) and hmac.compare_digest(candidate.encode(), settings.token.encode())
    if not ok:
        time.sleep(WRONG_TOKEN_DELAY)
    return ok


class BodyLimit:
    """ASGI middleware: refuse a request body larger than `limit` bytes (plus form overhead)
    with 413, by its Content-Length or, when it has none, while it streams in."""

    def __init__(self, app, limit: int, on_too_large) -> None:
        self.app, self.limit, self.on_too_large = app, limit, on_too_large

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        allowed = self.limit + FORM_ALLOWANCE
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > allowed:
            return await self.on_too_large(scope, receive, send, int(length))
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > allowed:
                    # FastAPI turns an error while parsing a form into 400; this mark lets the app say 413
                    scope.setdefault("state", {})[TOO_LARGE_MARK] = seen
                    raise BodyTooLarge(seen)
            return message

        try:
            await self.app(scope, counted, send)
        except BodyTooLarge as exc:
            await self.on_too_large(scope, receive, send, exc.size)


class BodyTooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size
