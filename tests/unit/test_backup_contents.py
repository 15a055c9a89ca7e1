"""What a backup holds, in words: counted as everywhere in the app."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from fibrolearn.domain.backups import NAME_NOT_TEXT, BackupInfo, BackupReason, UnreadableMedia


def holding(cards: int, reviews: int) -> BackupInfo:
    made = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
    return BackupInfo(Path("backup.zip"), made, BackupReason.MANUAL, 1000, cards, reviews, 0)


def test_large_counts_have_thousands_separators() -> None:
    assert holding(146_487, 1_005_044).contents == "146,487 cards and 1,005,044 reviews"


def test_one_card_and_one_review_are_in_the_singular() -> None:
    assert holding(1, 1).contents == "1 card and 1 review"


def test_media_left_out_are_named_three_at_most_and_the_rest_counted() -> None:
    left_out = tuple(UnreadableMedia(f"{n}.png", "Permission denied") for n in range(5))
    backup = replace(holding(5, 2), unreadable_media=left_out)
    assert backup.media_left_out() == "0.png, 1.png, 2.png and 2 others"
    assert backup.left_out == (
        "It left out 5 media files FibroLearn could not open: 0.png (Permission denied), "
        "1.png (Permission denied), 2.png (Permission denied) and 2 others. Make them "
        "readable so that the next backups hold them; your cards and answers are all in it."
    )
    assert holding(5, 2).left_out == ""


def test_a_file_to_rename_is_told_apart_from_files_to_make_readable() -> None:
    left_out = (
        UnreadableMedia("cat.jpg", "Permission denied"),
        UnreadableMedia("caf\ufffd.png", NAME_NOT_TEXT),
        UnreadableMedia("\ufffdt\ufffd.png", NAME_NOT_TEXT),
    )
    backup = replace(holding(5, 2), unreadable_media=left_out)
    assert backup.left_out == (
        "It left out 1 media file FibroLearn could not open: cat.jpg (Permission denied). "
        "Make it readable so that the next backups hold it. It also left out 2 media files "
        "whose names are not UTF-8 text, so a backup cannot hold them: caf\ufffd.png and "
        "\ufffdt\ufffd.png (\ufffd marks what FibroLearn cannot read). Rename them in the "
        "media folder so that the next backups hold them; your cards and answers are all in it."
    )
