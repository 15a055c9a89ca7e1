"""Spaced-repetition scheduling: the only package that imports ``fsrs``."""
