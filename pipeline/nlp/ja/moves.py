"""Share-price moves in Japanese text: 日産株が一時10%上昇, ホンダ株は3%安, ストップ高.

A sentence counts when it speaks of shares (models/ja_moves_rules.json 'stock_words', or a
percentage followed by 高/安). Each firm whose shares are named (日産株, 日産の株価) reads
the words from its name to the next such firm; failing one, the sentence's subject firm
(は/が) does. The direction is the first cue there (10%高, 上昇, ストップ安 ...); words that
move something else (円安, 販売台数, 出資比率を引き上げ) between the firm and the cue void it.
"""
from __future__ import annotations

import re

from pipeline.nlp.ja.assets import JaMoveRules
from pipeline.nlp.ja.names import JaMention
from pipeline.nlp.ja.text import Sentence
from pipeline.records import MarketMove

PCT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|パーセント)(?:\s*[(（][^)）]{0,12}[)）])?")
SHARE_AFTER = ("株", "の株価", "の株", "株価", "の終値", "の株式")
CODE = re.compile(r"^[(（<＜][^)）>＞]{1,12}[)）>＞]")
SUBJECT_AFTER = ("は", "が", "も", "、")
NOT_MOVERS = frozenset({"Tokyo Stock Exchange", "Japan", "Taiwan", "France", "China"})


class JaMoveReader:
    def __init__(self, rules: JaMoveRules):
        self.rules = rules
        self.pct_up = tuple(sorted(rules.pct_up_suffix, key=len, reverse=True))
        self.pct_down = tuple(sorted(rules.pct_down_suffix, key=len, reverse=True))

    def is_stock_sentence(self, words: str) -> bool:
        if any(w in words for w in self.rules.stock_words):
            return True
        return any(words.startswith(self.pct_up + self.pct_down, m.end()) for m in PCT.finditer(words))

    def direction_in(self, seg: str) -> tuple[str, float | None, int] | None:
        """(direction, pct, position) of the first cue in `seg`, or None."""
        hits = []
        for m in PCT.finditer(seg):
            if seg.startswith(self.pct_up, m.end()):
                hits.append((m.start(), "up", float(m.group(1))))
            elif seg.startswith(self.pct_down, m.end()):
                hits.append((m.start(), "down", float(m.group(1))))
        for direction, cues in (("up", self.rules.up), ("down", self.rules.down)):
            for cue in cues:
                at = seg.find(cue)
                if at != -1:
                    hits.append((at, direction, None))
        if not hits:
            return None
        pos, direction, pct = min(hits, key=lambda h: (h[0], h[2] is None))
        if pct is None:   # 下落し、終値は1.2%安: the same direction's percentage later on
            later = [h[2] for h in sorted(hits) if h[1] == direction and h[2] is not None]
            near = [m for m in PCT.finditer(seg) if abs(m.end() - pos) <= 12]
            pct = later[0] if later else float(near[0].group(1)) if near else None
        return direction, pct, pos

    @staticmethod
    def after(text: str, end: int) -> str:
        """The words after a firm's name, past a securities code (日産自動車<7201>株)."""
        return CODE.sub("", text[end:end + 24], count=1)

    def clean(self, seg: str) -> bool:
        return not any(w in seg for w in self.rules.not_moves)

    def sentence_moves(self, text: str, sent: Sentence, firms: list[JaMention]) -> list[MarketMove]:
        if not self.is_stock_sentence(sent.text):
            return []
        movers = [m for m in firms if self.after(text, m.end).startswith(SHARE_AFTER)]
        if not movers:
            movers = [m for m in firms if self.after(text, m.end).startswith(SUBJECT_AFTER)][:1]
        out = []
        for i, m in enumerate(movers):
            stop = movers[i + 1].start if i + 1 < len(movers) else sent.end
            seg = text[m.end:stop]
            found = self.direction_in(seg)
            if found is None or not self.clean(seg[:found[2]]):
                continue
            direction, pct, _pos = found
            out.append(MarketMove(m.name, direction, pct, sent.text))
        return out


def read_moves(text: str, sentences: list[Sentence], mentions: list[JaMention],
               reader: JaMoveReader) -> tuple[MarketMove, ...]:
    """One move per (firm, direction) in the article, from its first report."""
    firms = [m for m in mentions if m.label == "ORG" and not m.media and m.name not in NOT_MOVERS]
    seen: dict[tuple[str, str], MarketMove] = {}
    for sent in sentences:
        inside = [m for m in firms if sent.start <= m.start and m.end <= sent.end]
        for move in reader.sentence_moves(text, sent, inside):
            key = (move.entity, move.direction)
            if key not in seen or (seen[key].pct is None and move.pct is not None):
                seen[key] = move
    return tuple(seen.values())
