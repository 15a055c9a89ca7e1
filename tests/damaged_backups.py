"""Backups with a bad sector in a picture, as the tests of restoring past one make them."""

from __future__ import annotations

import hashlib
from pathlib import Path

from fibrolearn.domain.backups import BackupReason
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.storage.backup_media import store_of, stored_path
from studying import answer

PICTURE = b"a picture of the heart " * 200

# What a restore says of the picture backup_with_a_damaged_picture damages.
DAMAGED_HEART = (
    "The backup's copy of scans/heart.png is damaged, so it was not restored; any file of "
    "that name already in the media folder was left as it was."
)


def damage_the_picture(backup: Path) -> None:
    """Flip a byte inside the picture the backup holds (in the store its backups share, or in
    the archive itself, as earlier versions made them): a bad sector."""
    stored = stored_path(store_of(backup.parent), hashlib.sha256(PICTURE).hexdigest())
    damaged = stored if stored.exists() else backup
    data = bytearray(damaged.read_bytes())
    data[data.index(PICTURE) + 100] ^= 0xFF
    damaged.write_bytes(bytes(data))


def backup_with_a_damaged_picture(services: Services, paths: AppPaths) -> Path:
    """A backup of two answers, a whole picture and a damaged one (in a subfolder)."""
    (paths.media_dir / "scans").mkdir(parents=True)
    (paths.media_dir / "scans" / "heart.png").write_bytes(PICTURE)
    (paths.media_dir / "brain.png").write_bytes(b"a whole picture")
    answer(services, 2)
    backup = services.backups.backup(BackupReason.MANUAL).path
    damage_the_picture(backup)
    return backup
