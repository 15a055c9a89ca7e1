"""Deck packages written by Anki's own library, as a learner exports them from Anki."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def write_anki_package(
    col: Any, path: Path, *, scheduling: bool = False, media: bool = False, legacy: bool = False
) -> Path:
    """Export Anki's collection ``col`` whole to ``path``; with its scheduling (and deck
    options), its media, or in the legacy format (collection.anki21) as asked."""
    from anki.collection import ExportAnkiPackageOptions

    col.export_anki_package(
        out_path=str(path),
        options=ExportAnkiPackageOptions(
            with_scheduling=scheduling,
            with_deck_configs=scheduling,
            with_media=media,
            legacy=legacy,
        ),
        limit=None,
    )
    return path
