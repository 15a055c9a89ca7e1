"""Backups as FibroLearn made them before their media were shared: the media in the archive."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

from fibrolearn.storage.backup_archive import COLLECTION_MEMBER, MANIFEST_MEMBER, MEDIA_PREFIX
from fibrolearn.storage.backup_media import MEDIA_INDEX_MEMBER, store_of, stored_path


def as_format_one(backup: Path) -> None:
    """Rewrite ``backup`` as format 1 made it: each media file it names held in it, as is."""
    with zipfile.ZipFile(backup) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    index = json.loads(members.pop(MEDIA_INDEX_MEMBER))
    manifest = json.loads(members[MANIFEST_MEMBER]) | {"format": 1}
    store = store_of(backup.parent)
    with zipfile.ZipFile(backup, "w") as archive:
        archive.writestr(COLLECTION_MEMBER, members[COLLECTION_MEMBER])
        for name, (digest, _size) in index.items():
            archive.write(stored_path(store, digest), MEDIA_PREFIX + name)
        archive.writestr(MANIFEST_MEMBER, json.dumps(manifest))


def without_shared_media(backups_dir: Path) -> None:
    """Remove the media the backups share, as a folder of format 1 backups has none."""
    shutil.rmtree(store_of(backups_dir))
