"""Long work's phases reach the window a few times a second, each phase and its end always."""

from __future__ import annotations

from fibrolearn.ui.tasks import PHASED_EVERY, PhasedRelay


def test_the_relay_passes_each_phase_its_end_and_a_few_reports_a_second() -> None:
    now = [0.0]
    relay = PhasedRelay(clock=lambda: now[0])
    told: list[tuple[str, int, int]] = []
    relay.told.connect(lambda what, done, total: told.append((what, done, total)))

    for done in range(1_000):  # a backup's thousand reports in no time
        relay("Backing up", done, 1_000)
    now[0] += PHASED_EVERY
    relay("Backing up", 500, 1_000)  # a while on
    relay("Backing up", 501, 1_000)
    relay("Backing up", 1_000, 1_000)  # its end
    relay("Loading", 0, 0)  # the next phase

    assert told == [
        ("Backing up", 0, 1_000),
        ("Backing up", 500, 1_000),
        ("Backing up", 1_000, 1_000),
        ("Loading", 0, 0),
    ]
