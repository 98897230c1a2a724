"""Plausibility flags: raised (or cleared) each time a progress update or an indicator value is
saved, answered by the city with an explanation, an evidence file or a link."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from action_plans.models import IndicatorValue, ProgressUpdate
from core import policy
from core.uploads import EVIDENCE_KINDS, validate_upload
from review import rules
from review.models import Flag
from review.services._common import require


def flags_refresh_update(*, update: ProgressUpdate) -> list[Flag]:
    previous = (
        ProgressUpdate.objects.filter(project=update.project_id, year__lt=update.year)
        .order_by("-year")
        .first()
    )
    findings = rules.check_progress(update, previous)
    project = update.project
    return _refresh(
        Flag.objects.filter(update=update),
        findings,
        city_id=project.plan.city_id,
        year=update.year,
        project_id=project.pk,
        update=update,
    )


def flags_refresh_value(*, value: IndicatorValue) -> list[Flag]:
    indicator = value.indicator
    earlier = (
        IndicatorValue.objects.filter(indicator=indicator.pk, year__lt=value.year)
        .order_by("-year")
        .values_list("value", flat=True)
        .first()
    )
    previous = earlier if earlier is not None else indicator.baseline_value
    findings = rules.check_value(value, indicator, previous)
    return _refresh(
        Flag.objects.filter(value=value),
        findings,
        city_id=indicator.project.plan.city_id,
        year=value.year,
        project_id=indicator.project_id,
        value=value,
    )


def _refresh(existing, findings, **where) -> list[Flag]:
    """Keep the flags whose rule still fires (with their answer, unless the figures it explained
    changed), raise the new ones, drop those that no longer fire."""
    by_rule = {flag.rule: flag for flag in existing}
    fired = {finding.rule for finding in findings}
    Flag.objects.filter(pk__in=[f.pk for r, f in by_rule.items() if r not in fired]).delete()
    kept = []
    for finding in findings:
        flag = by_rule.get(finding.rule) or Flag(rule=finding.rule, **where)
        if flag.pk and flag.params != finding.params:
            _clear_answer(flag)
        flag.params = finding.params
        flag.save()
        kept.append(flag)
    return kept


def _clear_answer(flag: Flag) -> None:
    flag.answer, flag.answer_file, flag.answer_file_name, flag.answer_link = "", "", "", ""
    flag.answered_by, flag.answered_at = None, None


def flag_answer(*, flag: Flag, actor, text: str = "", upload=None, link: str = "") -> Flag:
    """The city explains a flagged claim: a short text, an evidence file (checked by content, as
    every upload) or a link; at least one of them."""
    require(policy.can_answer_flag(actor, flag))
    text, link = text.strip(), link.strip()
    if not (text or upload or link):
        raise ValidationError(
            {"answer": _("Give a short explanation, attach an evidence file or add a link.")}
        )
    with transaction.atomic():
        current = Flag.objects.select_for_update().get(pk=flag.pk)
        current.answer, current.answer_link = text, link
        if upload is not None:
            _attach(current, upload)
        current.answered_by, current.answered_at = actor, timezone.now()
        current.full_clean(exclude=["answer_file"])
        current.save()
    return current


def _attach(flag: Flag, upload) -> None:
    try:
        kind = validate_upload(upload, allowed=EVIDENCE_KINDS)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    flag.answer_file_name = upload.name[-200:]
    upload.name = f"{uuid.uuid4().hex}.{kind.extension}"
    flag.answer_file = upload
