"""The Japanese pipeline: routing by language, GiNZA loaded only for Japanese text, KB names
folded into canonical entities, roles from the case particles, amounts, moves, bad assets."""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import ModelAssetError
from pipeline.nlp import run_extract_jsonl
from pipeline.nlp.ja.amounts import find_ja_amounts
from pipeline.nlp.router import route_language, script_language
from pipeline.records import ExtractInput

ROOT = Path(__file__).resolve().parents[1]


def extract_ja(extractor, text: str, title: str | None = None):
    return extractor.extract(ExtractInput("t", text, title=title))


def roles(ex, kind: str) -> dict[str, str]:
    [event] = [e for e in ex.events if e.type == kind]
    return {p.name: p.role for p in event.participants}


def test_kana_text_is_japanese_and_the_input_lang_field_wins():
    assert script_language("ホンダと日産、経営統合へ") == "ja"
    assert script_language("Nissan (日産) shares rose 5% on Monday after the report on the talks") is None
    assert script_language("鸿海精密工业今日宣布收购计划") is None   # Chinese has no kana
    assert route_language(ExtractInput("a", "Nissan and Honda", lang="ja")) == "ja"
    assert route_language(ExtractInput("a", "ホンダと日産、経営統合へ", lang="en")) == "en"
    assert route_language(ExtractInput("a", "ホンダと日産、経営統合へ", lang="ja-JP")) == "ja"
    assert route_language(ExtractInput("a", "ホンダと日産、経営統合へ")) == "ja"


def test_yen_dollar_and_euro_amounts_are_normalised():
    found = find_ja_amounts("総額1兆2000億円、約800億円、30億ドル、100万ユーロ、3.5兆円")
    assert [(a.value, a.currency) for a in found] == [
        (1.2e12, "JPY"), (8e10, "JPY"), (3e9, "USD"), (1e6, "EUR"), (3.5e12, "JPY")]


def test_english_only_run_never_loads_ginza():
    # spaCy imports the ginza/sudachipy modules for their registered factories (about 10 ms);
    # the model, its vectors and the Sudachi dictionary are what must stay unloaded
    code = ("import sys\n"
            "from pipeline.nlp import load_extractor\n"
            "from pipeline.records import ExtractInput\n"
            "ex = load_extractor().extract(ExtractInput('a', 'Honda and Nissan agreed to merge.'))\n"
            "assert ex.events, ex\n"
            "from pipeline.nlp.ja.extractor import ginza_loaded\n"
            "print('ja_ginza' in sys.modules, 'sudachidict_core' in sys.modules, ginza_loaded())\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["False", "False", "False"]


def test_one_extract_run_handles_english_and_japanese_lines_in_order(extractor):
    lines = [
        json.dumps({"id": "en1", "text": "Honda and Nissan agreed to merge, the companies said."}),
        json.dumps({"id": "ja1", "title": "ホンダと日産、経営統合へ協議入り",
                    "text": "ホンダと日産自動車は経営統合に向けた協議を始めると発表した。"}, ensure_ascii=False),
        "not json",
        json.dumps({"id": "ja-as-en", "lang": "en", "text": "ホンダと日産自動車は経営統合に向けた協議を始めると発表した。"},
                   ensure_ascii=False),
    ]
    out = io.StringIO()
    assert run_extract_jsonl(lines, out, extractor) == 4
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r.get("id") for r in rows] == ["en1", "ja1", None, "ja-as-en"]
    assert rows[0]["events"][0]["type"] == "merger"
    ja = rows[1]
    assert {e["name"]: e["kb_id"] for e in ja["entities"]}["Nissan"] == "Q20165"
    [event] = ja["events"]
    assert (event["type"], event["status"]) == ("merger", "talks")
    assert {p["name"] for p in event["participants"]} == {"Honda", "Nissan"}
    assert rows[3]["events"] == []   # told it is English: the English pipeline reads no deal in it


def test_japanese_names_fold_into_the_canonical_entities(extractor):
    ex = extract_ja(extractor, "日産自動車の内田社長とホンダの三部敏宏社長が会談した。台湾の鴻海精密工業(ホンハイ)"
                               "や仏ルノー、三菱自動車、三菱商事も注目する。日産化学は関係がない。")
    names = {e.name: e.count for e in ex.entities}
    for name in ("Nissan", "Honda", "Foxconn", "Renault", "Mitsubishi Motors", "Mitsubishi Corporation",
                 "Makoto Uchida", "Toshihiro Mibe"):
        assert name in names, names
    assert names["Foxconn"] == 2
    assert "日産化学" in names and names["Nissan"] == 1   # another firm, not Nissan


@pytest.mark.parametrize("text,kind,expected", [
    ("ホンダによる日産自動車の買収が検討されている。", "acquisition", {"Honda": "acquirer", "Nissan": "target"}),
    ("鴻海精密工業は日産への出資を検討している。", "investment", {"Foxconn": "investor", "Nissan": "target"}),
    ("日産自動車は鴻海精密工業から出資を受け入れることで合意した。", "investment",
     {"Foxconn": "investor", "Nissan": "target"}),
    ("三菱自動車は日産自動車の傘下に入ることで合意した。", "acquisition",
     {"Nissan": "acquirer", "Mitsubishi Motors": "target"}),
    ("部品メーカーの北斗精機は、トヨタ自動車に買収されることで合意した。", "acquisition",
     {"Toyota": "acquirer", "北斗精機": "target"}),
    ("ルノーは保有する日産株の一部をホンダに売却することで合意した。", "divestment",
     {"Renault": "seller", "Nissan": "target", "Honda": "buyer"}),
    ("鴻海精密工業は、日産自動車の筆頭株主である仏ルノーと日産株の取得について交渉した。", "investment",
     {"Foxconn": "investor", "Nissan": "target"}),
    ("シャープは液晶パネル工場を鴻海精密工業に売却することで合意した。", "acquisition",
     {"Foxconn": "acquirer", "Sharp": "target"}),
    ("ソニーグループとホンダは合弁会社を設立することで合意した。", "partnership",
     {"Sony Group": "partner", "Honda": "partner"}),
])
def test_roles_come_from_the_case_particles(extractor, text, kind, expected):
    assert roles(extract_ja(extractor, text), kind) == expected


@pytest.mark.parametrize("text,status", [
    ("ホンダと日産自動車は経営統合を検討している。", "proposed"),
    ("ホンダと日産自動車は経営統合に向けた基本合意書を締結した。", "talks"),
    ("ホンダと日産自動車は経営統合で最終合意した。", "agreed"),
    ("ホンダと日産自動車の経営統合が完了した。", "completed"),
    ("ホンダと日産自動車は経営統合に向けた協議を打ち切った。", "collapsed"),
    ("日産自動車はホンダとの経営統合の報道を否定した。", "denied"),
    ("ホンダと日産自動車が経営統合へ交渉していると伝えられた。両社は「決定した事実はない」とコメントした。", "talks"),
])
def test_status_follows_the_words_after_the_deal_word(extractor, text, status):
    [event] = extract_ja(extractor, text).events
    assert event.status == status


def test_share_moves_up_down_and_not_sales_or_the_yen(extractor):
    ex = extract_ja(extractor, "日産自動車株が一時前日比10%上昇し、ストップ高となった。ホンダ株は3%安だった。"
                               "円安が進み、トヨタ自動車の販売台数は5%上昇した。")
    moves = {(m.entity, m.direction): m.pct for m in ex.market_moves}
    assert moves == {("Nissan", "up"): 10.0, ("Honda", "down"): 3.0}


def test_a_broken_japanese_rule_file_names_itself(tmp_path):
    from pipeline.nlp.ja.assets import load_ja_rules
    from pipeline.nlp.ja.extractor import JaExtractor

    models = tmp_path / "models"
    shutil.copytree(ROOT / "models", models)
    rules = json.loads((models / "ja_deal_rules.json").read_text(encoding="utf-8"))
    rules["status_rules"][0][0] = "maybe"
    (models / "ja_deal_rules.json").write_text(json.dumps(rules, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ModelAssetError, match="E162 .*ja_deal_rules.json"):
        load_ja_rules(str(models))
    shutil.copy(ROOT / "models" / "ja_deal_rules.json", models / "ja_deal_rules.json")
    names = json.loads((models / "ja_entities.json").read_text(encoding="utf-8"))
    names["aliases"]["Nisan"] = ["日産"]
    (models / "ja_entities.json").write_text(json.dumps(names, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ModelAssetError, match="E166 .*Nisan"):
        JaExtractor(models)


def test_without_the_japanese_model_japanese_articles_fail_and_english_ones_go_on(extractor, monkeypatch):
    from pipeline.nlp.ja import extractor as ja_module

    monkeypatch.setattr(ja_module, "_GINZA", None)
    monkeypatch.setattr(ja_module, "GINZA_PACKAGE", "ja_ginza_not_installed")
    out = list(extractor.extract_many([ExtractInput("en", "Honda and Nissan agreed to merge."),
                                       ExtractInput("ja", "ホンダと日産自動車は経営統合で合意した。")]))
    assert out[0].error is None and out[0].events
    assert out[1].error is not None and "E165" in out[1].error
