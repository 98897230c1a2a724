"""Site-wide pages outside the apps' own modules."""

from tests.matrix.spec import ReadOnly

URLS = {
    "home": ReadOnly(),
    # The operator's health check (JSON): anyone may ask, nobody may write.
    "health": ReadOnly(),
}
