"""Zip members dated within the years zip holds, whatever the machine's clock says.

A zip date runs from 1980 to 2107. A machine whose clock battery ran out starts in 1970 (and
FibroLearn never goes online to be told the time): zipfile, dating a member by that clock,
failed every backup and export with "ZIP does not support timestamps before 1980".
"""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime

_ZIP_FIRST, _ZIP_LAST = (1980, 1, 1, 0, 0, 0), (2107, 12, 31, 23, 59, 59)


def dated_member(name: str, moment: datetime) -> zipfile.ZipInfo:
    """A compressed member named ``name``, dated ``moment`` (UTC) or the nearest time zip holds.

    For files written from disk, ``ZipFile(strict_timestamps=False)`` does the same.
    """
    made = min(max(moment.astimezone(UTC).timetuple()[:6], _ZIP_FIRST), _ZIP_LAST)
    member = zipfile.ZipInfo(name, date_time=made)
    member.compress_type = zipfile.ZIP_DEFLATED
    return member
