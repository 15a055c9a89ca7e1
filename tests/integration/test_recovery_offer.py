"""Which backup the start-up check offers for a damaged collection: one that restores whole."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from test_recovery import wreck

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

PICTURE = b"a picture of the heart " * 200


def damage_the_picture(backup: Path) -> None:
    """Flip a byte inside the picture the backup holds (stored as it is): a bad sector."""
    data = bytearray(backup.read_bytes())
    data[data.index(PICTURE) + 100] ^= 0xFF
    backup.write_bytes(bytes(data))


def test_a_backup_whose_picture_is_damaged_is_passed_over_for_a_whole_one(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    """Found in a bug hunt: the newest backup, its collection whole but a picture in it
    damaged, was offered as "the newest good backup"; restoring it stopped at the picture, and
    the same backup was offered again, and again, without a word about why."""
    paths.media_dir.mkdir(parents=True)
    (paths.media_dir / "heart.png").write_bytes(PICTURE)
    answer(services, 2)
    whole = services.backups.backup(BackupReason.MANUAL)
    clock.advance(timedelta(hours=1))
    answer(services, 1)
    damaged = services.backups.backup(BackupReason.MANUAL)
    services.close()
    damage_the_picture(damaged.path)
    wreck(paths.collection)

    with pytest.raises(CollectionDamagedError) as raised:
        check_collection(paths)
    assert raised.value.backup == whole

    restore_backup(whole.path, paths, None, raised.value.moved_to)
    assert (paths.media_dir / "heart.png").read_bytes() == PICTURE
    check_collection(paths)  # whole again


def test_with_its_only_backup_s_picture_damaged_none_is_offered(
    services: Services, paths: AppPaths
) -> None:
    paths.media_dir.mkdir(parents=True)
    (paths.media_dir / "heart.png").write_bytes(PICTURE)
    damage_the_picture(services.backups.backup(BackupReason.MANUAL).path)
    services.close()
    wreck(paths.collection)

    with pytest.raises(CollectionDamagedError) as raised:
        check_collection(paths)
    assert raised.value.backup is None
    assert raised.value.no_backup == (
        "The only backup did not pass the check either, so there is none to restore."
    )


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
