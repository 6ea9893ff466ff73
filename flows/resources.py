"""Things a flow-run process loads once: settings and the NLP extractor."""
from __future__ import annotations

import functools

from pipeline.config import Settings, load_settings


def load_flow_settings(config_path: str | None, db_path: str | None) -> Settings:
    """Settings for one flow run: the same resolution as the CLI (--config, --db, env)."""
    return load_settings(config_path, db_path)


@functools.cache
def get_extractor(entity_files: tuple = ()):
    """The NLP extractor for a story's entity files, loaded once per process (a flow-run
    subprocess or a Dask worker)."""
    from pipeline.nlp import load_extractor

    return load_extractor(entity_files=entity_files)
