import re

import pytest

from diplomap.errors import ConfigError
from diplomap.settings import SETTINGS, load_settings
from tests.conftest import REPO


def test_settings_defaults():
    settings = load_settings(environ={})
    assert settings.db == "./diplomap.db"
    assert settings.model == "auto"
    assert settings.max_document_bytes == 20 * 1024 * 1024


def test_settings_env_beats_file_and_override_beats_env(tmp_path):
    (tmp_path / "diplomap.toml").write_text('[diplomap]\ndb = "file.db"\nbatch_size = 8\n')
    settings = load_settings(environ={"DIPLOMAP_DB": "env.db"})
    assert (settings.db, settings.batch_size) == ("env.db", 8)
    assert load_settings(environ={"DIPLOMAP_DB": "env.db"}, db="flag.db").db == "flag.db"


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"DIPLOMAP_BATCH_SIZE": "0"}, "DIPLOMAP_BATCH_SIZE='0' is not valid for batch_size"),
        ({"DIPLOMAP_FETCH_TIMEOUT": "soon"}, "fetch_timeout"),
        ({"DIPLOMAP_CONFIG": "missing.toml"}, "does not exist"),
    ],
)
def test_settings_bad_values_say_which(environ, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_settings(environ=environ)


def test_settings_bad_config_file(tmp_path):
    (tmp_path / "diplomap.toml").write_text("[diplomap]\ncolour = 'red'\n")
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        load_settings(environ={})
    (tmp_path / "diplomap.toml").write_text("[diplomap\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(environ={})


def test_settings_every_setting_is_documented_in_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [s.env for s in SETTINGS if s.env not in readme]
    assert not missing, f"document these settings in README.md: {missing}"
