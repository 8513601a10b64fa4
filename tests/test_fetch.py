import httpx
import pytest

from diplomap.errors import BlockedAddressError, FetchError, TooLargeInputError
from diplomap.ingest.fetch import check_public, fetch

PUBLIC = "http://93.184.216.34"  # a literal public address: no DNS look-up in tests


def transport(routes: dict[str, httpx.Response]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        return routes.get(str(request.url), httpx.Response(404))

    return httpx.MockTransport(handler)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.1.2.3/x",
        "http://192.168.0.1/",
        "http://[::1]:8080/",
        "http://169.254.169.254/latest/meta-data",
        "http://0.0.0.0/",
    ],
)
def test_fetch_private_addresses_blocked(url):
    with pytest.raises(BlockedAddressError, match="--allow-private"):
        check_public(url)


@pytest.mark.parametrize("url", ["ftp://example.org/a", "file:///etc/passwd", "http:///nohost"])
def test_fetch_only_http_urls(url):
    with pytest.raises(FetchError, match="not an http"):
        check_public(url)


def test_fetch_public_page():
    routes = {f"{PUBLIC}/a": httpx.Response(200, text="<p>hello</p>", headers={"content-type": "text/html"})}
    fetched = fetch(f"{PUBLIC}/a", timeout=5, max_bytes=1000, transport=transport(routes))
    assert (fetched.data, fetched.content_type) == (b"<p>hello</p>", "text/html")


def test_fetch_redirect_to_private_address_is_blocked():
    routes = {f"{PUBLIC}/a": httpx.Response(302, headers={"location": "http://127.0.0.1/admin"})}
    with pytest.raises(BlockedAddressError):
        fetch(f"{PUBLIC}/a", timeout=5, max_bytes=1000, transport=transport(routes))


def test_fetch_redirect_followed_and_loop_stopped():
    routes = {
        f"{PUBLIC}/a": httpx.Response(301, headers={"location": "/b"}),
        f"{PUBLIC}/b": httpx.Response(200, text="done"),
        f"{PUBLIC}/loop": httpx.Response(302, headers={"location": "/loop"}),
    }
    assert fetch(f"{PUBLIC}/a", timeout=5, max_bytes=100, transport=transport(routes)).data == b"done"
    with pytest.raises(FetchError, match="redirects"):
        fetch(f"{PUBLIC}/loop", timeout=5, max_bytes=100, transport=transport(routes))


def test_fetch_size_cap_by_header_and_by_stream():
    routes = {
        f"{PUBLIC}/declared": httpx.Response(200, content=b"x" * 50, headers={"content-length": "5000"}),
        f"{PUBLIC}/streamed": httpx.Response(200, content=iter([b"x" * 60, b"x" * 60])),
    }
    for path in ("declared", "streamed"):
        with pytest.raises(TooLargeInputError, match="limit"):
            fetch(f"{PUBLIC}/{path}", timeout=5, max_bytes=100, transport=transport(routes))


def test_fetch_http_error_and_timeout_are_fetch_errors():
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(f"{PUBLIC}/missing", timeout=5, max_bytes=100, transport=transport({}))

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(FetchError, match="DIPLOMAP_FETCH_TIMEOUT"):
        fetch(f"{PUBLIC}/slow", timeout=0.5, max_bytes=100, transport=httpx.MockTransport(slow))
