"""JaExtractor: Japanese ExtractInputs -> Extractions, with GiNZA loaded on first use.

Only GiNZA's tokenizer (SudachiPy) and its named-entity tagger run: the rules read names,
case particles and cue words on the text, so the dependency parser, the morphologizer and
the bunsetu components are left out (less memory, faster).
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

from pipeline.errors import ModelAssetError
from pipeline.nlp.ja.amounts import find_ja_amounts
from pipeline.nlp.ja.assets import JaRules, load_ja_rules
from pipeline.nlp.ja.deals import JaDealReader
from pipeline.nlp.ja.events import read_events
from pipeline.nlp.ja.moves import JaMoveReader, read_moves
from pipeline.nlp.ja.names import find_mentions
from pipeline.nlp.ja.positions import add_slot_firms
from pipeline.nlp.ja.text import compose_ja_text, split_sentences
from pipeline.nlp.kb import KnowledgeBase, load_kb
from pipeline.records import EntityHit, Extraction, ExtractInput

logger = logging.getLogger(__name__)

GINZA_PACKAGE = "ja_ginza"
GINZA_EXCLUDE = ("parser", "compound_splitter", "bunsetu_recognizer", "morphologizer")
CODE_VERSION = "1"
_LOCK = threading.Lock()
_GINZA = None


def load_ginza():
    """The GiNZA pipeline, loaded once per process (about 2-3 s and 330 MB)."""
    global _GINZA
    with _LOCK:
        if _GINZA is None:
            import spacy

            started = time.perf_counter()
            try:
                _GINZA = spacy.load(GINZA_PACKAGE, exclude=list(GINZA_EXCLUDE))
            except OSError as exc:
                raise ModelAssetError(f"E165 the Japanese model '{GINZA_PACKAGE}' is not installed "
                                      "(pip install ja-ginza)") from exc
            logger.info("GiNZA loaded in %.1f s", time.perf_counter() - started)
        return _GINZA


def ginza_loaded() -> bool:
    return _GINZA is not None


def ginza_version() -> str:
    try:
        return metadata.version("ja-ginza")
    except metadata.PackageNotFoundError:
        return "missing"


class JaExtractor:
    """The Japanese pipeline over one models/ directory; GiNZA is loaded by the first article."""

    def __init__(self, models_dir: Path, kb: KnowledgeBase | None = None):
        self.models_dir = Path(models_dir)
        self.rules: JaRules = load_ja_rules(str(self.models_dir.resolve()))
        self.kb = kb if kb is not None else load_kb(self.models_dir)
        unknown = sorted(set(self.rules.names.aliases) - set(self.kb.entries))
        if unknown:
            raise ModelAssetError(f"E166 {self.models_dir / 'ja_entities.json'}: not in entities.jsonl: "
                                  f"{', '.join(unknown)}")
        self.deals = JaDealReader(self.rules.deals, self.rules.names.titles)
        self.moves = JaMoveReader(self.rules.moves)
        self.deal_words = tuple(w for words in self.rules.deals.triggers.values() for w in words)
        self.version = f"nlp{CODE_VERSION}-ja-{GINZA_PACKAGE}-{ginza_version()}-{self.rules.digest}"

    def extract_many(self, inputs: Iterable[ExtractInput], batch_size: int = 32) -> Iterator[Extraction]:
        todo = [(compose_ja_text(inp), inp.doc_id) for inp in inputs]
        if not todo:
            return
        try:
            nlp = load_ginza()
        except ModelAssetError as exc:   # no Japanese model: these articles fail, the English ones go on
            logger.error("%s", exc)
            for _text, doc_id in todo:
                yield Extraction(doc_id=doc_id, extractor_version=self.version, error=str(exc))
            return
        docs = nlp.pipe(((text, (head, doc_id)) for (text, head), doc_id in todo), as_tuples=True,
                        batch_size=batch_size)
        for doc, (head, doc_id) in docs:
            try:
                yield self.read_doc(doc, head, doc_id)
            except Exception as exc:   # one bad article is a failure record, not a crash
                logger.warning("Japanese extraction failed for %s: %s", doc_id, exc)
                yield Extraction(doc_id=doc_id, extractor_version=self.version, error=f"extraction failed: {exc}")

    def read_doc(self, doc, head: int, doc_id: str) -> Extraction:
        text = doc.text
        sentences = split_sentences(text, head)
        mentions = add_slot_firms(find_mentions(text, doc.ents, self.rules.names, self.kb), sentences,
                                  self.rules.names, lambda sent: bool(self.deals.find_triggers(text, sent)),
                                  self.deal_words)
        counts: dict[str, list] = {}
        for m in mentions:
            row = counts.setdefault(m.name, [m.label, 0, m.kb_id])
            row[1] += 1
        entities = tuple(EntityHit(name, label, n, kb) for name, (label, n, kb) in counts.items())
        events = read_events(text, sentences, mentions, find_ja_amounts(text), self.deals)
        moves = read_moves(text, sentences, mentions, self.moves)
        return Extraction(doc_id=doc_id, entities=entities, events=events, market_moves=moves,
                          extractor_version=self.version)
