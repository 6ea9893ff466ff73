"""Digests: gather what changed since the last one, render it, deliver it."""
from pipeline.digest.gather import Digest, gather_digest, parse_since
from pipeline.digest.render import render_digest

__all__ = ["Digest", "gather_digest", "parse_since", "render_digest"]
