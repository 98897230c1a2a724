"""Fictional but plausible demo content for every member city (`manage.py seed_demo`, the
entry points are in `demo.seed`)."""
