"""Where the PDF report's pages start: full pages, never through a block that fits on one."""

from __future__ import annotations

from fibrolearn.ui.progress_report import page_tops


def test_without_blocks_pages_are_full() -> None:
    assert page_tops(250, 100, []) == [0, 100, 200]
    assert page_tops(100, 100, []) == [0]


def test_a_block_that_would_be_cut_starts_the_next_page() -> None:
    # A chart from 80 to 150 would straddle the first break at 100.
    assert page_tops(300, 100, [(80, 150)]) == [0, 80, 180, 280]


def test_the_earliest_of_several_cut_blocks_decides() -> None:
    # Two charts side by side and one lower down: the page ends above the first row.
    blocks = [(60, 130), (60, 140), (90, 120)]
    assert page_tops(200, 100, blocks) == [0, 60, 160]


def test_a_block_taller_than_a_page_is_cut_where_it_must_be() -> None:
    assert page_tops(300, 100, [(50, 260)]) == [0, 100, 200]


def test_a_block_starting_a_page_does_not_stop_progress() -> None:
    assert page_tops(200, 100, [(0, 150)]) == [0, 100]
