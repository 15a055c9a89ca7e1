"""The record a restore keeps in its work folder from just before its swap.

Should a crash cut the restore short after the swap, the next start finishes it and says
what it did, from this record (see ``recovery.finish_cut_short_restore``).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from fibrolearn.domain.backups import BackupInfo, BackupReason, RestoreResult
from fibrolearn.storage import durable


def write_record(record: Path, result: RestoreResult) -> None:
    """Keep what the restore does at ``record``, on the disk."""
    safety = result.safety_backup
    recorded = {
        "backup": _recorded(result.restored),
        "kept": None if safety is None else _recorded(safety),
        "set_aside": None if result.kept is None else str(result.kept),
        "media_kept": result.media_kept,
        "media_damaged": result.media_damaged,
        "media_missing": result.media_missing,
    }
    record.write_text(json.dumps(recorded), "utf-8")
    durable.sync_file(record)
    durable.sync_folder(record.parent)


def recorded_restore(record: Path) -> RestoreResult | None:
    """What the record a restore left before its swap says it did; None if it cannot tell.

    The backups are described as they were then: the one restored may be gone since (a file
    from elsewhere, unplugged; one the backup made before the restore thinned out).
    """
    try:
        recorded = json.loads(record.read_text(encoding="utf-8"))
        safety, kept = recorded["kept"], recorded.get("set_aside")  # not in older records
        return RestoreResult(
            _described(recorded["backup"]),
            None if safety is None else _described(safety),
            None if kept is None else Path(kept),
            tuple(recorded.get("media_kept", ())),
            tuple(recorded.get("media_damaged", ())),  # not in older records
            tuple(recorded.get("media_missing", ())),  # nor this
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _recorded(info: BackupInfo) -> dict[str, object]:
    """A backup's description as a restore's record keeps it (see :func:`_described`)."""
    restoring = None if info.restoring is None else info.restoring.isoformat()
    return asdict(info) | {
        "path": str(info.path),
        "created_at": info.created_at.isoformat(),
        "restoring": restoring,
    }


def _described(recorded: dict[str, Any]) -> BackupInfo:
    """The backup a restore's record describes (see :func:`_recorded`)."""
    return BackupInfo(
        **recorded
        | {
            "path": Path(recorded["path"]),
            "created_at": datetime.fromisoformat(recorded["created_at"]),
            "reason": BackupReason(recorded["reason"]),
            "restoring": _time_or_none(recorded.get("restoring")),  # not in older records
        }
    )


def _time_or_none(recorded: str | None) -> datetime | None:
    return None if recorded is None else datetime.fromisoformat(recorded)
