"""What a backup holds, in words: counted as everywhere in the app."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fibrolearn.domain.backups import BackupInfo, BackupReason


def holding(cards: int, reviews: int) -> BackupInfo:
    made = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
    return BackupInfo(Path("backup.zip"), made, BackupReason.MANUAL, 1000, cards, reviews, 0)


def test_large_counts_have_thousands_separators() -> None:
    assert holding(146_487, 1_005_044).contents == "146,487 cards and 1,005,044 reviews"


def test_one_card_and_one_review_are_in_the_singular() -> None:
    assert holding(1, 1).contents == "1 card and 1 review"
