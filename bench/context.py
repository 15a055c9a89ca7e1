"""What every benchmark section gets: a work folder and the synthetic collections."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from bench.generate import Generated
from fibrolearn.paths import AppPaths, resolve_paths


@dataclass(frozen=True, slots=True)
class BenchContext:
    """Shared by the sections of one run.

    Attributes:
        work: A scratch folder for this run.
        collections: The generated collections by size name ("1k", "10k", "100k").
        repeats: How many times start-up is timed per case (more gives steadier medians).
    """

    work: Path
    collections: dict[str, Generated]
    repeats: int

    def data_dir(self, size: str, purpose: str) -> AppPaths:
        """A fresh data folder holding a copy of the ``size`` collection."""
        paths = resolve_paths(self.work / f"{purpose}-{size}")
        if paths.data_dir.exists():
            shutil.rmtree(paths.data_dir)
        paths.data_dir.mkdir(parents=True)
        shutil.copyfile(self.collections[size].path, paths.collection)
        return paths


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
