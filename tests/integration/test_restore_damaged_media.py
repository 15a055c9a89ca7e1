"""A restore brings back a backup's collection though a picture in it is damaged (a bad
sector): the picture is left out and named, never the reason the answers are lost."""

from __future__ import annotations

import shutil

from test_backups import review_ids

from damaged_backups import DAMAGED_HEART, PICTURE, backup_with_a_damaged_picture
from fibrolearn.cli_backup import restored_lines
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.services.recovery import (
    finish_cut_short_restore,
    prepare_restore,
    restore_backup,
)
from fibrolearn.storage import backup_files
from fibrolearn.ui.collection_keeper import restored_words
from studying import answer


def test_a_backup_with_a_damaged_picture_restores_all_but_that_picture(
    services: Services, paths: AppPaths
) -> None:
    """Found in a bug hunt: File ▸ Backups refused the whole backup, answers and all, for one
    damaged picture; when it was the only backup, months of answers could not come back."""
    backup = backup_with_a_damaged_picture(services, paths)
    (paths.media_dir / "scans" / "heart.png").unlink()  # lost since, so the backup's is wanted
    (paths.media_dir / "brain.png").unlink()
    answer(services, 1)

    result = restore_backup(backup, paths, services)

    assert len(review_ids(paths.collection)) == 2
    assert (paths.media_dir / "brain.png").read_bytes() == b"a whole picture"
    assert not (paths.media_dir / "scans" / "heart.png").exists()  # never half a picture
    assert result.media_damaged == ("scans/heart.png",)
    assert restored_lines(result)[-1] == DAMAGED_HEART
    assert restored_words(result).endswith(DAMAGED_HEART)
    assert not list(paths.data_dir.glob(".restoring-*"))


def test_the_media_folder_s_own_copy_of_a_damaged_picture_stays(
    services: Services, paths: AppPaths
) -> None:
    backup = backup_with_a_damaged_picture(services, paths)

    restore_backup(backup, paths, services)

    assert (paths.media_dir / "scans" / "heart.png").read_bytes() == PICTURE


def test_a_restore_cut_short_names_the_damaged_picture_when_it_is_finished(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    backup = backup_with_a_damaged_picture(services, paths)
    services.close()
    damaged = backup_files.move_aside(paths.collection, "damaged", clock.now())
    with prepare_restore(backup, paths) as prepared:
        prepared.put_collection_in_place(kept=damaged)
        left = paths.data_dir / ".restoring-left-by-a-crash"  # killed here, before the media
        shutil.copytree(prepared.database.parent, left)

    finished = finish_cut_short_restore(paths)

    assert finished is not None and finished.media_damaged == ("scans/heart.png",)
    assert (paths.media_dir / "brain.png").read_bytes() == b"a whole picture"
