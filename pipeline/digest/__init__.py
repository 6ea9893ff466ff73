"""Digests: gather what changed since the last one, render it, deliver it.

    gather.py    window queries (warehouse/digest/*.sql) -> Digest (model.py)
    render.py    Jinja2 templates: md, email-safe html, text; chart.py draws the PNGs
    channels.py  file / email (mailer.py) / webhook (webhook.py, slack.py)
    ledger.py    the `digests` table: windows delivered or failed per channel
    run.py       run_digest: plan each channel's window, build, deliver, record
"""
from pipeline.digest.gather import gather_digest, parse_since
from pipeline.digest.model import DealChange, Digest, EntityRise, MoveReport, NewName, Story
from pipeline.digest.render import EmailContent, render_digest, render_email

__all__ = ["DealChange", "Digest", "EmailContent", "EntityRise", "MoveReport", "NewName", "Story",
           "gather_digest", "parse_since", "render_digest", "render_email"]
