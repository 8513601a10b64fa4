"""Fetching one http(s) URL: timeout, size cap, and no private addresses unless allowed.

Every hop of a redirect chain is checked, so a public page cannot redirect the
fetcher to ``http://127.0.0.1/``. (A host whose DNS answer changes between the
check and the connection can still slip through; run diplomap behind an egress
proxy where that matters.)
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from diplomap.errors import BlockedAddressError, FetchError, TooLargeInputError

__all__ = ["Fetched", "check_public", "fetch"]

_MAX_REDIRECTS = 5
_USER_AGENT = "diplomap (+https://pypi.org/project/diplomap/)"


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str
    data: bytes


def check_public(url: str) -> None:
    """Raise :class:`BlockedAddressError` if ``url``'s host is, or resolves to, a non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("is not an http(s) URL; give a full address such as https://example.org/a")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 0, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"host {parts.hostname!r} not found ({exc.strerror}); check the address") from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global:
            raise BlockedAddressError(
                f"resolves to the non-public address {address}; pass --allow-private to fetch it"
            )


def fetch(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    allow_private: bool = False,
    transport: httpx.BaseTransport | None = None,
) -> Fetched:
    """GET ``url`` following up to five redirects, each checked; the body capped at ``max_bytes``."""
    headers = {"User-Agent": _USER_AGENT, "Accept": "text/html, text/plain, text/markdown, */*;q=0.5"}
    with httpx.Client(timeout=timeout, transport=transport, headers=headers) as client:
        for _ in range(_MAX_REDIRECTS + 1):
            if not allow_private:
                check_public(url)
            try:
                with client.stream("GET", url) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        raise FetchError(
                            f"HTTP {response.status_code} {response.reason_phrase}; "
                            "check the address, or save the page and ingest the file"
                        )
                    data = _read_capped(response, max_bytes)
                    content_type = response.headers.get("content-type", "")
                    return Fetched(str(response.url), content_type, data)
            except httpx.TimeoutException as exc:
                raise FetchError(
                    f"no answer within {timeout:g} s; try again or raise DIPLOMAP_FETCH_TIMEOUT"
                ) from exc
            except httpx.HTTPError as exc:
                raise FetchError(
                    f"could not be fetched ({type(exc).__name__}: {exc}); "
                    "check the address and your connection"
                ) from exc
    raise FetchError(f"more than {_MAX_REDIRECTS} redirects; give the final address")


def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    too_large = TooLargeInputError(
        f"download is over the {max_bytes / 1024 / 1024:.1f} MB limit for one document; "
        "raise DIPLOMAP_MAX_DOCUMENT_MB if you mean it"
    )
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)
