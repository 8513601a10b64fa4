import functools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from diplomap.cli import app

from .test_readers import ARTICLE_HTML

runner = CliRunner()


def run(db_url: str, *args: str):
    return runner.invoke(app, ["--db", db_url, "--model", "blank:en", *args])


def test_cli_help_lists_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("ingest", "documents", "info"):
        assert command in result.output
    for command in (
        ["ingest", "--help"],
        ["documents", "list", "--help"],
        ["documents", "show", "--help"],
        ["info", "--help"],
    ):
        assert runner.invoke(app, command).exit_code == 0


def test_cli_ingest_seeds_twice_then_list_show_info(db_url, seeds):
    first = run(db_url, "ingest", str(seeds))
    assert first.exit_code == 0, first.output
    assert "2 new, 0 unchanged, 0 failed" in first.output
    second = run(db_url, "ingest", str(seeds), "--json")
    assert json.loads(second.output) == {"new": 0, "unchanged": 2, "annotated": 0, "failed": 0, "errors": []}

    listed = json.loads(run(db_url, "documents", "list", "--json").output)
    assert sorted(d["author"] for d in listed) == ["Andrei Lankov", "Sandip Kumar Mishra"]
    dated = next(d for d in listed if d["published"])
    shown = run(db_url, "documents", "show", dated["id"][:8])
    assert shown.exit_code == 0
    assert "North Korea: Seeking New Friends?" in shown.output
    assert "It executed its number two leader Jang Song-thaek in December 2013" in shown.output
    as_json = json.loads(run(db_url, "documents", "show", dated["id"], "--json").output)
    assert as_json["published"] == "2014-08-04"
    sentence = as_json["sentences"][0]
    assert as_json["text"][sentence["start"] : sentence["end"]] == sentence["text"]

    info = json.loads(run(db_url, "info", "--json").output)
    assert info["counts"]["documents"] == 2 and info["counts"]["sentences"] > 50
    assert "password" not in info["store"]


def test_cli_bad_inputs_one_line_each_exit_1(db_url, tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Seoul protested to Tokyo on Monday.")
    (corpus / "empty.txt").write_text("")
    (corpus / "binary.txt").write_bytes(b"\x00\x01" * 100)
    (corpus / "latin1.txt").write_bytes("Caf\u00e9 talks.".encode("latin-1"))
    (corpus / "menu.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    (corpus / "wire.jsonl").write_text('{"text": "Moscow wrote off the debt."}\n{"text": 5}\n')
    with (corpus / "huge.txt").open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    result = run(db_url, "ingest", str(corpus))
    assert result.exit_code == 1
    failures = [line for line in result.output.splitlines() if line.startswith("failed:")]
    named = {line.split(": ", 2)[1].removeprefix(str(corpus) + "/") for line in failures}
    assert named == {"empty.txt", "binary.txt", "latin1.txt", "menu.html", "wire.jsonl:2", "huge.txt"}
    assert "2 new, 0 unchanged, 6 failed" in result.output
    assert json.loads(run(db_url, "info", "--json").output)["counts"]["documents"] == 2


def test_cli_errors_are_one_line(db_url, tmp_path):
    result = run(db_url, "documents", "show", "abcdef12")
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "no document with id" in result.output
    result = run(db_url, "ingest", "--date", "last week", str(tmp_path))
    assert result.exit_code == 1 and "YYYY-MM-DD" in result.output
    result = runner.invoke(app, ["--db", str(tmp_path / "no" / "x.db"), "info"])
    assert result.exit_code == 1 and "does not exist" in result.output


@pytest.fixture
def web_root(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    (root / "article.html").write_bytes(ARTICLE_HTML)
    handler = functools.partial(QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def test_cli_ingest_url_from_local_server(db_url, web_root):
    blocked = run(db_url, "ingest", f"{web_root}/article.html")
    assert blocked.exit_code == 1 and "--allow-private" in blocked.output
    fetched = run(db_url, "ingest", "--allow-private", f"{web_root}/article.html", f"{web_root}/gone.html")
    assert fetched.exit_code == 1
    assert "1 new, 0 unchanged, 1 failed" in fetched.output and "HTTP 404" in fetched.output
    (document,) = json.loads(run(db_url, "documents", "list", "--json").output)
    assert document["uri"] == f"{web_root}/article.html"
    assert document["title"] == "Moscow forgives Pyongyang's debt"


def test_cli_dead_url_is_a_failure(db_url):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run(db_url, "ingest", "--allow-private", f"http://127.0.0.1:{port}/a")
    assert result.exit_code == 1 and "could not be fetched" in result.output


def _diplomap_command() -> list[str]:
    return [sys.executable, "-c", "from diplomap.cli import main; main()"]


def _count_documents(db_url: str) -> int:
    from diplomap.store.repository import Store

    try:
        with Store.open(db_url) as store:
            return store.counts()["documents"]
    except Exception:  # the writer may hold a lock for a moment
        return 0


@pytest.mark.slow
@pytest.mark.model
def test_cli_killed_ingest_of_500_files_resumes_without_duplicates(db_url, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(500):
        (corpus / f"{number:04d}.txt").write_text(
            f"Report {number}\nBy Desk\nNorth Korea fired {number} missiles into the East Sea on Monday. "
            f"Seoul said Pyongyang would face sanctions, and Washington called talks number {number}.\n"
        )
    env = {**os.environ, "DIPLOMAP_DB": db_url, "DIPLOMAP_BATCH_SIZE": "16"}
    process = subprocess.Popen(
        [*_diplomap_command(), "ingest", str(corpus)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while _count_documents(db_url) < 50 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "ingest finished before it could be killed; make the corpus larger"
    process.send_signal(signal.SIGKILL)
    process.wait()
    stored = _count_documents(db_url)
    assert 50 <= stored < 500
    rerun = subprocess.run(
        [*_diplomap_command(), "ingest", str(corpus), "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads(rerun.stdout)
    assert report["unchanged"] == stored and report["new"] == 500 - stored
    from diplomap.store.repository import Store

    with Store.open(db_url) as store:
        counts = store.counts()
        assert counts["documents"] == 500 and counts["sentences"] == 1000
        assert counts["documents_not_annotated"] == 0
