"""Backups made within one second are listed newest first, so the newest is the one offered.

Backup times are kept to the second; a number after the reason (counted across reasons)
orders backups of the same second, and names written before that still sort right.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating
from fibrolearn.paths import AppPaths
from fibrolearn.services.backups import list_backups, named_by_fibrolearn
from fibrolearn.services.container import Services
from fibrolearn.services.recovery import newest_good_backup
from fibrolearn.storage import migrate
from fibrolearn.storage.backup_archive import stamp
from fibrolearn.storage.migrate import backup_before_upgrade, open_collection


def answer_one(services: Services) -> None:
    card = services.study.next_card(services.decks.list_decks()[0].deck_id)
    assert card is not None
    services.study.answer(card.card_id, Rating.GOOD, 1000, shown_state=card.state)


def test_backups_of_one_second_are_listed_newest_first(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    made = []  # the clock stands still: every backup falls in the same second
    for reason in (BackupReason.START, BackupReason.START, BackupReason.BEFORE_BULK_DELETE):
        answer_one(services)
        made.append(services.backups.backup(reason))
    made += [services.backups.backup(BackupReason.MANUAL) for _ in range(9)]  # up to -12

    assert [info.path.name for info in made[:3]] == [
        "backup-20260304T120000Z-start.zip",  # the names older versions wrote stay the same
        "backup-20260304T120000Z-start-2.zip",
        "backup-20260304T120000Z-before-bulk-delete-3.zip",  # numbered across reasons
    ]
    assert made[-1].path.name == "backup-20260304T120000Z-manual-12.zip"
    listed = services.backups.list_backups()
    # All are kept: the ten made on purpose are the policy's ten most recent of their kind,
    # and the two start-up backups, routine ones, are counted apart and cannot push them out.
    assert [b.path for b in listed] == [b.path for b in reversed(made)]
    assert services.backups.newest() == made[-1]


def test_names_from_older_versions_sort_by_their_number(
    services: Services, paths: AppPaths
) -> None:
    """`backup-T-start-2.zip` was made after `backup-T-start.zip`, although it sorts first."""
    answer_one(services)
    first = services.backups.backup(BackupReason.START)
    answer_one(services)
    later = services.backups.backup(BackupReason.PERIODIC)
    services.close()
    # Lay them out as an older FibroLearn named them (numbered per reason), with file times
    # that say nothing (copied from another disk, say).
    older_name = first.path.with_name("backup-20260304T120000Z-start-2.zip")
    shutil.move(later.path, older_name)
    same_time = first.path.stat().st_mtime_ns
    os.utime(older_name, ns=(same_time, same_time))

    listed = list_backups(paths.backups_dir)
    assert [b.path.name for b in listed] == [older_name.name, first.path.name]
    assert listed[0].reviews == 2  # the later backup, with both answers
    paths.collection.unlink()
    for companion in paths.data_dir.glob("collection.sqlite3-*"):
        companion.unlink()
    offered = newest_good_backup(paths)
    assert offered is not None and offered.path == older_name


def test_a_number_is_read_as_a_number(paths: AppPaths, services: Services) -> None:
    for _ in range(10):
        services.backups.backup(BackupReason.MANUAL)
    names = [b.path.name for b in list_backups(paths.backups_dir)]
    assert names[:2] == [
        "backup-20260304T120000Z-manual-10.zip",
        "backup-20260304T120000Z-manual-9.zip",
    ]
    assert names[-1] == "backup-20260304T120000Z-manual.zip"


def test_backups_of_different_seconds_sort_by_time(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    first = services.backups.backup(BackupReason.MANUAL)
    clock.advance(timedelta(seconds=1))
    second = services.backups.backup(BackupReason.MANUAL)
    assert second.path.name == "backup-20260304T120001Z-manual.zip"  # a new second: no number
    assert [b.path for b in list_backups(paths.backups_dir)] == [second.path, first.path]


def test_a_backup_stamped_while_the_clock_ran_ahead_does_not_pass_for_the_newest(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    """Found in review: the clock a day fast at start, then put right by the system."""
    started = clock.now()
    answer_one(services)
    clock.advance(timedelta(days=1))
    ahead = services.backups.backup(BackupReason.START)
    clock.set(started + timedelta(minutes=10))
    answer_one(services)
    clock.advance(timedelta(minutes=5))

    # The periodic backup does not wait a day for the stamp ahead to pass.
    since = services.backups.backup_if_due()

    assert since is not None and since.reviews == 2 and since.created_at < ahead.created_at
    assert [b.path for b in services.backups.list_backups()] == [since.path, ahead.path]
    assert services.backups.backup_if_due() is None  # and then waits its 30 minutes
    services.close()
    paths.collection.unlink()
    offered = newest_good_backup(paths)
    assert offered is not None and offered.path == since.path


def test_a_copy_made_before_an_upgrade_comes_by_its_time_among_numbered_backups(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    """Found in review: unnumbered, it was listed as the oldest and thinned at the next backup."""
    answer_one(services)
    for _ in range(10):  # as many made on purpose as the policy keeps of their kind
        services.backups.backup(BackupReason.BEFORE_IMPORT)
        clock.advance(timedelta(days=1))
    services.close()
    made = backup_before_upgrade(paths.collection, paths.backups_dir, "0016")
    # Named by the system's clock: named here by the test's, as they would agree.
    upgrade_copy = made.rename(made.with_name(f"before-upgrade-{stamp(clock.now())}.sqlite3"))
    reopened = Services.build(open_collection(paths.collection, paths.backups_dir), clock)
    try:
        assert reopened.backups.newest().path == upgrade_copy  # type: ignore[union-attr]
        clock.advance(timedelta(minutes=1))
        after = reopened.backups.backup(BackupReason.START)
        listed = [b.path for b in reopened.backups.list_backups()]
    finally:
        reopened.close()
    assert listed[:2] == [after.path, upgrade_copy]


def test_the_copy_made_before_an_upgrade_keeps_its_name_through_a_power_cut(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in a bug hunt (reasoned): its rename was not made durable before the upgrade
    changed the collection, so a power cut could leave only the unfinished name."""
    services.close()
    synced: list[Path] = []
    monkeypatch.setattr(migrate, "sync_folder", synced.append)
    made = backup_before_upgrade(paths.collection, paths.backups_dir, "0016")
    assert made.exists() and synced == [paths.backups_dir]


def test_copies_made_before_upgrades_within_one_second_are_both_kept(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in a bug hunt: two upgrades from the same schema within one second gave their
    copies the same name, and the second replaced the first."""
    answer_one(services)
    services.close()
    monkeypatch.setattr(migrate, "stamp", lambda _moment: "20260304T120000Z")  # one second
    first = backup_before_upgrade(paths.collection, paths.backups_dir, "0016")
    with sqlite3.connect(paths.collection) as connection:
        connection.execute("DELETE FROM reviews")  # what the first copy holds, and no other
    connection.close()
    second = backup_before_upgrade(paths.collection, paths.backups_dir, "0016")

    assert first.name == "before-upgrade-from-0016-20260304T120000Z.sqlite3"
    assert second.name == "before-upgrade-from-0016-20260304T120000Z-2.sqlite3"
    listed = list_backups(paths.backups_dir)
    assert [(b.path, b.reviews) for b in listed] == [(second, 0), (first, 1)]  # newest first
    assert all(named_by_fibrolearn(b.path) for b in listed)  # thinned like every copy
