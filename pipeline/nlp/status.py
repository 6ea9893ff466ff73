"""The status of one deal mention, read from the words that govern its trigger.

Overriding cues (collapsed, denied, negation) count anywhere above the trigger;
otherwise the cue nearest to the trigger wins, and agreed/completed cues under a
modal or future frame ("could sign", "expected to close") do not count.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.nlp.rules import StatusRules

AUX_DEPS = {"aux", "auxpass", "neg", "advmod", "prt", "det"}
COMMIT_STATUSES = {"agreed", "completed"}
OVERRIDES = ("denied", "collapsed")
MOU_WORDS = {"memorandum", "mou"}
CREATION_VERBS = {"form", "set", "launch", "establish", "create", "found"}


def governing_chain(trigger: Token, limit: int = 8) -> list[Token]:
    """The trigger and the words above it, nearest first."""
    chain = [trigger]
    tok = trigger
    while tok.head is not tok and len(chain) < limit:
        tok = tok.head
        chain.append(tok)
    return chain


def is_framed(tok: Token, rules: StatusRules) -> bool:
    """True when a modal or future word governs this token ('could sign', 'aim to complete')."""
    for child in tok.children:
        if child.dep_ in ("aux", "auxpass") and child.lower_ in rules.modal_words | {"will", "'ll", "wo"} - {"would"}:
            return True
    head = tok.head
    if tok.dep_ in ("xcomp", "ccomp", "advcl") and head is not tok:
        return head.lemma_ in rules.future_words or any(
            c.dep_ == "aux" and c.lower_ in rules.modal_words for c in head.children)
    return tok.dep_ == "pobj" and head.head.lemma_ in rules.future_words


def is_negated(tok: Token, rules: StatusRules) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in rules.negation_dets) for c in tok.children)


def cue_of(tok: Token, rules: StatusRules) -> str | None:
    """The status a single governing word signals, if any."""
    lemma = tok.lemma_.lower()
    if lemma in ("call", "break", "walk", "pull", "fall") and any(
            c.dep_ == "prt" and c.lower_ in ("off", "down", "away", "out", "apart", "through") for c in tok.children):
        return "collapsed"
    if lemma == "sign" and any(c.lemma_.lower() in MOU_WORDS for c in tok.subtree):
        return "talks"
    if lemma in ("end", "halt", "suspend", "stop") and tok.pos_ == "VERB":
        objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        if not objects or not rules.end_objects or any(o.lemma_.lower() in rules.end_objects for o in objects):
            return "collapsed"
        return None
    if lemma in CREATION_VERBS and tok.tag_ == "VBD":
        return "completed"
    return rules.lemmas.get(lemma)


def mention_status(trigger: Token, sent: Span, rules: StatusRules, typed: bool = True) -> str | None:
    """The status this mention reports, or None when the text gives no cue.

    A typed verb trigger's own lemma is no cue ("acquire"); a typeless one's is ("approach").
    """
    chain = governing_chain(trigger)
    nearest: str | None = None
    for tok in chain:
        own = tok is trigger
        cue = None if own and typed and tok.pos_ in ("VERB", "AUX") else cue_of(tok, rules)
        if own and typed and tok.pos_ != "VERB":
            cue = _noun_modifier_cue(tok, rules)
        if cue in OVERRIDES:
            return cue
        if is_negated(tok, rules) and not (own and not typed) and cue not in COMMIT_STATUSES:
            if own or cue in ("proposed", "talks") or (tok.pos_ in ("VERB", "AUX") and tok.lemma_ not in rules.neutral_negated):
                return "denied"
        if cue is None and tok.pos_ == "NOUN" and not own:
            cue = _failed_modifier(tok, rules)
            if cue in OVERRIDES:
                return cue
        if cue in COMMIT_STATUSES and (is_framed(tok, rules) or is_negated(tok, rules)):
            cue = None
        if cue in COMMIT_STATUSES and own and tok.pos_ == "NOUN" and any(is_framed(t, rules) for t in chain[1:4]):
            cue = None  # "aim to reach a final agreement": the agreement is not yet there
        if nearest is None and cue is not None:
            nearest = cue
    nearest = nearest or relcl_cue(trigger, rules)
    text = sent.text.lower()
    hedge = next((st for ph, st in rules.hedges if ph in text), None)
    if hedge is not None:
        return hedge
    phrase = phrase_status(sent, rules)
    if phrase in OVERRIDES:
        return phrase
    if nearest is None and is_framed_chain(chain, rules):
        return "proposed"
    return nearest or phrase or (tense_status(trigger, rules) if typed else None)


def relcl_cue(noun: Token, rules: StatusRules) -> str | None:
    """'the merger, which the two are negotiating': a cue in a clause on the trigger noun."""
    for child in noun.children:
        if child.dep_ in ("relcl", "acl"):
            cue = cue_of(child, rules)
            if cue is not None:
                return cue
    return None


def _noun_modifier_cue(noun: Token, rules: StatusRules) -> str | None:
    for child in noun.lefts:
        if child.dep_ in ("amod", "compound") and child.lemma_.lower() in rules.lemmas:
            cue = rules.lemmas[child.lemma_.lower()]
            if cue in ("proposed", "collapsed", "completed"):
                return cue
    return None


def _failed_modifier(noun: Token, rules: StatusRules) -> str | None:
    """'its failed attempt to combine', 'the abandoned plan to merge': a collapse on the frame noun."""
    for child in noun.lefts:
        if child.dep_ in ("amod", "compound") and rules.lemmas.get(child.lemma_.lower()) == "collapsed":
            return "collapsed"
    return None


def is_framed_chain(chain: list[Token], rules: StatusRules) -> bool:
    modal = rules.modal_words - {"would"}
    return any(c.dep_ == "aux" and c.lower_ in modal for t in chain[:3] for c in t.children)


def phrase_status(sent: Span, rules: StatusRules) -> str | None:
    """The highest-ranked multiword cue in the sentence text."""
    text = sent.text.lower()
    best = None
    for phrase, status in rules.phrases:
        if phrase in text and (best is None or rules.rank[status] > rules.rank[best]):
            best = status
    return best


def tense_status(trigger: Token, rules: StatusRules) -> str | None:
    """A bare deal verb: past tense reads as done, present or future (will/would) as agreed."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & rules.modal_words - {"would"}:
        return "proposed"
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and "have" in {c.lemma_ for c in verb.children}):
        return "completed"
    if verb.tag_ in ("VBZ", "VBP") or aux & {"will", "'ll", "would"}:
        return "agreed"
    return None
