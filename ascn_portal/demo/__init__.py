"""Fictional but plausible demo content for every member city (`manage.py seed_demo`)."""

from ascn_portal.demo.seed import DemoError, demo_remove, demo_seed

__all__ = ["DemoError", "demo_remove", "demo_seed"]
