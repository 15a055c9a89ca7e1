"""Counts in words, the same in every message: "1 card", "2 cards", "12,580 answers"."""

from __future__ import annotations


def counted(count: int, word: str, plural: str | None = None) -> str:
    """``count`` and ``word``, made plural (``plural``, else ``word`` + "s") unless it is 1."""
    return f"{count:,} {word if count == 1 else plural or word + 's'}"
