"""The start-up check reads each backup once: one can be hundreds of megabytes, and the
learner whose collection was just damaged waits for every read."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from test_recovery import healthy_with_backups, wreck, wreck_backup

from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.services.recovery import (
    CollectionDamagedError,
    CollectionMissingError,
    check_collection,
)
from fibrolearn.storage import backup_archive


def _reads_counted(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[str, str]]:
    """How often each backup's manifest is read and its collection unpacked, by file name."""
    reads: Counter[tuple[str, str]] = Counter()
    for name in ("read_manifest", "extract_collection"):
        real = getattr(backup_archive, name)

        def counted(path: Path, *rest: object, real: Callable = real, name: str = name) -> object:
            reads[name, path.name] += 1
            return real(path, *rest)

        monkeypatch.setattr(backup_archive, name, counted)
    return reads


def _zero_the_start(collection: Path) -> None:
    data = bytearray(collection.read_bytes())
    data[:100] = bytes(100)  # SQLite's header, as a crash of the disk can leave it
    collection.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("backups_damaged", "damage"),
    [
        (False, wreck),  # the newest backup is offered
        (True, wreck),  # every one is checked, then counted
        (False, _zero_the_start),  # the folder is listed first, to tell damage from a stranger
        (True, Path.unlink),  # missing: counted when none is good
    ],
)
def test_each_backup_is_read_once_to_find_the_one_to_offer(
    services: Services,
    paths: AppPaths,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    backups_damaged: bool,
    damage: Callable[[Path], object],
) -> None:
    made = healthy_with_backups(services, clock)
    if backups_damaged:
        for backup in made:
            wreck_backup(backup, paths.data_dir / "unpacked.sqlite3")
    damage(paths.collection)
    reads = _reads_counted(monkeypatch)

    with pytest.raises((CollectionDamagedError, CollectionMissingError)) as raised:
        check_collection(paths)

    assert (raised.value.backup is None) == backups_damaged
    assert {backup for _read, backup in reads} == {backup.name for backup in made}
    assert max(reads.values()) == 1, reads
