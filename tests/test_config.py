"""Configuration: defaults, unknown keys and wrong types are errors naming the key."""
from __future__ import annotations

import pytest

from pipeline.cli import main
from pipeline.config import load_settings
from pipeline.errors import ConfigError


def _write(tmp_path, text):
    path = tmp_path / "newsmon.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_defaults_without_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSMON_CONFIG", raising=False)
    monkeypatch.delenv("NEWSMON_DB", raising=False)
    settings = load_settings()
    assert settings.warehouse.path == "data/newsmon.duckdb"
    assert settings.fetch.per_host_concurrency == 2
    assert settings.feeds == ()


def test_unknown_key_is_named(tmp_path):
    with pytest.raises(ConfigError, match="fetch.timeout_seconds"):
        load_settings(_write(tmp_path, "[fetch]\ntimeout_seconds = 3\n"))


def test_wrong_type_is_named(tmp_path):
    with pytest.raises(ConfigError, match="fetch.per_host_concurrency"):
        load_settings(_write(tmp_path, '[fetch]\nper_host_concurrency = "two"\n'))


def test_db_option_beats_env_beats_file(tmp_path, monkeypatch):
    path = _write(tmp_path, '[warehouse]\npath = "from-file.duckdb"\n')
    assert load_settings(path).warehouse.path == "from-file.duckdb"
    monkeypatch.setenv("NEWSMON_DB", "from-env.duckdb")
    assert load_settings(path).warehouse.path == "from-env.duckdb"
    assert load_settings(path, "from-flag.duckdb").warehouse.path == "from-flag.duckdb"


def test_shipped_newsmon_toml_is_valid():
    from tests.conftest import REPO

    settings = load_settings(str(REPO / "newsmon.toml"))
    assert len(settings.feeds) >= 8
    assert all(f.url.startswith("https://") for f in settings.feeds)


def test_cli_config_error_exits_2_with_one_line(tmp_path, capsys):
    code = main(["init", "--config", _write(tmp_path, "[nope]\n"), "--db", str(tmp_path / "w.duckdb")])
    err = capsys.readouterr().err
    assert code == 2
    assert "unknown config key 'nope'" in err
    assert len(err.strip().splitlines()) == 1
