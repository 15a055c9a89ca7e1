"""Deleting many notes at once backs the collection up first, as an import does."""

from __future__ import annotations

import errno
import zipfile
from pathlib import Path
from typing import Any

import pytest

from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.browse import CardQuery, NoteDraft
from fibrolearn.domain.enums import NoteKind
from fibrolearn.paths import AppPaths
from fibrolearn.services.backups import BackupService
from fibrolearn.services.container import Services
from fibrolearn.services.notes import BULK_DELETE_NOTES


def add_notes(services: Services, count: int) -> list[int]:
    """Add ``count`` basic notes; returns the card ids of all cards afterwards."""
    deck_id = services.notes.decks()[0].deck_id
    for number in range(count):
        services.notes.add(deck_id, NoteDraft(NoteKind.BASIC, f"Question {number}?", "Answer."))
    return services.browse.card_ids(CardQuery(services.browse.parse("")), 0, 10_000)


def backups_in(paths: AppPaths) -> list[Path]:
    return sorted(paths.backups_dir.glob("*.zip")) if paths.backups_dir.is_dir() else []


def test_a_bulk_delete_is_backed_up_first_and_the_backup_holds_the_notes(
    services: Services, paths: AppPaths
) -> None:
    cards = add_notes(services, BULK_DELETE_NOTES + 1)
    assert len(cards) > BULK_DELETE_NOTES + 1  # the small deck's cards too

    report = services.notes.delete(cards)

    assert report.message.startswith("Deleted")
    newest = services.backups.newest()
    assert newest is not None and newest.reason is BackupReason.BEFORE_BULK_DELETE
    assert newest.path.name == "backup-20260304T120000Z-before-bulk-delete.zip"
    assert newest.cards == len(cards)  # taken before anything was deleted
    assert zipfile.ZipFile(newest.path).testzip() is None
    assert services.notes.undo() is not None  # undo still works as before
    assert newest.reason.label == "Before deleting cards"


def test_deleting_a_few_notes_takes_no_backup(services: Services, paths: AppPaths) -> None:
    add_notes(services, BULK_DELETE_NOTES)
    deck_id = services.notes.decks()[0].deck_id
    ids = services.browse.card_ids(CardQuery(services.browse.parse("Question")), 0, 100)
    assert len(ids) == BULK_DELETE_NOTES and deck_id

    services.notes.delete(ids)  # exactly the limit: not a bulk delete

    assert backups_in(paths) == []


def test_when_the_backup_fails_nothing_is_deleted(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    cards = add_notes(services, BULK_DELETE_NOTES + 1)

    def disk_full(_self: BackupService, _reason: BackupReason) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(BackupService, "backup", disk_full)
    with pytest.raises(OSError, match="No space left"):
        services.notes.delete(cards)

    assert len(services.browse.card_ids(CardQuery(services.browse.parse("")), 0, 10_000)) == len(
        cards
    )
    assert services.notes.undo_label == "add note"  # the delete never happened


def test_the_browse_delete_and_the_app_s_backups_share_one_lock(services: Services) -> None:
    """Two backups at once would remove each other's unfinished files."""
    other = BackupService(services.database, services.backups._clock)
    assert other._lock is services.backups._lock
