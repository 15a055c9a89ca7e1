from __future__ import annotations

import os
from pathlib import Path

import pytest

from fibrolearn.whole_file import written_whole


def test_the_file_appears_whole_with_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "log.csv"
    with written_whole(target) as part:
        part.write_text("card_id\n")
        assert not target.exists()  # not until the content is complete
    assert target.read_text() == "card_id\n"
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
    assert [p.name for p in tmp_path.iterdir()] == ["log.csv"]


def test_a_failure_leaves_the_older_file_and_no_part(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_text("older")
    with pytest.raises(OSError, match="disk full"), written_whole(target) as part:
        part.write_text("half")
        raise OSError("disk full")
    assert target.read_text() == "older"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]
