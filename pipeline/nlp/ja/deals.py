"""Deal events from Japanese text: type from the deal word, roles from the case particles,
status from the words that follow the deal word (Japanese puts the predicate last).

Per sentence, each deal word (models/ja_deal_rules.json 'triggers') takes the firms named
between the previous deal word and itself. A firm's role comes from the particle after its
name: は/が/も/、 (the agent), を (the object), と (a partner), に/への (the recipient),
から (the source), による (the agent of a nominalised deal), の + 株 (whose shares), or the
firm written straight before the deal word (日産買収). Passives (買収される), 'receiving'
(出資を受け入れる) and 傘下に入る turn the roles around. Mentions of one deal across the
article are merged (same type, one party set inside the other), keeping the furthest status.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.nlp.ja.assets import JaDealRules
from pipeline.nlp.ja.names import JaMention
from pipeline.nlp.ja.text import Sentence
from pipeline.records import Amount

SYMMETRIC = ("merger", "partnership")
BRACKETED = re.compile(r"^[(（<＜][^)）>＞]{1,20}[)）>＞]")
AGENT_ROLE = {"acquisition": "acquirer", "investment": "investor", "divestment": "seller"}
OBJECT_ROLE = {"acquisition": "target", "investment": "target", "divestment": "target"}
MONEY_TYPES = ("acquisition", "investment", "divestment")


@dataclass(frozen=True)
class Trigger:
    type: str          # an event type, or "joiner"
    start: int
    end: int
    word: str


@dataclass
class RawEvent:
    type: str
    parties: dict[str, str]
    status: str | None
    evidence: str
    in_headline: bool
    amount: Amount | None = None
    statuses: list[tuple[str, str]] = field(default_factory=list)   # (status, evidence)
    strength: int = 0   # how many parties were placed by a case particle (not by と alone)
    words: set[str] = field(default_factory=set)   # the deal words it was read from


class JaDealReader:
    """Reads deal events from one article's sentences and mentions."""

    def __init__(self, rules: JaDealRules, titles: tuple[str, ...]):
        self.rules = rules
        self.roles = rules.roles
        self.titles = tuple(sorted(titles, key=len, reverse=True))
        words = {w: t for t, ws in rules.triggers.items() for w in ws}
        words.update({w: "joiner" for w in rules.joiners})
        self.trigger_type = words
        self.trigger_re = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
        self.not_parties = frozenset(self.roles.get("not_parties", ()))
        self.share_words = tuple(sorted(self.roles["share_words"], key=len, reverse=True))
        titles_re = "|".join(re.escape(t) for t in self.titles)
        self.speaker_re = re.compile(rf"[^、。はがをに]{{0,14}}?(?:{titles_re})(?:\(\d+\))?(?:は|が|も)")

    # --- sentences -----------------------------------------------------------------

    def find_triggers(self, text: str, sent: Sentence) -> list[Trigger]:
        found = []
        for m in self.trigger_re.finditer(sent.text):
            start, end = sent.start + m.start(), sent.start + m.end()
            if any(self._inside(text, start, end, phrase) for phrase in self.rules.trigger_not):
                continue
            found.append(Trigger(self.trigger_type[m.group(0)], start, end, m.group(0)))
        return found

    @staticmethod
    def _inside(text: str, start: int, end: int, phrase: str) -> bool:
        lo = max(0, start - len(phrase))
        window = text[lo:end + len(phrase)]
        at = window.find(phrase)
        while at != -1:
            if lo + at <= start and lo + at + len(phrase) >= end:
                return True
            at = window.find(phrase, at + 1)
        return False

    def party(self, m: JaMention) -> bool:
        return m.label == "ORG" and not m.media and m.name not in self.not_parties

    def particle_after(self, text: str, end: int) -> str:
        """The words after a name, past a title (社長), an age or a securities code ((57), <7201>)."""
        after = text[end:end + 40]
        for _ in range(3):
            before = after
            after = BRACKETED.sub("", after, count=1)
            for title in self.titles:
                if after.startswith(title):
                    after = after[len(title):]
                    break
            if after == before:
                break
        return after[:16]

    def classify(self, text: str, m: JaMention, trig: Trigger) -> str:
        """What the words after a name make it for the deal word that follows."""
        if m.end == trig.start:
            return "direct"
        after = self.particle_after(text, m.end)
        r = self.roles
        if after.startswith(tuple(r["by_particles"])):
            return "by"
        if after.startswith(self.share_words):
            return "shares"
        if after.startswith(tuple(r.get("owner_after", ()))):
            return "owner"
        if after.startswith(tuple(r.get("not_party_after", ()))):
            return "none"   # 日産の筆頭株主であるルノー: 日産 only describes ルノー
        if after.startswith("の"):
            rest = after[1:]
            if rest.startswith(self.share_words) or rest.startswith("保有"):
                return "shares"
            if self.speaker_re.match(rest):
                return "agent"   # 日産自動車のエスピノーサ社長は: the firm speaks through its officer
            return "direct" if m.end + 1 == trig.start else "gen"
        if after.startswith(tuple(r.get("not_party_after", ()))):
            return "none"
        for cls, key in (("src", "source_particles"), ("dat", "dative_particles"), ("obj", "object_particles"),
                         ("agent", "agent_particles"), ("with", "with_particles")):
            if after.startswith(tuple(sorted(r[key], key=len, reverse=True))):
                return cls
        return "other"

    # --- roles ---------------------------------------------------------------------

    def roles_for(self, trig: Trigger, reads: list[tuple[str, str]], after: str,
                  topic: str | None) -> dict[str, str]:
        kind = trig.type
        if kind in SYMMETRIC:
            inner = [n for n, cls in reads if cls in ("with", "gen", "direct")]
            skip = ("none", "owner", "agent") if len(inner) >= 2 else ("none", "owner")
            # 三菱自動車は、ホンダと日産の経営統合協議に合流: the deal noun has its own two sides,
            # and the sentence's subject belongs to the verb after it
            parties = {name: "partner" for name, cls in reads if cls not in skip}
            if topic and len(parties) == 1:
                parties.setdefault(topic, "partner")
            return parties
        agent_role, object_role = AGENT_ROLE[kind], OBJECT_ROLE[kind]
        r = self.roles
        passive = after.startswith(tuple(r["passive_after"]))
        receive = after.startswith(tuple(r["receive_after"]))
        enter = trig.word == "傘下" and after.startswith(tuple(r["enter_after"]))
        sale = kind == "acquisition" and trig.word in self.rules.triggers.get("divestment", ())
        flip = passive or receive or enter or sale   # 工場を鴻海に売却: the seller is the target
        has_object = any(cls in ("obj", "direct", "shares") for _n, cls in reads)
        table = any(cls in ("obj", "shares") for _n, cls in reads)   # a target named by を or 株
        from_stake = kind == "divestment" and trig.word not in self.rules.triggers.get("divestment", ())
        out: dict[str, str] = {}
        for name, cls in reads:
            if from_stake and cls == "dat":   # 日産への出資比率を引き下げ: 日産 is whose shares
                cls = "obj"
            role = self._role_of(kind, cls, flip, has_object, agent_role, object_role, table)
            if role and name not in out:
                out[name] = role
        if not flip and agent_role not in out.values() and topic and topic not in out:
            out[topic] = agent_role
        for name, cls in reads:   # a name the particles did not settle fills the empty side
            if cls == "other" and name not in out:
                out[name] = agent_role if agent_role not in out.values() else object_role
        if len(out) > 1 and len(set(out.values())) == 1:
            return {}   # 両社がその傘下に入る: no side to tell apart, so no such deal between them
        return out

    @staticmethod
    def _role_of(kind: str, cls: str, flip: bool, has_object: bool, agent_role: str, object_role: str,
                 table: bool = False) -> str | None:
        if cls == "owner":   # ルノーが保有する日産株: the holder sells, it does not buy
            return "seller" if kind == "divestment" else None
        if cls in ("none", "other"):
            return None
        if flip:   # 買収される / 出資を受け入れる / 傘下に入る: the subject is the target
            if cls in ("agent", "obj"):
                return object_role
            return agent_role if cls in ("dat", "by", "src", "gen", "direct") else None
        if cls in ("agent", "by"):
            return agent_role
        if cls == "src":
            return agent_role if kind == "investment" else object_role
        if cls == "dat":
            return "buyer" if kind == "divestment" else object_role
        if cls == "gen":
            return agent_role if has_object else object_role
        if cls == "with":   # ルノーと日産株の取得について交渉: with a target named, と is the other side at the table
            if kind == "divestment":
                return "buyer"
            return None if table else object_role
        return object_role   # obj, direct, shares

    def effective_type(self, trig: Trigger, reads: list[tuple[str, str]], after: str, sentence: str,
                       before: str = "") -> str | None:
        """The event type this deal word stands for here (None: no deal).

        取得/買い取 need a firm's shares (マツダ株を取得) and mean control with 全株/子会社;
        an investment word whose stake goes down (出資比率を引き下げ) is a divestment."""
        kind = trig.type
        if trig.word in self.rules.needs_shares:
            if self.assets_bought(reads, before):
                return "acquisition"   # タイヤ事業をグッドイヤーから取得: the seller's assets
            if not any(cls == "shares" for _n, cls in reads):
                return None
            kind = "acquisition" if any(w in sentence for w in self.rules.control_words) else "investment"
        if kind == "investment" and any(w in after for w in self.rules.to_divestment):
            return "divestment"
        if kind == "divestment" and trig.word in self.rules.triggers["divestment"] and self.asset_sale(reads, before):
            return "acquisition"
        return kind

    def assets_bought(self, reads: list[tuple[str, str]], before: str) -> bool:
        """A business, plant or brand bought from a named firm (X から … 事業を取得)."""
        return (any(cls == "src" for _n, cls in reads)
                and before.rstrip().endswith(tuple(f"{w}を" for w in self.rules.asset_words)))

    def asset_sale(self, reads: list[tuple[str, str]], before: str) -> bool:
        """工場を鴻海に売却: a buyer, and no firm or shares (合弁会社株の一部を) being sold."""
        classes = {cls for _n, cls in reads}
        return ("dat" in classes and not classes & {"shares", "obj", "direct", "gen", "owner"}
                and not any(w in before for w in self.share_words))

    # --- status --------------------------------------------------------------------

    def blank_neutral(self, text: str) -> str:
        for phrase in self.rules.neutral:
            text = text.replace(phrase, " " * len(phrase))
        return text

    def status_in(self, words: str) -> str | None:
        for status, cues in self.rules.status_rules:
            if any(cue in words for cue in cues):
                return status
        return None

    def status_for(self, after: str, before: str, rest: str) -> str | None:
        """The first status cue after the deal word (up to the next one); else any cue in the rest
        of the sentence (a later 報道によると/求める frames it); else the bare verb form
        (買収した: completed, 出資する: agreed); else the words before it."""
        if after.startswith(self.rules.done_announced):
            return "completed"
        if before.rstrip().endswith(self.rules.hostile_marks):   # 同意なきTOB, 敵対的買収: a bid made, not agreed
            found = self.status_in(after) or self.status_in(rest)
            return found if found in ("completed", "collapsed", "denied") else "proposed"
        found = self.status_in(after) or self.status_in(rest)
        if found:
            return found
        bare = after.lstrip("をにへがで")
        for status, cues in self.rules.default_after:
            if bare.startswith(cues) or after.startswith(cues):
                return status
        return self.status_in(before)
