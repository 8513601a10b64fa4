"""Server time of the dashboard's pages and the API's main queries on a generated store.

The store is :mod:`synthetic`'s mix (``--events``, default 100,000). Each URL
is requested once to warm up, then ``--repeat`` times; the median server
time is what the web issue's target (300 ms) is about. Requests go through
the app in-process (Starlette's test client), so no network time is counted.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import warnings
from pathlib import Path

from diplomap.settings import load_settings
from diplomap.store.repository import Store

TARGET_MS = 300
URLS = (
    "/",
    "/actors/PRK",
    "/actors/PRK?from=2014&to=2014",
    "/actors/ARM",
    "/dyads/PRK/CHN",
    "/documents",
    "/documents/{document}",
    "/events?actor=PRK",
    "/events?q=toward",
    "/events/{event}",
    "/api/events?actor=PRK&limit=100",
    "/api/partners/PRK?period=2014",
    "/api/dyads/PRK/CHN?by=month",
)


def time_pages(db: str, repeat: int) -> list[tuple[str, int, float]]:
    """(url, status, median ms) for each of URLS on the store at ``db``."""
    with warnings.catch_warnings():  # starlette's test client warns about its http client
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from diplomap.web.app import create_app

    app = create_app(load_settings(environ={}, db=db, model="blank:en"))
    results = []
    with TestClient(app) as client:
        for template in URLS:
            url = template.format(document=f"{5:032x}", event=5000)
            client.get(url)
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            results.append((url, response.status_code, statistics.median(times)))
    return results


def main() -> None:
    from synthetic import generate_store

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        db = str(Path(workdir) / "pages.db")
        start = time.perf_counter()
        with Store.open(db) as store:
            generate_store(store, args.events)
        print(f"generated store: {args.events:,} events in {time.perf_counter() - start:.1f} s")
        print(f"{'page (median server time)':<44}{'ms':>8}  target {TARGET_MS} ms")
        for url, status, ms in time_pages(db, args.repeat):
            flag = "" if ms <= TARGET_MS else "  over"
            print(f"{url[:43]:<44}{ms:>8.0f}{flag}" + ("" if status == 200 else f"  HTTP {status}"))


if __name__ == "__main__":
    main()
