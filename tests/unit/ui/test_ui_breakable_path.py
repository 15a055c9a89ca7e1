"""Paths in wrapped text may break after each folder, on Windows as elsewhere."""

from __future__ import annotations

from fibrolearn.ui.labels import breakable_path

BREAK = "\u200b"


def test_a_path_may_break_after_each_slash_or_backslash_and_reads_the_same() -> None:
    windows = r"C:\Users\Sam\AppData"
    assert breakable_path(windows) == f"C:\\{BREAK}Users\\{BREAK}Sam\\{BREAK}AppData"
    assert breakable_path("/home/sam") == f"/{BREAK}home/{BREAK}sam"
    assert breakable_path(windows).replace(BREAK, "") == windows


def test_text_without_a_path_is_left_as_it_is() -> None:
    assert breakable_path("Read-only: the disk was full.") == "Read-only: the disk was full."
