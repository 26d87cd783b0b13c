"""The write token: DIRECTIVES_API_TOKEN or a token file, sent as `Authorization: Bearer TOKEN`.
Reads from this machine need none; reads from another machine need it too."""

from __future__ import annotations

import hmac
import ipaddress

from fastapi import HTTPException, Request

TOKEN_ENV = "DIRECTIVES_API_TOKEN"


def _sent(request: Request) -> str:
    auth = request.headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def check_write(request: Request) -> None:
    token: str | None = request.app.state.settings.token
    if token is None:
        raise HTTPException(403, f"this server is read-only: start it with {TOKEN_ENV} or --token-file")
    sent = _sent(request)
    if not sent or not hmac.compare_digest(sent.encode(), token.encode()):
        raise HTTPException(401, "a write needs the token: Authorization: Bearer TOKEN", {"WWW-Authenticate": "Bearer"})


def _local(host: str | None) -> bool:
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host in ("localhost", "testclient")


def check_read(request: Request) -> None:
    if not _local(request.client.host if request.client else None):
        check_write(request)
