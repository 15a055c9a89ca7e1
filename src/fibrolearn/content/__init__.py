"""Deck files and quiz generation: reading, validating, rendering; no Qt, no database."""
