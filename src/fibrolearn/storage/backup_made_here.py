"""Which backups FibroLearn made in its backups folder: only they count by their number.

Only they are thinned out, too. A backup copied in from another computer (to restore it
from the Backups window, say) keeps the name FibroLearn gave it there, and the number in its
manifest counts that computer's backups. Taken for one of this folder's own, it came among
the oldest, and the next backup thinned it out before the learner could restore it. So the
names of the backups made in the folder are kept in a small file beside the folder (in it,
it would pass for a file the learner put there), which a copied backup never is in.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path

from fibrolearn.storage.json_text import parse_json
from fibrolearn.whole_file import written_whole


def _record_file(folder: Path) -> Path:
    """Where the record of the backups made in ``folder`` is kept: beside it."""
    return folder.with_name(f".{folder.name}-made-here.json")


def made_here(folder: Path) -> frozenset[str] | None:
    """The names of the backups FibroLearn made in ``folder``; None when it has no record.

    An earlier FibroLearn kept none; a record that cannot be read counts as none.
    """
    try:
        names = parse_json(_record_file(folder).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        return None
    return frozenset(names)


def record_made(folder: Path, made: str, present: Collection[str]) -> None:
    """Add the backup ``made`` to the record, leaving out names no longer ``present``.

    Without a record, every backup ``present`` counts as made here: an earlier FibroLearn made
    them, as it did not record which it made.
    """
    known = made_here(folder)
    names = set(present) if known is None else known & set(present)
    with written_whole(_record_file(folder)) as part:
        part.write_text(json.dumps(sorted(names | {made}), ensure_ascii=False), encoding="utf-8")
