"""Writes on the indicator catalogue beyond loading it: taking entries out.

The catalogue is reference data (reference/data/indicator_catalogue.csv); the loader creates and
updates its entries, and retires those the file no longer lists, through here.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from action_plans.services._common import by_actor
from core.concurrency import update_versioned


def catalogue_entries_retire(*, entries: QuerySet, actor) -> list[str]:
    """Take `entries` out of the catalogue; their codes, in order.

    A project indicator that referenced one stays, as a custom indicator with its own name, unit,
    direction and values. This is a correction of reference data, not an edit of a plan: it is
    applied to the working copy and to the published layer alike (so no public page or IATI file
    keeps a withdrawn code) and opens no new revision. Each indicator's version is bumped, so an
    editor still showing the old reference gets a conflict rather than re-attaching it, and its
    history says why it changed."""
    codes = []
    with transaction.atomic():
        for entry in entries.order_by("code").select_for_update():
            reason = _("Catalogue entry %(code)s withdrawn from the reference data") % {
                "code": entry.code
            }
            for indicator in entry.project_indicators.order_by("pk"):
                update_versioned(
                    indicator,
                    expected_version=None,
                    changes={"catalogue": None, **by_actor(actor, reason)},
                )
            entry.delete()
            codes.append(entry.code)
    return codes
