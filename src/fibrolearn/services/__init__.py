"""Use cases. Each call owns its transaction and returns domain values, never ORM objects."""
