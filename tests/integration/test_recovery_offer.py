"""Which backup the start-up check offers for a damaged collection: one that restores whole."""

from __future__ import annotations

from datetime import timedelta

import pytest
from test_backups import review_ids
from test_recovery import wreck

from damaged_backups import PICTURE, damage_the_picture
from fibrolearn.cli_backup import recovery_hint
from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.services.recovery import (
    CollectionDamagedError,
    CollectionMissingError,
    check_collection,
    restore_backup,
    start_empty,
)
from studying import answer


def test_the_newest_backup_is_offered_though_a_picture_in_it_is_damaged(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    """A bad sector in a picture no longer costs the answers: the older backup offered in
    its place lacked the newest answer, which the damaged backup's collection held whole."""
    paths.media_dir.mkdir(parents=True)
    (paths.media_dir / "heart.png").write_bytes(PICTURE)
    answer(services, 2)
    services.backups.backup(BackupReason.MANUAL)
    clock.advance(timedelta(hours=1))
    answer(services, 1)
    newest = services.backups.backup(BackupReason.MANUAL)
    services.close()
    damage_the_picture(newest.path)
    wreck(paths.collection)

    with pytest.raises(CollectionDamagedError) as raised:
        check_collection(paths)
    assert raised.value.backup == newest

    result = restore_backup(newest.path, paths, None, raised.value.moved_to)
    assert result.media_damaged == ("heart.png",)
    assert len(review_ids(paths.collection)) == 3
    # The media folder's own copy stays, not replaced by the backup's damaged one.
    assert (paths.media_dir / "heart.png").read_bytes() == PICTURE
    check_collection(paths)  # whole again


def test_a_backup_whose_only_picture_is_damaged_is_still_offered(
    services: Services, paths: AppPaths
) -> None:
    paths.media_dir.mkdir(parents=True)
    (paths.media_dir / "heart.png").write_bytes(PICTURE)
    only = services.backups.backup(BackupReason.MANUAL)
    damage_the_picture(only.path)
    services.close()
    wreck(paths.collection)

    with pytest.raises(CollectionDamagedError) as raised:
        check_collection(paths)
    assert raised.value.backup == only


def test_a_missing_collection_beside_damaged_backups_only_is_not_started_anew_unasked(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    """Found in a bug hunt: with the collection gone and every backup cut short (a full disk
    as they were copied), FibroLearn started a new, empty collection without a word, as in a
    folder that never held one."""
    for _ in range(2):
        made = services.backups.backup(BackupReason.MANUAL).path
        made.write_bytes(made.read_bytes()[:300])
        clock.advance(timedelta(hours=1))
    services.close()
    paths.collection.unlink()

    with pytest.raises(CollectionMissingError) as raised:
        check_collection(paths)
    assert raised.value.backup is None
    assert str(raised.value) == (
        f"There is no collection at {paths.collection}, but its folder holds backups of one, "
        "so FibroLearn did not start a new, empty one. None of the 2 backups passed the "
        "check, so there is none to restore."
    )
    assert recovery_hint(raised.value, paths) == (
        "To start with an empty collection, open FibroLearn, which asks first."
    )
    start_empty(paths)  # the learner's choice, asked
    check_collection(paths)
