"""Counts in words, the same in every message: "1 card", "2 cards", "12,580 answers"."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fibrolearn.domain.statistics import RevlogImport


def counted(count: int, word: str, plural: str | None = None) -> str:
    """``count`` and ``word``, made plural (``plural``, else ``word`` + "s") unless it is 1."""
    return f"{count:,} {word if count == 1 else plural or word + 's'}"


def revlog_import_summary(report: RevlogImport) -> str:
    """What importing a review log added and skipped, for the window and the command line."""
    text = f"Imported {counted(report.imported, 'answer')} about {counted(report.cards, 'card')}"
    if report.duplicates:
        verb = "was" if report.duplicates == 1 else "were"
        text += f"; {report.duplicates:,} already in your log {verb} skipped"
    text += "."
    if report.shared_ids:
        names = "names a card id" if report.shared_ids == 1 else "name card ids"
        text += (
            f" {counted(report.shared_ids, 'answer')} {names} this collection also uses: kept "
            "as history, so no card's schedule changed."
        )
    return text
