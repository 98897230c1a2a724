"""Site-wide pages outside the apps' own modules."""

from tests.matrix.spec import ReadOnly

URLS = {
    "home": ReadOnly(),
}
