"""Every command documents itself: `newsmon COMMAND --help` works and says what it does."""
from __future__ import annotations

import pytest

from pipeline.cli import build_parser, main


def _commands():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert f"newsmon {command}" in out
    assert len(out.splitlines()) > 3


def test_contract_commands_exist():
    assert {"init", "ingest", "extract", "sql", "digest", "feeds", "demo"} <= set(_commands())
