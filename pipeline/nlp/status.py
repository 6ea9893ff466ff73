"""The status of one deal mention, read from the words that govern its trigger.

Overriding cues (collapsed, denied, negation) count anywhere above the trigger;
otherwise the cue nearest to the trigger wins, and agreed/completed cues under a
modal or future frame ("could sign", "expected to close") do not count. A deal that stops ("will no
longer invest") is collapsed; a collapse phrase whose subject is another deal word ("its talks with
Honda fell apart") is that deal's; an agreed reading of an unsolicited bid nobody accepts is proposed.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.nlp.rules import StatusRules
from pipeline.nlp.status_frames import (
    awaits_completion, completion_pending_over, conditional, dated_noun, dated_past, is_framed, is_framed_chain,
    answers_claim, denial_above, is_negated, pending_completion, phrase_in_own_clause, price_move, signing_ahead,
    still_to_come, under_proposal, unfinished_completion,
)
from pipeline.nlp.textcache import cached, headline_end, lower_text

AUX_DEPS = {"aux", "auxpass", "neg", "advmod", "prt", "det"}
COMMIT_STATUSES = {"agreed", "completed"}
OVERRIDES = ("denied", "collapsed")
MOU_WORDS = {"memorandum", "mou"}
CREATION_VERBS = {"form", "set", "launch", "establish", "create", "found"}
CONTRAST_MARKS = {"while", "whereas", "although", "though", "whilst"}


def governing_chain(trigger: Token, limit: int = 8) -> list[Token]:
    """The trigger and the words above it, nearest first."""
    chain = [trigger]
    tok = trigger
    while tok.head != tok and len(chain) < limit:
        if tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX") and tok.head.pos_ in ("VERB", "AUX"):
            break
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONTRAST_MARKS for c in tok.children):
            break
        if tok.dep_ == "relcl" and tok.pos_ in ("VERB", "AUX"):
            break  # 'the reserves of X, which recently agreed to merge': the clause is its own report  # '..., but X said its acquisition was completed': a coordinated clause is its own report
        tok = tok.head
        chain.append(tok)
    return chain


def pending_subject(trigger: Token, rules: StatusRules) -> bool:
    """The deal noun is the subject of 'is expected to close': its completion is still to come."""
    head = trigger.head
    return trigger.dep_ in ("nsubj", "nsubjpass") and any(
        c.dep_ == "xcomp" and cue_of(c, rules) == "completed" and awaits_completion(c, rules) for c in head.children)


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
    if lemma in rules.party_talk_verbs and tok.pos_ == "VERB" and any(
            c.dep_ == "prep" and c.lower_ in ("to", "with") and any(o.ent_type_ == "ORG" for o in c.children)
            for c in tok.children):
        return "talks"  # 'had spoken to Renault about cooperation', 'met with X about a tie-up'
    if lemma in CREATION_VERBS and tok.tag_ == "VBD":
        return "completed"
    if lemma in rules.unilateral_lemmas and tok.pos_ == "VERB" and is_unilateral(tok, rules):
        return "proposed"
    if lemma in rules.verb_only_lemmas and tok.pos_ not in ("VERB", "AUX"):
        return None
    if tok.pos_ == "NOUN" and rules.lemmas.get(lemma) == "collapsed" and ends_something_else(tok, rules):
        return None  # 'early termination of the waiting period': not the deal's end
    if lemma in rules.past_only_lemmas and tok.tag_ not in ("VBD", "VBN"):
        return None
    cue = rules.lemmas.get(lemma)
    if cue == "collapsed" and tok.pos_ == "VERB" and price_move(tok, rules):
        return None  # 'shares saw a decline, dropping over 3%': a market move, not the deal's end
    if cue == "collapsed" and tok.pos_ == "VERB" and intended_end(tok, rules):
        return None  # 'Sony's intention to abandon the merger', 'on the verge of scrapping': not yet ended
    if cue == "collapsed" and tok.pos_ == "VERB" and answers_claim(tok, rules):
        return "denied"  # 'rebuffs claims that X could invest', 'rejected reports that it would sell'
    if cue == "denied" and is_negated(tok, rules):
        return None  # 'did not deny the report': no denial, the report's own reading stands
    if cue == "agreed" and any(c.dep_ in ("xcomp", "acl") and rules.lemmas.get(c.lemma_.lower()) == "talks"
                               for c in tok.children):
        return "talks"  # 'a preliminary agreement to explore a partnership', 'agreed to discuss'
    if cue == "agreed" and opens_talks(tok, rules):
        return "talks"  # 'a basic agreement to begin merger talks'
    return cue


def intended_end(verb: Token, rules: StatusRules) -> bool:
    """A collapse verb hanging on an intention or imminence word (models: intent_heads): 'its intention
    to abandon', 'threatened to walk away', 'on the verge of scrapping', 'in the process of abandoning'."""
    if verb.dep_ in ("acl", "xcomp"):
        return verb.head.lemma_.lower() in rules.intent_heads
    return verb.dep_ == "pcomp" and verb.head.lower_ == "of" and verb.head.head.lemma_.lower() in rules.intent_heads


def ends_something_else(noun: Token, rules: StatusRules) -> bool:
    """A collapse noun whose 'of' object is no deal word ('termination of the waiting period')."""
    objects = [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
               if o.dep_ == "pobj"]
    return bool(objects) and not any(o.lemma_.lower() in rules.end_objects or o.ent_type_ for o in objects)


def done_in_past_passive(verb: Token, rules: StatusRules) -> bool:
    """'was purchased', 'were acquired': a deal verb in the past passive, said as done."""
    return verb.pos_ == "VERB" and verb.tag_ == "VBN" and verb.lemma_.lower() in rules.done_passive_lemmas \
        and any(c.dep_ == "auxpass" and c.lower_ in ("was", "were") for c in verb.children)


TALKED_OVER = {"on", "over", "for", "about", "toward", "towards"}


def negotiated_over(noun: Token, rules: StatusRules) -> bool:
    """'further negotiations on a joint venture agreement': the object of talks, not a deal made."""
    return noun.dep_ == "pobj" and noun.head.lower_ in TALKED_OVER and noun.head.head.lemma_.lower() in rules.talk_nouns


def opens_talks(tok: Token, rules: StatusRules) -> bool:
    """An agreement (or its verb) whose purpose clause opens talks: 'signed a pact to start formal talks'."""
    heads = [tok] + [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "NOUN"]
    for noun in heads[1:]:  # 'a letter of intent to enter into further negotiations'
        for verb in noun.subtree:
            if verb.pos_ == "VERB" and verb.dep_ in ("acl", "xcomp", "relcl") and verb.lemma_.lower() in rules.talks_openers \
                    and any(t.lemma_.lower() in rules.talk_nouns for t in verb.subtree if t != verb):
                return True
    for head in heads:
        for clause in head.children:
            if clause.dep_ not in ("xcomp", "acl", "advcl") or clause.lemma_.lower() not in rules.talks_openers:
                continue
            if clause.lemma_.lower() in ("explore", "study", "discuss", "consider", "negotiate"):
                return True
            if any(t.lemma_.lower() in rules.talk_nouns for t in clause.children if t.dep_ in ("dobj", "pobj", "prep")) \
                    or any(t.lemma_.lower() in rules.talk_nouns for t in clause.subtree):
                return True
    return False


def restated_fate(sent: Span, chain: list[Token], rules: StatusRules) -> str | None:
    """'X proposed making Y a subsidiary, an idea that Y's board rejected': the collapse or denial in
    a relative clause on an appositive that restates the deal."""
    in_chain = {t.i for t in chain}
    for noun in sent:
        if noun.dep_ != "appos" or noun.lemma_.lower() not in rules.restating_nouns:
            continue
        if noun.head.i not in in_chain and not any(a.i in in_chain for a in noun.head.ancestors):
            continue
        cue = relcl_cue(noun, rules)
        if cue in OVERRIDES:
            return cue
    return None


def is_unilateral(verb: Token, rules: StatusRules) -> bool:
    """One firm alone explores ('Nissan is exploring a tie-up with Foxconn'), not 'X and Y are exploring'."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    head = verb.head
    if not subjects and verb.dep_ in ("xcomp", "advcl") and rules.lemmas.get(head.lemma_.lower()) == "proposed":
        return is_unilateral(head, rules)  # 'X approached Y to explore buying': X alone explores
    if not subjects:
        return False
    if any(c.dep_ == "conj" for s in subjects for c in s.children):
        return False
    if any(c.lower_ in ("together", "jointly") for c in verb.children):
        return False
    return not any(s.lower_ in ("they", "we", "both", "sides", "companies", "two") or s.tag_ in ("NNS", "NNPS")
                   for s in subjects)


def mention_status(trigger: Token, sent: Span, rules: StatusRules, typed: bool = True) -> str | None:
    """The status this mention reports, or None when the text gives no cue.

    A typed verb trigger's own lemma is no cue ("acquire"); a typeless one's is ("approach").
    """
    chain = governing_chain(trigger)
    if signing_ahead(chain, rules):
        return None  # 'Execution of a definitive agreement is scheduled for June': not yet agreed
    nearest: str | None = None
    clause = relcl_cue(trigger, rules) if trigger.pos_ in ("NOUN", "PROPN") else None
    if clause in OVERRIDES:
        return clause  # 'the talks, which collapsed', 'the discussions unravelled' (parsed as a clause on the noun)
    for tok in chain:
        own = tok is trigger
        cue = None if own and typed and tok.pos_ in ("VERB", "AUX") else cue_of(tok, rules)
        if own and typed and tok.pos_ != "VERB":
            cue = _noun_modifier_cue(tok, rules)
        if own and not typed and cue in COMMIT_STATUSES and completion_pending_over(tok, rules):
            cue = None  # 'Conclusion of the agreement is subject to board approvals': not yet made
        if cue == "collapsed" and not own and denial_above(tok, chain, rules):
            # 'refuted reports suggesting the cancellation of the merger': the merger stands, and only a deal
            # made (or talks under way) can be cancelled
            return "talks" if trigger.lemma_.lower() in rules.talk_nouns else "agreed"
        if cue in OVERRIDES:
            return cue
        if tok.pos_ in ("VERB", "AUX") and ceased(tok, rules):
            return "collapsed"  # 'Nissan will no longer invest in Ampere'
        if cue == "agreed" and not own and is_negated(tok, rules) and _rejects_plan(tok, chain, rules):
            return "collapsed"  # 'the board did not agree to Honda's demand'
        if is_negated(tok, rules) and not (own and not typed) and cue not in COMMIT_STATUSES \
                and rules.lemmas.get(tok.lemma_.lower()) != "denied" and not conditional(tok, rules):
            if own or cue in ("proposed", "talks") or (tok.pos_ in ("VERB", "AUX") and tok.lemma_ not in rules.neutral_negated):
                # 'the talks did not lead to an agreement': a negated outcome is a collapse, not a denial
                return "collapsed" if phrase_status(sent, rules) == "collapsed" else "denied"
        if cue is None and tok.pos_ == "NOUN" and not own:
            cue = _failed_modifier(tok, rules)
            if cue in OVERRIDES:
                return cue
        if cue == "completed" and awaits_completion(tok, rules):
            cue = "agreed"  # 'the acquisition is expected to close in the second quarter'
        elif cue == "completed" and unfinished_completion(tok):
            cue = None  # 'necessary to complete the acquisition', 'upon completing the deal': not yet closed
        elif cue in COMMIT_STATUSES and (is_framed(tok, rules) or is_negated(tok, rules) or under_proposal(tok, rules)):
            cue = None
        if cue is None and not own and done_in_past_passive(tok, rules):
            cue = "completed"  # 'shares were purchased under its offer for Cyclops'
        if cue == "completed" and tok.pos_ in ("NOUN", "PROPN") and not own and pending_completion(tok):
            cue = None  # 'completion of the transaction is subject to approvals': not yet closed
        if cue in COMMIT_STATUSES and tok.pos_ == "NOUN" and still_to_come(tok):
            cue = None  # 'a merger agreement to be approved by the board': not yet agreed
        if cue in COMMIT_STATUSES and tok.pos_ == "NOUN" and negotiated_over(tok, rules):
            cue = None  # 'negotiations on a joint venture agreement': the agreement is what is talked about
        if cue in COMMIT_STATUSES and own and tok.pos_ == "NOUN" and any(is_framed(t, rules) for t in chain[1:4]):
            cue = None  # "aim to reach a final agreement": the agreement is not yet there
        if nearest == "proposed" and cue in COMMIT_STATUSES and not own and _approves_plan(tok, chain, rules):
            nearest = cue  # 'the board approved a plan to buy a stake'
        if nearest is None and cue is not None:
            nearest = cue
    if nearest is None and pending_subject(trigger, rules):
        nearest = "agreed"  # 'the acquisition is expected to close in the second quarter'
    if nearest is None and len(chain) == 1 and trigger.pos_ in ("NOUN", "PROPN"):
        nearest = cue_of(trigger, rules)  # a verbless headline on the deal noun: 'Merger talks', 'Takeover bid for X'
        if nearest in OVERRIDES:
            return nearest
    nearest = nearest or relcl_cue(trigger, rules)
    restated = restated_fate(sent, chain, rules)
    if restated is not None:
        return restated
    text = lower_text(sent)
    hedge = next((st for ph, st in rules.hedges if ph in text), None)
    if hedge is not None:
        return hedge
    phrase = phrase_status(sent, rules)
    if phrase in OVERRIDES and not (phrase == "collapsed" and collapse_elsewhere(trigger, chain, sent, rules)):
        if phrase_in_own_clause(chain, phrase, rules):
            return phrase
        phrase = None  # 'X ruled out a merger but agreed to cooperate': the cue is the other clause's
    if nearest is None and is_framed_chain(chain, rules):
        return "proposed"
    if nearest == "proposed" and phrase in COMMIT_STATUSES:
        nearest = phrase  # 'the proposed merger ... won approval from regulators
    result = nearest or phrase or (tense_status(trigger, rules) if typed else None)
    return date_result(result, typed, chain, sent, rules)


def date_result(result: str | None, typed: bool, chain: list[Token], sent: Span, rules: StatusRules) -> str | None:
    """A deal dated in a past year is done; an unsolicited bid nobody accepts is not yet agreed."""
    if typed and result in (None, "agreed") and dated_past(chain):
        return "completed"
    trigger = chain[0]
    if typed and result in (None, "proposed", "agreed") and trigger.pos_ == "NOUN" and dated_noun(trigger):
        return "completed"  # 'the January 1987 acquisition of Accuray'
    bid = any(t.pos_ == "NOUN" and t.lemma_.lower() in rules.bid_nouns for t in chain[:3])
    if result == "agreed" and bid and any(t.lemma_.lower() in rules.bid_launch_verbs for t in chain[1:4]):
        return "proposed"  # 'started the tender offer', 'made a merger proposal': made, not accepted
    if result == "completed" and bid and not any(rules.lemmas.get(t.lemma_.lower()) == "completed" for t in chain[1:4]):
        return "proposed"  # 'made an offer for X': the offer is made, the deal is not done
    if result == "agreed" and unagreed(sent, lower_text(sent), rules):
        return "proposed"  # 'launches an unsolicited bid': the target has not agreed
    return result


def collapse_elsewhere(trigger: Token, chain: list[Token], sent: Span, rules: StatusRules) -> bool:
    """'... an investor in the carmaker days after its merger talks with Honda fell apart': the collapse
    verb has another deal word as its subject, so the collapse is that deal's, not this trigger's."""
    collapse_verbs = {v for v, _p in rules.particle_collapse}
    for tok in sent:
        verb = tok.head
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.lemma_.lower() not in rules.end_objects or verb in chain:
            continue
        if trigger.i in (t.i for t in tok.subtree):
            continue
        if verb.lemma_.lower() in collapse_verbs or rules.lemmas.get(verb.lemma_.lower()) == "collapsed":
            return True
    return False


def unagreed(sent: Span, text: str, rules: StatusRules) -> bool:
    """An unsolicited or hostile bid (models: unagreed_marks) that no one in the sentence accepts."""
    if not any(mark in text for mark in rules.unagreed_marks):
        return False
    return not any(t.pos_ == "VERB" and t.lemma_.lower() in rules.acceptance_lemmas for t in sent)


def ceased(verb: Token, rules: StatusRules) -> bool:
    """'will no longer invest': an adverb with its negator (models: cessation_adverbs) on the verb."""
    pairs = rules.cessation_adverbs
    return any(c.dep_ == "advmod" and any((c.lower_, n.lower_) in pairs for n in c.children if n.dep_ == "neg")
               for c in verb.children)


def _rejects_plan(tok: Token, chain: list[Token], rules: StatusRules) -> bool:
    k = chain.index(tok)
    below = [t for t in chain[max(0, k - 2):k] if t.pos_ in ("NOUN", "PROPN")]
    return any(t.lemma_.lower() in rules.plan_nouns for t in below)


def _approves_plan(tok: Token, chain: list[Token], rules: StatusRules) -> bool:
    k = chain.index(tok)
    below = chain[k - 1] if k > 0 else None
    return (below is not None and below.dep_ in ("dobj", "nsubjpass") and below.lemma_.lower() in rules.plan_nouns
            and not is_framed(tok, rules) and not is_negated(tok, rules))


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
            if cue == "completed" and unfinished_completion(child):
                continue  # 'a complete takeover' is a whole one, not a closed one
            if cue in ("proposed", "collapsed", "completed"):
                return cue
    return None


def _failed_modifier(noun: Token, rules: StatusRules) -> str | None:
    """'its failed attempt to combine', 'the abandoned plan to merge': a collapse on the frame noun."""
    for child in noun.lefts:
        if child.dep_ in ("amod", "compound") and rules.lemmas.get(child.lemma_.lower()) == "collapsed":
            return "collapsed"
    return None


def phrase_status(sent: Span, rules: StatusRules) -> str | None:
    """The highest-ranked multiword cue in the sentence text (worked out once per sentence)."""
    return cached(sent, "phrase_status", lambda: _phrase_status(sent, rules))


def _phrase_status(sent: Span, rules: StatusRules) -> str | None:
    text = lower_text(sent)
    best = None
    for phrase, status in rules.phrases:
        if phrase in text and (best is None or rules.rank[status] > rules.rank[best]) and not false_modal(phrase, sent, rules):
            best = status
    if best != "denied" and rules.particle_collapse and particle_collapse(sent, rules):
        best = "collapsed"
    return best


def false_modal(phrase: str, sent: Span, rules: StatusRules) -> bool:
    """A modal cue ('may', 'could') that the sentence holds only as another word: the month
    ('acquired in May 1985'), a name, or part of a word ('mayor', 'mighty')."""
    return phrase in rules.modal_words and not any(t.lower_ == phrase and t.tag_ == "MD" for t in sent)


def particle_collapse(sent: Span, rules: StatusRules) -> bool:
    """'calling it off', 'broke the talks off': a collapse verb whose particle an object splits off."""
    pairs = set(rules.particle_collapse)
    for tok in sent:
        if tok.dep_ == "prt" and (tok.head.lemma_.lower(), tok.lower_) in pairs:
            return True
    return False


def tense_status(trigger: Token, rules: StatusRules) -> str | None:
    """A bare deal verb: past tense reads as done, present or future (will/would) as agreed. A deal noun
    that a reporting verb governs ('told reporters the acquisition ...') takes no tense; a bid noun so
    governed ('analysts cited the bid for X') is a bid made."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    if verb is not trigger and verb.lemma_.lower() in rules.reporting_verbs:
        # 'told a news conference the acquisition would ...': the telling is past, not the deal; a bid told of is made
        return "proposed" if trigger.lemma_.lower() in rules.bid_nouns else None
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & rules.modal_words - {"would"}:
        return "proposed"
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and "have" in {c.lemma_ for c in verb.children}):
        return "completed"
    if verb.tag_ == "VBN" and aux & {"was", "were"} and not aux & {"will", "would", "being"}:
        return "completed"  # 'was recently acquired by X'
    headline_infinitive = verb.dep_ == "ROOT" or (verb.dep_ in ("xcomp", "acl") and verb.head.dep_ == "ROOT"
                                                  and verb.head.pos_ in ("PROPN", "NOUN"))
    if verb.tag_ == "VB" and aux == {"to"} and headline_infinitive and trigger.i < headline_end(trigger.doc):
        return "agreed"  # headline 'KDI to buy Triangle Microwave': the deal is announced
    if verb.tag_ in ("VBZ", "VBP") or aux & {"will", "'ll", "would"}:
        return "agreed"
    return None
