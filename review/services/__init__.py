"""Every write of the review app (STYLE.md: services): flags and their answers, query threads,
snapshots and their amendments."""

from review.services.flags import flag_answer, flags_refresh_update, flags_refresh_value
from review.services.queries import query_open, query_reply, query_resolve
from review.services.snapshots import snapshot_amend, snapshot_repoint, snapshots_freeze

__all__ = [
    "flag_answer",
    "flags_refresh_update",
    "flags_refresh_value",
    "query_open",
    "query_reply",
    "query_resolve",
    "snapshot_amend",
    "snapshot_repoint",
    "snapshots_freeze",
]
