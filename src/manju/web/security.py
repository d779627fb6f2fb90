"""The studio's guard, in front of every request (pages, API, files and the event stream):

- the ``Host`` header must name this server (a DNS-rebinding page gets 421);
- with a token (required for any bind other than loopback) every request must carry it: as
  ``Authorization: Bearer …``, the ``manju_token`` cookie, or ``?token=`` (which also sets
  the cookie, so that ``<video>``, ``<img>`` and ``EventSource`` need nothing special);
- a request that changes something must come from the studio's own page (``Origin`` or
  ``Sec-Fetch-Site``), so another site open in the same browser cannot post to it;
- no CORS headers are ever sent, and every response forbids inline scripts and framing.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import secrets
import socket
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "manju_token"
SAFE_METHODS = {"GET", "HEAD"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
       "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"x-frame-options", b"DENY"), (b"referrer-policy", b"no-referrer"),
           (b"cross-origin-resource-policy", b"same-origin")]
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


def new_token() -> str:
    """A fresh random token (printed once by ``manju studio``)."""
    return secrets.token_urlsafe(24)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or address) is this machine's loopback."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(bind: str, extra: list[str] | None = None) -> set[str]:
    """The host names a request may address this server by (without ports)."""
    names = set(LOOPBACK_NAMES) | {bind.strip("[]").lower()} | {h.lower() for h in extra or []}
    if bind in ("0.0.0.0", "::", ""):
        # Bound everywhere: the machine's own names and addresses (the token still guards it).
        host = socket.gethostname()
        names |= {host.lower(), socket.getfqdn().lower()}
        try:
            names |= {str(a[4][0]).lower() for a in socket.getaddrinfo(host, None)}
        except OSError:
            pass
    return names


def host_of(value: str) -> str:
    """The host part of a ``Host`` header (``[::1]:8000`` → ``::1``)."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class Guard:
    """ASGI middleware applying the rules in this module's description."""

    def __init__(self, app: ASGIApp, *, hosts: set[str], token: str | None) -> None:
        self.app = app
        self.hosts = hosts
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        if not host or host_of(host) not in self.hosts:
            await _refuse(scope, send, 421, "this server does not answer to that Host")
            return
        from_query = False
        if self.token is not None:
            given, from_query = _token(scope, headers)
            if given is None or not hmac.compare_digest(given.encode(), self.token.encode()):
                await _refuse(scope, send, 401, "a token is needed: open the URL manju studio printed")
                return
        method = scope.get("method", "GET")
        if method not in SAFE_METHODS and not _same_origin(headers, host):
            await _refuse(scope, send, 403, "cross-site requests are refused")
            return
        cookie = self.token if from_query else None

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = list(HEADERS)
                if cookie is not None:
                    extra.append((b"set-cookie", f"{COOKIE}={cookie}; Path=/; HttpOnly; "
                                                 "SameSite=Strict".encode()))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _token(scope: Scope, headers: dict[str, str]) -> tuple[str | None, bool]:
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip(), False
    if "cookie" in headers:
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(headers["cookie"])
        except Exception:  # a malformed cookie header is no token
            jar = SimpleCookie()
        if COOKIE in jar:
            return jar[COOKIE].value, False
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    if query.get("token"):
        return query["token"][0], True
    return None, False


def _same_origin(headers: dict[str, str], host: str) -> bool:
    origin = headers.get("origin")
    if origin is not None:
        return origin != "null" and urlsplit(origin).netloc.lower() == host.lower()
    # No Origin (some same-origin requests): trust the browser's Sec-Fetch-Site when sent.
    return headers.get("sec-fetch-site", "same-origin") in ("same-origin", "none")


async def _refuse(scope: Scope, send: Send, status: int, message: str) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 4000 + status})
        return
    body = json.dumps({"detail": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *HEADERS]})
    await send({"type": "http.response.body", "body": body})
