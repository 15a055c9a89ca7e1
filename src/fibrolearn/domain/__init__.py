"""Plain values shared by every layer: no Qt, no SQLAlchemy, no fsrs."""
