"""Near-duplicate detection (syndicated wire copies) with datasketch MinHash + LSH.

Each text becomes a set of word 3-shingles, summarised by a 128-permutation
MinHash. LSH (20 bands x 6 rows) finds candidates; a candidate counts only if its
estimated Jaccard similarity really is >= 0.8. A new story starts its own
cluster (cluster_id = its article_id); a near-copy joins the matched cluster
with is_duplicate = True. Signatures are stored as 512 little-endian uint32
bytes, so the warehouse can keep them as a BLOB and rebuild the index.
"""
from __future__ import annotations

import logging
import re
import unicodedata
import zlib
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

logger = logging.getLogger(__name__)

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
THRESHOLD = 0.8
# 20 bands of 6 rows: a pair at Jaccard 0.8 becomes a candidate with p = 0.998 (datasketch's
# default bands for 0.8 find it with p = 0.4); candidates are then checked against THRESHOLD.
LSH_BANDS_ROWS = (20, 6)
SHINGLE_WORDS = 3  # make_shingles builds triples directly
MIN_SHINGLES = 5  # shorter texts are too generic to call anything a copy of them
SIGNATURE_DTYPE = np.dtype("<u4")
WORD_RE = re.compile(r"\w+")

ExistingRow = tuple[str, str, bytes | None]


def crc32_hash(data: bytes) -> int:
    """A fast, process-independent 32-bit shingle hash (signatures are persisted)."""
    return zlib.crc32(data)


def make_shingles(text: str) -> set[bytes]:
    """Word 3-shingles of the NFKC-casefolded text (single words for very short texts)."""
    words = WORD_RE.findall(unicodedata.normalize("NFKC", text).casefold())
    if len(words) < SHINGLE_WORDS:
        return {w.encode("utf-8") for w in words}
    return {f"{a} {b} {c}".encode("utf-8") for a, b, c in zip(words, words[1:], words[2:])}


class NearDuplicateIndex:
    """Cluster assignment over existing rows plus everything assigned since."""

    def __init__(self, rows: Iterable[ExistingRow] = ()):
        self._template = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=crc32_hash)
        self._lsh = MinHashLSH(num_perm=NUM_PERM, params=LSH_BANDS_ROWS)
        self._minhashes: dict[str, MinHash] = {}
        self._clusters: dict[str, str] = {}
        for article_id, cluster_id, signature in rows:
            self.add_existing(article_id, cluster_id, signature)

    def __len__(self) -> int:
        return len(self._clusters)

    def add_existing(self, article_id: str, cluster_id: str | None, signature: bytes | None) -> None:
        """Register a stored article; rows without a usable signature keep their cluster only."""
        self._clusters[article_id] = cluster_id or article_id
        if not signature:
            return
        try:
            minhash = self.signature_to_minhash(signature)
        except ValueError:
            logger.warning("ignoring malformed signature of %s", article_id)
            return
        if not minhash.is_empty():
            self._insert(article_id, minhash)

    def assign(self, article_id: str, text: str) -> tuple[str, bool, bytes]:
        """Return (cluster_id, is_duplicate, signature_bytes) for a new article and index it."""
        shingles = make_shingles(text)
        minhash = self.build_minhash(shingles)
        if article_id in self._clusters:  # idempotent re-assignment
            cluster = self._clusters[article_id]
            return cluster, cluster != article_id, signature_to_bytes(minhash)
        match = self.find_match(minhash) if len(shingles) >= MIN_SHINGLES else None
        cluster = self._clusters[match] if match else article_id
        self._clusters[article_id] = cluster
        if len(shingles) >= MIN_SHINGLES:
            self._insert(article_id, minhash)
        return cluster, match is not None, signature_to_bytes(minhash)

    def find_match(self, minhash: MinHash) -> str | None:
        """The most similar indexed article at or above the threshold, if any."""
        best, best_score = None, THRESHOLD
        for candidate in self._lsh.query(minhash):
            score = minhash.jaccard(self._minhashes[candidate])
            if score >= best_score:
                best, best_score = candidate, score
        return best

    def build_minhash(self, shingles: set[bytes]) -> MinHash:
        minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=crc32_hash,
                          permutations=self._template.permutations)
        if shingles:
            minhash.update_batch(list(shingles))
        return minhash

    def signature_to_minhash(self, signature: bytes) -> MinHash:
        values = signature_from_bytes(signature)
        return MinHash(seed=SEED, scheme=SCHEME, hashfunc=crc32_hash, hashvalues=values,
                       permutations=self._template.permutations)

    def _insert(self, article_id: str, minhash: MinHash) -> None:
        if article_id in self._minhashes:
            return
        self._minhashes[article_id] = minhash
        self._lsh.insert(article_id, minhash)


def signature_to_bytes(minhash: MinHash) -> bytes:
    """Serialise a MinHash's hash values (512 bytes for 128 permutations)."""
    return np.asarray(minhash.hashvalues).astype(SIGNATURE_DTYPE).tobytes()


def signature_from_bytes(data: bytes) -> np.ndarray:
    """Hash values back from `signature_to_bytes`; ValueError when the length is wrong."""
    if len(data) != NUM_PERM * SIGNATURE_DTYPE.itemsize:
        raise ValueError(f"signature must be {NUM_PERM * SIGNATURE_DTYPE.itemsize} bytes")
    return np.frombuffer(data, dtype=SIGNATURE_DTYPE).astype(np.uint64)
