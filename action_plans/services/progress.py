"""Yearly progress updates of projects and the evidence files attached to them."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from action_plans.models import Evidence, ProgressUpdate, Project
from action_plans.services._common import by_actor, lock_plan, only_fields, require, validated
from action_plans.services.cycles import progress_lock_message, submission_touch
from action_plans.services.publication import in_publication
from action_plans.signals import progress_saved
from core import policy
from core.concurrency import VersionConflict, update_versioned
from core.uploads import EVIDENCE_KINDS, validate_upload

UPDATE_FIELDS = ("percent_complete", "status", "narrative", "challenges", "support_needed")


def reporting_years(plan) -> range:
    """Years a city may report progress for: those of the plan's period."""
    return plan.period.years


def _check_update(update: ProgressUpdate) -> None:
    percent = update.percent_complete
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError({"percent_complete": _("Give a percentage from 0 to 100.")})


def progress_update_save(
    *, project: Project, actor, year: int, data: dict, version: int | None
) -> ProgressUpdate:
    """Create the project's update for `year` (`version=None`) or change it. Progress is reported
    whatever the plan's workflow state: it does not wait for endorsement."""
    only_fields(data, UPDATE_FIELDS)
    require(policy.can_submit_progress(actor, project))
    return progress_update_record(
        project=project, actor=actor, year=year, data=data, version=version
    )


def progress_update_record(
    *, project: Project, actor, year: int, data: dict, version: int | None
) -> ProgressUpdate:
    """`progress_update_save` for a caller that asked the policy itself (the project import asks
    `policy.can_import_into`): the same years, the same cycle locks, the same history."""
    if year not in reporting_years(project.plan):
        raise ValidationError({"year": _("Progress can only be reported for the plan's years.")})
    locked = progress_lock_message(city_id=project.plan.city_id, year=year)
    if locked:
        raise ValidationError({"year": locked})
    with transaction.atomic():
        submission_touch(city_id=project.plan.city_id, year=year)
        # The plan first: a publication under way marks the updates it makes public when it
        # commits, a new update sees whether it is public once it has (ProgressUpdate.public).
        lock_plan(project.plan_id)
        Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
        current = ProgressUpdate.objects.filter(project=project, year=year).first()
        if current is None:
            update = _create_update(project, actor, year, data)
        else:
            update = _change_update(current, actor, data, version)
        progress_saved.send(sender=ProgressUpdate, update=update, actor=actor)
        return update


def _change_update(current, actor, data, version) -> ProgressUpdate:
    if version is None or current.version != version:
        raise VersionConflict(current, expected_version=version)
    validated(current, data, exclude=["project"], check=_check_update)
    changes = {**data, "submitted_by": actor, **by_actor(actor)}
    return update_versioned(current, expected_version=version, changes=changes)


def _create_update(project, actor, year, data) -> ProgressUpdate:
    update = ProgressUpdate(
        project=project,
        year=year,
        submitted_by=actor,
        public=in_publication(project),
        **data,
    )
    _check_update(update)
    update.full_clean(exclude=["project"])
    update._history_user = actor
    update.save()
    return update


def evidence_add(*, update: ProgressUpdate, actor, upload) -> Evidence:
    """Attach a file after checking its type by content and its size. It is stored under a random
    name: the name the user gave is only shown, never used as a path."""
    require(policy.can_submit_progress(actor, update.project))
    try:
        kind = validate_upload(upload, allowed=EVIDENCE_KINDS)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    original_name = upload.name[-200:]
    upload.name = f"{uuid.uuid4().hex}.{kind.extension}"
    return Evidence.objects.create(
        update=update,
        file=upload,
        original_name=original_name,
        content_type=kind.content_type,
        size=upload.size,
        uploaded_by=actor,
    )
