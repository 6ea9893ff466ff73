"""Following a story of one's own: [story] in newsmon.toml, entity files layered over the built-in
knowledge base (user entries win), alias folding, validation naming file/line/field, and
`newsmon entities list|check|resolve`. The no-[story] default is the built-in story unchanged."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.config import load_settings
from pipeline.errors import ConfigError, StoryFileError
from pipeline.nlp import extraction_to_dict, load_extractor
from pipeline.nlp.extractor import DEFAULT_MODELS_DIR
from pipeline.nlp.kb import load_kb
from pipeline.nlp.kb_lookup import resolve_text
from pipeline.records import ExtractInput

REPO = Path(__file__).resolve().parents[1]


def write_entities(path: Path, *rows) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def write_config(tmp_path: Path, story: str) -> str:
    path = tmp_path / "newsmon.toml"
    path.write_text(f"[warehouse]\npath = \"{tmp_path / 'w.duckdb'}\"\n\n{story}", encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def kaito_extractor(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kaito")
    path = write_entities(folder / "my_story" / "entities.jsonl",
                          {"name": "Kaito Works", "label": "ORG", "aliases": ["KW"]},
                          {"name": "Nissan", "label": "ORG", "aliases": ["Nissan Jidosha"], "kb_id": "Q20165"})
    return load_extractor(entity_files=(path,))


def names(extractor, text: str) -> set[str]:
    return {e["name"] for e in extraction_to_dict(extractor.extract(ExtractInput(doc_id="t", text=text)))["entities"]}


def test_an_alias_always_folds_into_the_canonical_name(kaito_extractor):
    found = names(kaito_extractor, "KW said on Monday it would build a plant in Ohio. KW shares rose 4 percent.")
    assert "Kaito Works" in found and "KW" not in found


def test_a_user_entry_replaces_the_built_in_entry_of_that_name(kaito_extractor):
    found = names(kaito_extractor, "Nissan Jidosha said on Monday that sales fell in Japan.")
    assert "Nissan" in found and "Nissan Jidosha" not in found


def test_layering_user_wins_and_takes_over_built_in_forms(tmp_path):
    first = write_entities(tmp_path / "a.jsonl", {"name": "Hon Hai Group", "label": "ORG", "aliases": ["Hon Hai"]},
                           {"name": "Kaito Works", "label": "ORG", "aliases": ["Kaito"]})
    second = write_entities(tmp_path / "b.jsonl", {"name": "Kaito Works", "label": "ORG", "aliases": ["KWX"]})
    kb = load_kb(DEFAULT_MODELS_DIR, (first, second))
    assert kb.forms["Hon Hai"] == "Hon Hai Group"                  # taken from the built-in Foxconn
    assert "Hon Hai" not in kb.entries["Foxconn"].aliases
    assert kb.entries["Kaito Works"].aliases == ("KWX",)          # the later file wins
    assert "Kaito" not in kb.forms
    assert kb.entries["Kaito Works"].origin == f"{second}:1" and kb.entries["Kaito Works"].source == "user"


def test_without_a_story_the_built_in_knowledge_base_is_unchanged(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSMON_CONFIG", raising=False)
    settings = load_settings()
    assert settings.story.name == "" and settings.entity_files == () and settings.story.watch == ()
    repo_settings = load_settings(str(REPO / "newsmon.toml"))
    assert repo_settings.entity_files == ()
    kb = load_kb(DEFAULT_MODELS_DIR)
    assert {e.source for e in kb.entries.values()} == {"story", "common", "listed"}
    assert kb.forms["Nissan Motor"] == "Nissan" and kb.context_aliases["Mitsubishi"]["default"] == "Mitsubishi Motors"


def test_story_paths_are_relative_to_the_config_file(tmp_path, monkeypatch):
    write_entities(tmp_path / "steel" / "entities.jsonl", {"name": "Kaito Works", "label": "ORG"})
    config = write_config(tmp_path, '[story]\nname = "Kaito"\nentities = ["steel/entities.jsonl"]\nwatch = ["Kaito Works"]\n')
    monkeypatch.chdir(REPO)
    settings = load_settings(config)
    assert settings.entity_files == (tmp_path / "steel" / "entities.jsonl",)
    assert settings.story.watch == ("Kaito Works",) and settings.story.name == "Kaito"
    assert settings.digest.title == "newsmon digest: Kaito"       # unless [digest] title says otherwise


def test_alerts_watch_the_story_entities_unless_told_otherwise(tmp_path):
    from pipeline.alerts import watched_entities

    write_entities(tmp_path / "e.jsonl", {"name": "Kaito Works", "label": "ORG"})
    story = '[story]\nname = "K"\nentities = ["e.jsonl"]\nwatch = ["Kaito Works"]\n'
    assert watched_entities(load_settings(write_config(tmp_path, story))) == ("Kaito Works",)
    told = story + '[digest.alerts]\nwatch = ["Nissan"]\n'
    assert watched_entities(load_settings(write_config(tmp_path, told))) == ("Nissan",)


def test_watch_takes_aliases_and_rejects_unknown_names(tmp_path):
    write_entities(tmp_path / "e.jsonl", {"name": "Kaito Works", "label": "ORG", "aliases": ["KW"]})
    story = '[story]\nname = "K"\nentities = ["e.jsonl"]\nwatch = ["KW", "nissan motor", "Kaito Works"]\n'
    assert load_settings(write_config(tmp_path, story)).story.watch == ("Kaito Works", "Nissan")
    typo = '[story]\nname = "K"\nentities = ["e.jsonl"]\nwatch = ["Kaito Wroks"]\n'
    with pytest.raises(ConfigError, match="story.watch': unknown entity 'Kaito Wroks'.*nearest: Kaito Works"):
        load_settings(write_config(tmp_path, typo))


@pytest.mark.parametrize("story, message", [
    ('[story]\nentities = ["x.jsonl"]\n', "story.name' is required"),
    ('[story]\nname = "S"\nentities = ["missing.jsonl"]\n', "file not found"),
    ('[story]\nname = "S"\nfeeds = 3\n', "unknown config key 'story.feeds'"),
    ('[story]\nname = "S"\nwatch = "Nissan"\n', "'story.watch' must be a list"),
])
def test_story_section_errors_name_the_key(tmp_path, story, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(write_config(tmp_path, story))


@pytest.mark.parametrize("row, where", [
    ('{"name": "A", "label": "ORG", "aliases": ["x"', ":2: not valid JSON"),
    ({"name": "A", "label": "COMPANY"}, ":2: field 'label'"),
    ({"name": "", "label": "ORG"}, ":2: field 'name'"),
    ({"name": "A", "label": "ORG", "aliases": "A Corp"}, ":2: field 'aliases'"),
    ({"name": "A", "label": "ORG", "alias": ["A Corp"]}, ":2: unknown field 'alias'"),
    ({"name": "A", "label": "ORG", "kb_id": "wikidata:1"}, ":2: field 'kb_id'"),
    ({"name": "A", "label": "ORG", "tickers": ["KW"]}, ":2: field 'tickers': 'KW' already belongs to 'Kaito Works'"),
])
def test_a_bad_story_line_names_file_line_and_field(tmp_path, row, where):
    path = write_entities(tmp_path / "e.jsonl", {"name": "Kaito Works", "label": "ORG", "aliases": ["KW"]}, row)
    with pytest.raises(StoryFileError) as exc:
        load_kb(DEFAULT_MODELS_DIR, (path,))
    assert f"{path}{where}" in str(exc.value)


def test_a_bad_story_file_is_a_usage_error_exit_2_without_traceback(tmp_path, capsys):
    write_entities(tmp_path / "e.jsonl", {"name": "Kaito Works", "label": "ORG", "aliases": "KW"})
    config = write_config(tmp_path, '[story]\nname = "Kaito"\nentities = ["e.jsonl"]\n')
    assert main(["entities", "list", "--config", config]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'e.jsonl'}:1: field 'aliases'" in err and "Traceback" not in err and len(err.splitlines()) == 1
    assert main(["entities", "check", str(tmp_path / "e.jsonl")]) == 2
    capsys.readouterr()
    assert main(["sql", "SELECT 1", "--config", config]) == 2      # checked when the config loads, for any command
    assert "field 'aliases'" in capsys.readouterr().err


def test_entities_list_shows_where_each_entry_comes_from(tmp_path, capsys):
    write_entities(tmp_path / "e.jsonl", {"name": "Kaito Works", "label": "ORG", "aliases": ["KW"]})
    config = write_config(tmp_path, '[story]\nname = "Kaito"\nentities = ["e.jsonl"]\n')
    assert main(["entities", "list", "--config", config, "--format", "jsonl"]) == 0
    rows = {r["name"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert rows["Kaito Works"]["source"] == "user" and rows["Kaito Works"]["origin"] == f"{tmp_path / 'e.jsonl'}:1"
    assert rows["Nissan"]["origin"].startswith("models/entities.jsonl:")
    assert rows["Nippon Steel"]["source"] == "common" and len(rows) > 1500


def test_entities_check_reports_what_a_file_overrides(tmp_path, capsys):
    path = write_entities(tmp_path / "e.jsonl", {"name": "Nissan", "label": "ORG"},
                          {"name": "Kaito Works", "label": "ORG", "aliases": ["Honda Motor"], "tickers": ["X"]})
    assert main(["entities", "check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "2 entries, valid" in out and "replaces built-in entries: Nissan" in out and "Honda Motor (from Honda)" in out
    assert "warning: one or two letters match ordinary text: X" in out


@pytest.mark.parametrize("text, name, why", [
    ("Nissan Motor", "Nissan", "alias 'Nissan Motor' of 'Nissan'"),
    ("nissan motor co., ltd.", "Nissan", "ignoring case"),
    ("NSANY", "Nissan", "ticker 'NSANY'"),
    ("Mitsubishi", "Mitsubishi Motors", "ambiguous short name"),
    ("Abbott Laboratories", "Abbott Laboratories", "canonical name"),
])
def test_entities_resolve_says_which_entity_and_why(capsys, text, name, why):
    assert main(["entities", "resolve", text]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == name and why in out[1]


def test_entities_resolve_an_unknown_name_suggests_the_nearest(capsys):
    assert main(["entities", "resolve", "Nisan"]) == 1
    assert "Nisan: not in the knowledge base; nearest: Nissan" in capsys.readouterr().out


def test_resolution_without_spacy_matches_the_extractor_on_user_aliases(tmp_path):
    path = write_entities(tmp_path / "e.jsonl", {"name": "Kaito Works", "label": "ORG", "aliases": ["KW"]})
    res = resolve_text(load_kb(DEFAULT_MODELS_DIR, (path,)), "kw")
    assert res.name == "Kaito Works" and "user" in res.how


def test_the_digest_puts_the_watched_entities_first(tmp_path):
    from datetime import datetime, timezone

    from pipeline.config import WarehouseSettings
    from pipeline.digest.gather import EPOCH, gather_digest
    from pipeline.store import warehouse_session
    from tests.warehouse_builder import article, day, deal, extraction, write_stories

    settings = WarehouseSettings(path=str(tmp_path / "w.duckdb"))
    big = [(article(f"h{k}", day(k), text=f"Honda Nissan merger collapsed {k}"),
            extraction(f"h{k}", {"Honda": 3, "Nissan": 3},
                       [deal("merger", "collapsed", ("Honda", "partner"), ("Nissan", "partner"))])) for k in range(5)]
    small = [(article("k1", day(3), text="Kaito Works and Nissan talk"),
              extraction("k1", {"Kaito Works": 1, "Nissan": 1},
                         [deal("partnership", "talks", ("Kaito Works", "partner"), ("Nissan", "partner"))]))]
    write_stories(settings, big + small)
    now = datetime.now(timezone.utc)
    with warehouse_session(settings) as con:
        plain = gather_digest(con, EPOCH, now, limit=1)
        centred = gather_digest(con, EPOCH, now, limit=1, watch=("Kaito Works",))
    assert plain.deal_changes[0].participants == ("Honda", "Nissan")
    assert centred.deal_changes[0].participants == ("Kaito Works", "Nissan")
