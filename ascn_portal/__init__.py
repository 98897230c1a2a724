import os

# pikepdf (the report's PDF join) brings lxml, and openpyxl switches to an lxml writer when it
# finds it, one that drops a cell's leading whitespace and raw carriage returns
# (tests/core/test_spreadsheet_safety.py): openpyxl keeps its own writer. Read by openpyxl when
# it is first imported, so set before anything imports it.
os.environ.setdefault("OPENPYXL_LXML", "False")

from ascn_portal.celery import app as celery_app  # noqa: E402

__all__ = ["celery_app"]
