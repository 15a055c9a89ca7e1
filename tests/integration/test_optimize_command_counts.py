"""``fibrolearn optimize`` counts the answers a fit learns from only where it needs them.

Counting them scans the whole log (0.3 s at a million answers): ``--defaults`` counted them
only to say whether a fit had been in use, and a fit counted them twice.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from fibrolearn.paths import AppPaths
from fibrolearn.scheduling.fsrs_scheduler import DEFAULT_PARAMETERS
from fibrolearn.services.container import Services
from log_previews import answers_log

# ``fibrolearn optimize ARGS`` in a process of its own that tells each exact count on stderr.
_COUNTING = """
import sys
from fibrolearn import cli
from fibrolearn.storage import revlog_repo
count = revlog_repo.review_count
def counting(session):
    made = count(session)
    print(f"counted {made}", file=sys.stderr)
    return made
revlog_repo.review_count = counting
sys.exit(cli.main(sys.argv[1:]))
"""


def optimize(paths: AppPaths, *options: str) -> tuple[dict[str, object], list[str]]:
    """What ``fibrolearn optimize OPTIONS`` printed, and the counts it made."""
    argv = ["--data-dir", str(paths.data_dir), "optimize", *options]
    result = subprocess.run(
        [sys.executable, "-c", _COUNTING, *argv],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr.splitlines()


def enough_history(services: Services, paths: AppPaths) -> None:
    """Half a year of 12 cards' answers: a little over what a fit needs."""
    services.revlog.import_csv(
        answers_log(paths.data_dir / "a.csv", date(2025, 1, 1), cards=12, days=185, card_base=1)
    )


def test_going_back_to_the_defaults_counts_nothing(services: Services, paths: AppPaths) -> None:
    enough_history(services, paths)
    services.optimize.apply(services.optimize.fit())
    services.close()

    printed, counts = optimize(paths, "--defaults")
    assert printed == {"parameters": "default", "fit_left": True}
    assert counts == []


def test_a_fit_counts_the_log_once(services: Services, paths: AppPaths) -> None:
    enough_history(services, paths)
    services.close()

    printed, counts = optimize(paths, "--json")
    assert len(printed["parameters"]) == len(DEFAULT_PARAMETERS)  # type: ignore[arg-type]
    assert counts == [f"counted {printed['reviews']}"]
