"""What frames a deal word's status cue: modality and the future ('could sign', 'expected to
close'), a proposal or talks around a commitment ('proposed forming'), negation, a condition,
a completion still to come, a deal dated in a past year. Used by pipeline.nlp.status.
"""
from __future__ import annotations

from spacy.tokens import Token

from pipeline.nlp.rules import StatusRules


def is_framed(tok: Token, rules: StatusRules) -> bool:
    """True when a modal or future word governs this token ('could sign', 'aim to complete')."""
    for child in tok.children:
        if child.dep_ in ("aux", "auxpass") and child.lower_ in rules.modal_words | {"will", "'ll", "wo"} - {"would"}:
            return True
    head = tok.head
    if tok.dep_ == "conj" and tok.pos_ == "VERB" and head.pos_ == "VERB" and head != tok:
        return is_framed(head, rules)  # 'expected to finalize the terms and complete the merger in 2026'
    if tok.dep_ in ("xcomp", "ccomp", "advcl") and head != tok:
        return head.lemma_ in rules.future_words or any(
            c.dep_ == "aux" and c.lower_ in rules.modal_words for c in head.children)
    return tok.dep_ == "pobj" and head.head.lemma_ in rules.future_words


def awaits_completion(tok: Token, rules: StatusRules) -> bool:
    """'is expected to close', 'is scheduled to be completed': the deal exists and awaits closing."""
    head = tok.head
    return tok.dep_ == "xcomp" and head != tok and head.lemma_.lower() in rules.pending_heads \
        and not is_negated(tok, rules) and not is_negated(head, rules)


def under_proposal(tok: Token, rules: StatusRules) -> bool:
    """A commitment verb inside a proposal or talks verb: 'proposed forming a partnership',
    'is considering setting up a venture', 'in talks to form a venture', 'a plan to sign': floated, not made."""
    return tok.dep_ in ("xcomp", "ccomp", "acl", "relcl") and tok.pos_ == "VERB" and tok.head != tok \
        and tok.head.pos_ in ("VERB", "NOUN") and rules.lemmas.get(tok.head.lemma_.lower()) in ("proposed", "talks")


def is_negated(tok: Token, rules: StatusRules) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in rules.negation_dets) for c in tok.children)


def _said_done(verb: Token) -> bool:
    return verb.pos_ in ("VERB", "AUX") and (verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in ("has", "have", "had", "was", "were") for c in verb.children)))


def pending_completion(noun: Token) -> bool:
    """A completion noun over the deal ('completion of the transaction is subject to approvals',
    'upon closing of the deal') reports a closing still to come unless a past verb says it
    happened ('the completion of the sale was announced', 'with the conclusion of the sale, X has divested')."""
    if noun.dep_ in ("nsubj", "nsubjpass"):
        return not _said_done(noun.head)
    if noun.dep_ == "pobj" and noun.head.lower_ in ("after", "following", "with"):
        return not _said_done(noun.head.head)
    return True


def signing_ahead(chain: list[Token], rules: StatusRules) -> bool:
    """'Execution of a definitive agreement is scheduled for June': the act of signing (models:
    signing_nouns) is the subject of a scheduling verb (signing_ahead_heads) not said as done."""
    for tok in chain[:6]:
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in rules.signing_nouns and tok.dep_ in ("nsubj", "nsubjpass"):
            head = tok.head
            if head.lemma_.lower() in rules.signing_ahead_heads and not _said_done(head):
                return True
    return False


def completion_pending_over(noun: Token, rules: StatusRules) -> bool:
    """The deal word is the 'of' object of a completion noun still to come ('conclusion of the agreement')."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "of":
        return False
    over = noun.head.head
    return over.pos_ in ("NOUN", "PROPN") and rules.lemmas.get(over.lemma_.lower()) == "completed" \
        and pending_completion(over)


def still_to_come(noun: Token) -> bool:
    """An agreement with an infinitive on it ('an agreement to be approved by the board',
    'a definitive agreement to be signed') is yet to be made."""
    return any(c.dep_ in ("acl", "relcl") and c.tag_ == "VBN" and any(a.dep_ == "aux" and a.lower_ == "to"
                                                                        for a in c.children)
               for c in noun.children)


def conditional(verb: Token, rules: StatusRules) -> bool:
    """'would not pursue the offer if the board rejected it': a negation under a condition."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in rules.conditional_marks for m in c.children)
               for c in verb.children)


def dated_past(chain: list[Token]) -> bool:
    """A past-tense verb above the trigger dated with a year ('set up ... in 2020', 'was formed in January 2021')."""
    for tok in chain[:5]:
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        past = tok.tag_ == "VBD" or (tok.tag_ == "VBN" and any(
            c.dep_ in ("auxpass", "aux") and c.lower_ in ("was", "were", "had", "has", "have") for c in tok.children))
        if not past:
            continue
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "since"):
                for t in prep.subtree:
                    if t.like_num and len(t.text) == 4 and t.text[:2] in ("19", "20"):
                        return True
    return False


def dated_noun(noun: Token) -> bool:
    """A deal noun dated with a past year in its own phrase: 'the January 1987 acquisition'."""
    for t in noun.lefts:
        for w in t.subtree:
            if w.like_num and len(w.text) == 4 and w.text[:2] in ("19", "20") and w.ent_type_ == "DATE":
                return True
    return False


def is_framed_chain(chain: list[Token], rules: StatusRules) -> bool:
    modal = rules.modal_words - {"would"}
    return any(c.dep_ == "aux" and c.lower_ in modal for t in chain[:3] for c in t.children)


def unfinished_completion(tok: Token) -> bool:
    """A completion word that does not say the deal closed: an adjective ('a complete takeover'), an
    infinitive ('necessary to complete the acquisition', 'hopes to complete the merger') or a gerund
    after a preposition ('upon completing the deal', 'ways of completing an acquisition')."""
    if tok.pos_ == "ADJ":
        return True
    if tok.pos_ != "VERB":
        return False
    if tok.tag_ == "VBG":
        return tok.dep_ == "pcomp"
    return tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def answers_claim(verb: Token, rules: StatusRules) -> bool:
    """'rebuffs claims that ...', 'rejected the reports': the verb answers a report of the deal."""
    return any(c.dep_ == "dobj" and c.lemma_.lower() in rules.claim_nouns for c in verb.children)


def denial_above(tok: Token, chain: list[Token], rules: StatusRules) -> bool:
    """A collapse word inside what a denial verb answers ('refuted reports suggesting the
    cancellation of ...', 'denied that the talks had collapsed'): the collapse is denied. A verb
    on the way up other than the report's own participle ('speculation that X could step in
    after the collapse of ...') ends the search."""
    above = chain[chain.index(tok) + 1:] if tok in chain else []
    for t in above[:6]:
        lemma = t.lemma_.lower()
        if t.pos_ == "VERB" and not is_negated(t, rules) and (
                rules.lemmas.get(lemma) == "denied" or rules.lemmas.get(lemma) == "collapsed" and answers_claim(t, rules)):
            return True
        if t.lemma_ == "be" and called_false(t, rules):
            return True  # 'the speculation surrounding the termination of the merger is baseless'
        if t.pos_ in ("VERB", "AUX") and not (t.dep_ == "acl" and t.tag_ == "VBG" and t.head.lemma_.lower() in rules.claim_nouns):
            return False
    return False


def price_move(verb: Token, rules: StatusRules) -> bool:
    """'its shares dropped 6.8% to 412 yen', 'dropping over 3%', 'the stock fell': a collapse verb said of a
    price (models: move_subjects) or measuring a move (move_measures) moves a price; it ends no deal."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.lemma_.lower() in rules.move_subjects:
            return True
        if child.dep_ in ("dobj", "npadvmod", "advmod", "prep") and (
                child.lemma_.lower() in rules.move_measures or any(g.lower_ in rules.move_measures for g in child.children)):
            return True
    return False


def clause_words(top: Token) -> str:
    """The lower-cased text of the clause `top` heads, without the clauses coordinated to it
    ('X ruled out a merger | but agreed to cooperate'): each conjunct reports its own deal."""
    skip = {t.i for c in top.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") for t in c.subtree}
    return "".join(t.text_with_ws for t in top.subtree if t.i not in skip).lower()


def phrase_in_own_clause(chain: list[Token], status: str, rules: StatusRules) -> bool:
    """Whether a sentence-wide phrase cue of `status` ('ruled out', 'not on the table') is said in the
    trigger's own clause. Only a trigger whose clause is coordinated with another verb's is checked;
    elsewhere the sentence's phrase stands."""
    top = chain[-1]
    coordinated = top.dep_ == "conj" or any(c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") for c in top.children)
    if not coordinated or top.pos_ not in ("VERB", "AUX"):
        return True
    words = clause_words(top)
    return any(phrase in words for phrase, st in rules.phrases if st == status)


def called_false(copula: Token, rules: StatusRules) -> bool:
    """'reports of ... are baseless', 'the speculation ... is untrue': a claim noun as the subject of
    'be' with a denial word (models: denial_predicates) as its complement."""
    claim = any(c.dep_ == "nsubj" and c.lemma_.lower() in rules.claim_nouns for c in copula.children)
    return claim and any(c.dep_ in ("acomp", "attr") and c.lower_ in rules.denial_predicates for c in copula.children)
