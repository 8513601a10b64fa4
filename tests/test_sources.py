from diplomap.ingest.sources import Source, expand_sources, read_source


def make_tree(root):
    (root / "a").mkdir()
    (root / "a" / "b").mkdir()
    (root / ".hidden").mkdir()
    for name in (
        "one.txt",
        "a/two.md",
        "a/b/three.html",
        "a/b/wire.jsonl",
        "a/notes.csv",
        ".hidden/secret.txt",
        ".dotfile.txt",
        "a/b/skip_me.txt",
    ):
        (root / name).write_text("x")


def test_sources_folder_recursive_sorted_known_extensions_no_hidden(tmp_path):
    make_tree(tmp_path)
    found = [s.location for s in expand_sources([str(tmp_path)])]
    assert [f.removeprefix(str(tmp_path) + "/") for f in found] == [
        "a/b/skip_me.txt",
        "a/b/three.html",
        "a/b/wire.jsonl",
        "a/two.md",
        "one.txt",
    ]


def test_sources_include_and_exclude_globs(tmp_path):
    make_tree(tmp_path)
    found = expand_sources([str(tmp_path)], include=["*.txt", "*.csv"], exclude=["a/b/*"])
    assert sorted(s.location.removeprefix(str(tmp_path) + "/") for s in found) == ["a/notes.csv", "one.txt"]


def test_sources_missing_path_is_an_error_source(tmp_path):
    (source,) = expand_sources([str(tmp_path / "nope.txt")])
    (error,) = read_source(source, max_bytes=100, timeout=1)
    assert "no such file, folder or URL" in str(error)
    assert str(error).startswith(str(tmp_path / "nope.txt"))


def test_sources_urls_pass_through():
    assert list(expand_sources(["https://example.org/a"])) == [Source("https://example.org/a", is_url=True)]


def test_sources_oversized_file_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    (error,) = read_source(Source(str(big)), max_bytes=20 * 1024 * 1024, timeout=1)
    assert "200.0 MB is over the 20.0 MB limit" in str(error)


def test_sources_unreadable_file_is_an_error(tmp_path):
    folder = tmp_path / "dir.txt"
    folder.mkdir()
    (error,) = read_source(Source(str(folder)), max_bytes=10**6, timeout=1)
    assert "cannot be read" in str(error)
