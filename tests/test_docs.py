"""Claims in the README stay true: its commands exist and the public API is what we mean."""

import re

import pytest
from typer.testing import CliRunner

import diplomap
from diplomap.cli import app
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _readme_commands() -> list[list[str]]:
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", README, re.DOTALL):
        for line in block.splitlines():
            if line.startswith("diplomap "):
                words = line.split("#")[0].split()[1:]
                commands.append([w for w in words if re.fullmatch(r"[a-z]+", w)][:2])
    return commands


@pytest.mark.parametrize("words", _readme_commands(), ids=" ".join)
def test_docs_readme_commands_exist(words):
    result = CliRunner().invoke(app, [*words, "--help"])
    assert result.exit_code == 0, result.output


def test_docs_readme_lists_make_targets():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test", "bench", "lint"):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE)
        assert f"make {target}" in README


def test_docs_public_api_is_explicit():
    assert sorted(diplomap.__all__) == [
        "DiplomapError",
        "IngestReport",
        "Settings",
        "Store",
        "__version__",
        "load_settings",
    ]
    for name in diplomap.__all__:
        assert getattr(diplomap, name) is not None
