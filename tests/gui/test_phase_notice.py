"""A long job's phases: all shown, and a screen reader told of those that go on."""

from __future__ import annotations

from fibrolearn.domain.progress import BACKING_UP_FIRST
from fibrolearn.ui.phase_notice import SAID_AFTER_S, PhaseNotice


def test_a_phase_is_said_once_it_has_gone_on_a_second_and_a_quick_one_never() -> None:
    now = [0.0]
    said: list[tuple[str, bool]] = []
    notice = PhaseNotice(
        "Loading mine.toml", lambda text, heard: said.append((text, heard)), lambda: now[0]
    )

    notice("Reading the file", 100, 100)  # over at once
    notice(BACKING_UP_FIRST, 10, 100)
    now[0] += SAID_AFTER_S / 2
    notice(BACKING_UP_FIRST, 40, 100)
    now[0] += SAID_AFTER_S / 2
    notice(BACKING_UP_FIRST, 70, 100)
    now[0] += SAID_AFTER_S
    notice(BACKING_UP_FIRST, 90, 100)

    assert said == [
        ("Loading mine.toml: reading the file… 100 %", False),
        ("Loading mine.toml: backing up your collection first… 10 %", False),
        ("Loading mine.toml: backing up your collection first… 40 %", False),
        ("Loading mine.toml: backing up your collection first… 70 %", True),
        ("Loading mine.toml: backing up your collection first… 90 %", False),
    ]
