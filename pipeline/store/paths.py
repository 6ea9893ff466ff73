"""Where the SQL files of the warehouse live (shipped next to the package)."""
from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
WAREHOUSE_DIR = REPO_ROOT / "warehouse"
MIGRATIONS_DIR = WAREHOUSE_DIR / "migrations"
VIEWS_DIR = WAREHOUSE_DIR / "views"
QUERIES_DIR = WAREHOUSE_DIR / "queries"
MODELS_DIR = REPO_ROOT / "models"
