"""Keep a report of each error the code did not expect, in a file beside the collection.

The app never goes online, so a report is how such an error can be looked into: the learner
can open the file, or send it to whoever helps them. It holds what the traceback shows (the
app's code, and the names of files and folders), not the learner's cards: the engine hides
the values it binds into statements. Reports are appended to one file in the
data folder; when it grows past :data:`KEEP_BYTES`, it becomes the one older file kept and a
new one is begun, so the folder never fills up with them.
"""

from __future__ import annotations

import os
import platform
from contextlib import suppress
from datetime import datetime
from pathlib import Path

from fibrolearn import __version__

REPORTS_FILE = "errors.log"
KEEP_BYTES = 256 * 1024  # a few hundred reports; the one older file keeps as many again


def save_error_report(folder: Path, details: str, now: datetime) -> Path | None:
    """Append a report of an error (``details``: its traceback) to the reports file in ``folder``.

    Returns the file, or None when it could not be written (a full or read-only disk): the
    report is never worth a second error.
    """
    reports = folder / REPORTS_FILE
    header = (
        f"=== {now:%Y-%m-%d %H:%M:%S %z} · FibroLearn {__version__} · "
        f"Python {platform.python_version()} · {platform.platform()}\n"
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if reports.exists() and reports.stat().st_size > KEEP_BYTES:
            os.replace(reports, reports.with_name(REPORTS_FILE + ".1"))
        _append_whole(reports, f"{header}{details}\n")
    except OSError:
        return None
    return reports


def _append_whole(reports: Path, report: str) -> None:
    """Append ``report`` to ``reports``, or leave the file as long as it was.

    A disk that fills up midway leaves part of the report written: it is cut off again (if
    the disk lets it), so the file holds whole reports and the next one starts on its own line.
    """
    kept = reports.stat().st_size if reports.exists() else 0
    try:
        with reports.open("a", encoding="utf-8", errors="backslashreplace") as file:
            file.write(report)
    except OSError:
        # Cut once the file is closed: closing writes what was still buffered, if it can.
        with suppress(OSError):
            os.truncate(reports, kept)
        raise
