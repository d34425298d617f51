"""Who may change the knowledge base through the web app, and how much they may send.

Reading is open to whoever can reach the server. Writing (storing an analysed
document, corrections) is refused on a read-only server, needs the access
token when one is configured, and must come from the app's own pages (a
browser sends `Origin`; a change posted by another site is refused). Request
bodies are capped before they are parsed. Nothing here renders pages.
"""

from __future__ import annotations

import hmac
import ipaddress
import socket
from urllib.parse import urlparse

from fastapi import Request

from readouts.errors import ReadoutsError

TOKEN_COOKIE = "readouts_token"
FORM_ALLOWANCE = 64 * 1024  # multipart boundaries and the other form fields around an upload
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


def check_write(request: Request) -> None:
    """Raise the numbered error that forbids this change, or return when it is allowed."""
    settings = request.app.state.settings
    if settings.read_only:
        raise ReadoutsError("E062")
    origin = request.headers.get("origin")
    if origin and origin != "null":
        origin_host = urlparse(origin).netloc
        if origin_host != request.headers.get("host", ""):
            raise ReadoutsError("E063", origin=origin)
    if settings.token:
        given = presented_token(request) or ""
        if not hmac.compare_digest(given.encode(), settings.token.encode()):
            raise ReadoutsError("E061")


def token_ok(request: Request, candidate: str) -> bool:
    settings = request.app.state.settings
    return bool(settings.token) and hmac.compare_digest(candidate.encode(), settings.token.encode())


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
