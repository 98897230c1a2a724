"""Cities and countries: public pages only."""

from tests.matrix.spec import ReadOnly

URLS = {
    "cities:list": ReadOnly(),
    "cities:detail": ReadOnly(kwargs=lambda target: {"slug": "da-nang"}),
    "cities:country": ReadOnly(kwargs=lambda target: {"code": "VN"}),
}
