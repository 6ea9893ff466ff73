"""Mention statuses that the sentence-level reading gets wrong once context fills the parties.

- 'the failed merger talks', 'the abandoned tie-up': a collapse word modifying the deal noun
  (or the head noun of 'merger talks') is the status, whatever cue governs the noun;
- 'before the merger talks began': a start of talks dated before another event is background
  and says nothing about where the deal stands now;
- 'reviving the scrapped deal', 'resume talks that collapsed': the collapse said on a deal noun that a
  revival verb governs is history, not the deal's status;
- 'the planned integration of Honda and Nissan': a merger both sides plan is in talks;
- 'the combination would unlock savings', 'their merger would focus on R&D': a deal word naming no
  party, or the subject of a verb, under a hypothetical auxiliary gives no agreed/completed status
  (it describes the deal, it does not report it made).

Word lists live in models/context_rules.json (`background_marks`, `joint_plan_modifiers`,
`hypothetical_aux`).
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.nlp.context_parties import ContextRules, climb_path
from pipeline.nlp.rules import StatusRules
from pipeline.nlp.status import relcl_cue
from pipeline.nlp.triggers import SYMMETRIC, EventMention

COMMIT = ("agreed", "completed")
MODIFIER_DEPS = ("amod", "compound")


def settle_context_status(doc: Doc, mentions: list[EventMention], status_rules: StatusRules,
                          rules: ContextRules) -> None:
    """Correct mention statuses in place (see the module docstring)."""
    if not rules.enabled:
        return
    for m in mentions:
        trigger = doc[m.trigger_i]
        said_collapsed = collapse_modifier(trigger, status_rules) or collapse_clause(trigger, status_rules)
        if revived(trigger, rules) and said_collapsed:
            m.status = None if m.status == "collapsed" else m.status  # 'reviving the scrapped deal': history
        elif collapse_modifier(trigger, status_rules):
            m.status = "collapsed"
        elif m.status == "proposed" and m.type in SYMMETRIC and joint_plan(trigger, rules):
            m.status = "talks"
        elif m.status in rules.background_statuses and in_background_clause(trigger, rules):
            m.status = None
        elif (not m.roles and not m.named or trigger.dep_ == "nsubj") and m.status in COMMIT \
                and is_hypothetical(trigger, rules):
            m.status = None


def collapse_modifier(trigger: Token, status_rules: StatusRules) -> bool:
    """'failed merger talks', 'the scrapped deal': a collapse cue on the noun or its frame noun."""
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return False
    nouns = [trigger, trigger.head] if trigger.dep_ == "compound" else [trigger]
    return any((status_rules.lemmas.get(c.lemma_.lower()) == "collapsed" or
                status_rules.lemmas.get(c.lower_) == "collapsed") and not classifier_noun(c)
               for noun in nouns for c in noun.lefts if c.dep_ in MODIFIER_DEPS and c.i != trigger.i)


def classifier_noun(mod: Token) -> bool:
    """A noun that names a kind of deal ('a block deal', 'a block trade'), not a state it is in."""
    return mod.pos_ in ("NOUN", "PROPN") and mod.tag_ in ("NN", "NNP")


def collapse_clause(trigger: Token, status_rules: StatusRules) -> bool:
    """'talks that collapsed in February': a collapse in a clause on the deal noun (or its frame noun)."""
    noun = trigger.head if trigger.dep_ == "compound" else trigger
    return noun.pos_ in ("NOUN", "PROPN") and relcl_cue(noun, status_rules) == "collapsed"


def revived(trigger: Token, rules: ContextRules) -> bool:
    """'reviving the scrapped deal', 'resume the failed talks': the collapsed deal is floated again
    (models: revival_verbs)."""
    noun = trigger.head if trigger.dep_ == "compound" else trigger
    return noun.dep_ in ("dobj", "nsubjpass") and noun.head.lemma_.lower() in rules.revival_verbs


def joint_plan(trigger: Token, rules: ContextRules) -> bool:
    """'the planned integration of Honda and Nissan': a merger or tie-up both sides plan is under
    negotiation, not merely floated (models: joint_plan_modifiers)."""
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return False
    noun = trigger.head if trigger.dep_ == "compound" else trigger
    return any(c.dep_ == "amod" and c.lower_ in rules.joint_plan_modifiers for c in noun.lefts)


def in_background_clause(trigger: Token, rules: ContextRules) -> bool:
    """The trigger sits in an adverbial clause marked 'before ...' (models: background_marks)."""
    for tok in climb_path(trigger, rules.climb_limit):
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in rules.background_marks
                                       for c in tok.children):
            return True
    return False


def is_hypothetical(trigger: Token, rules: ContextRules) -> bool:
    """'the combination would unlock ...': a hypothetical auxiliary on the verb the noun depends on."""
    verb = trigger.head
    return any(c.dep_ == "aux" and c.lower_ in rules.hypothetical_aux for c in verb.children)

