"""Deal status from a trained model: the rules' reading plus the words that govern each mention.

`choose_status` (pipeline.nlp.article_status) reads a deal's status along its lifecycle from
cue words. On wire copy that reading is right about four times in five; the misses are
systematic (a headline "X to buy Y" is an agreement, "X buys Y" in a headline is often only
agreed, a bid that a target "received" is still proposed, "early termination of the waiting
period" is no collapse). This module describes each event by the rules' status, the status of
every mention (headline, lede, background), the tense and modality of each trigger's verb and
the words around it; a multinomial logistic regression trained on real news we labelled
(recipe: `python -m pipeline.nlp.train_status`) turns that into a status
(`pipeline.nlp.choice_model`: the rules' status stays unless the model is surer of another one
by its margin). Shipped as JSON weights in models/event_status.json. Without the file the
rules' status stands.
"""
from __future__ import annotations

from pathlib import Path

from spacy.tokens import Doc, Token

from pipeline.nlp.choice_model import LinearChoice, load_choice_model
from pipeline.nlp.article_status import is_background
from pipeline.nlp.deals import ArticleEvent
from pipeline.nlp.rules import StatusRules
from pipeline.nlp.textcache import headline_end, lower_text

MODEL_FILE = "event_status.json"
WINDOW = 6  # words either side of a trigger that describe it
MAX_MENTIONS = 4


def load_status_model(models_dir: Path) -> LinearChoice | None:
    return load_choice_model(Path(models_dir) / MODEL_FILE, "E151")


def decide_status(model: LinearChoice, feats: list[str], rule_status: str, doc: Doc, ev: ArticleEvent,
                  rules: StatusRules) -> str:
    """The model's status, except that a denial phrase of the rules ('no plans to', 'the report was
    incorrect', 'without foundation') in a sentence of this deal's own denied mentions stands: the model
    reads denials as rare and would otherwise turn them back into the proposal they deny."""
    if rule_status == "denied" and any(denial_phrase(doc[i].sent, rules) for i, st in ev.statuses if st == "denied"):
        return rule_status
    if rule_status == "completed" and any(said_completed(doc[i], rules) for i, st in ev.statuses if st == "completed"):
        return rule_status
    return model.decide(feats, rule_status)


def said_completed(trigger: Token, rules: StatusRules) -> bool:
    """'said it had completed its acquisition of X', 'closed the purchase': the deal word is the object
    of a completion verb in the past. The model, trained on wire copy where such lines are rare, reads
    them as merely agreed."""
    verb = trigger.head if trigger.dep_ == "dobj" else None
    return verb is not None and rules.lemmas.get(verb.lemma_.lower()) == "completed" and verb.tag_ in ("VBD", "VBN")


def denial_phrase(sent, rules: StatusRules) -> bool:
    text = lower_text(sent)
    return any(phrase in text for phrase, st in rules.phrases if st == "denied")


def _verb_of(tok: Token) -> Token:
    """The verb a trigger hangs on: itself, or the verb heading its noun phrase."""
    head = tok
    for _ in range(3):
        if head.pos_ in ("VERB", "AUX") or head.dep_ == "ROOT":
            return head
        head = head.head
    return head


def _mention_features(doc: Doc, tok: Token, where: str) -> list[str]:
    verb = _verb_of(tok)
    feats = [f"{where}|trig={tok.lemma_.lower()}", f"vtag={verb.tag_}", f"{where}|vtag={verb.tag_}",
             f"vlemma={verb.lemma_.lower()}"]
    for c in verb.children:
        if c.dep_ in ("aux", "auxpass", "neg", "mark"):
            feats.append(f"{c.dep_}={c.lemma_.lower()}")
    if verb.head != verb:
        feats.append(f"governor={verb.head.lemma_.lower()}")
    sent = tok.sent
    lo, hi = max(sent.start, tok.i - WINDOW), min(sent.end, tok.i + WINDOW + 1)
    feats += [f"w={t.lemma_.lower()}" for t in doc[lo:hi] if t.is_alpha and not t.is_stop or t.lemma_ in ("not", "no")]
    return feats


def status_features(doc: Doc, ev: ArticleEvent, rule_status: str, rules: StatusRules) -> list[str]:
    """What the status of one article event rests on (see the module docstring)."""
    hl_end = headline_end(doc)
    feats = [f"rule={rule_status}", f"type={ev.type}", f"rule|type={rule_status}|{ev.type}"]
    cues = {st for _i, st in ev.statuses}
    feats += [f"cue={st}" for st in cues] or ["no_cue"]
    feats.append(f"cues={min(len(cues), 3)}")
    for i, st in ev.statuses:
        where = "hl" if i < hl_end else ("bg" if is_background(doc[i].sent, rules) else "body")
        feats.append(f"{where}_cue={st}")
    return feats + mention_features(doc, ev)


def mention_features(doc: Doc, ev: ArticleEvent) -> list[str]:
    """The first mentions' trigger words, their verbs' tense and modality, the words around them."""
    hl_end = headline_end(doc)
    feats: list[str] = []
    mentions = sorted(ev.mentions, key=lambda m: m.trigger_i)[:MAX_MENTIONS]
    for m in mentions:
        where = "hl" if m.trigger_i < hl_end else "body"
        feats += _mention_features(doc, doc[m.trigger_i], where)
    if mentions and mentions[0].trigger_i < hl_end:
        feats.append("first_in_headline")
    return feats
