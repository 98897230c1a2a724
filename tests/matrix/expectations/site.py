"""Site-wide pages outside the apps' own modules."""

from tests.matrix.spec import ReadOnly

URLS = {
    "home": ReadOnly(),
    # The start page of the signed-in person's role; the public is sent home.
    "start": ReadOnly(),
    # The operator's health check (JSON): anyone may ask, nobody may write.
    "health": ReadOnly(),
    "open_data_catalog": ReadOnly(),
    "open_data_file": ReadOnly(kwargs=lambda target: {"name": "projects", "file_format": "csv"}),
}
