"""Every write of case studies and connections (issue 18). Keyword-only, `<entity>_<verb>`;
each checks the policy itself, so the web, the API and the demo seeder share one path."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from action_plans.models import Indicator, Project
from core import policy
from core.concurrency import update_versioned
from core.mail import mail_send
from core.uploads import EVIDENCE_KINDS, validate_upload
from learning import notifications
from learning.models import MAX_FILES, CaseStudy, CaseStudyFile, Connection
from partners.models import Twinning

CASE_STUDY_FIELDS = frozenset(
    {
        "title",
        "problem",
        "solution",
        "results",
        "cost_and_funding",
        "partners",
        "lessons",
        "replication",
    }
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _clean_text(data: dict) -> dict:
    """Stripped text; over-long sections are refused by name (models do not check a text
    field's length, forms do; the services must not depend on coming from a form)."""
    unknown = set(data) - CASE_STUDY_FIELDS - {"indicators"}
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    text = {name: (value or "").strip() for name, value in data.items() if name != "indicators"}
    too_long = {
        name: _("At most %(limit)s characters, please.") % {"limit": limit}
        for name, value in text.items()
        if len(value) > (limit := CaseStudy._meta.get_field(name).max_length)
    }
    if too_long:
        raise ValidationError(too_long)
    return text


def _check_indicators(project: Project, indicators) -> list[Indicator]:
    """Results link to the indicators of the case study's own project only."""
    indicators = list(indicators or [])
    if any(indicator.project_id != project.pk for indicator in indicators):
        raise ValidationError({"indicators": _("Choose indicators of this project only.")})
    return indicators


# --- Case studies -------------------------------------------------------------------------------


@transaction.atomic
def case_study_create(*, project: Project, actor, data: dict) -> CaseStudy:
    """A draft case study of one of the city's projects (ASEC may write one for any city)."""
    _require(policy.can_write_case_study(actor, project))
    indicators = _check_indicators(project, data.get("indicators"))
    case_study = CaseStudy(
        project=project, city=project.plan.city, created_by=actor, **_clean_text(data)
    )
    case_study.full_clean()
    case_study.save()
    case_study.indicators.set(indicators)
    return case_study


def case_study_update(*, case_study: CaseStudy, actor, data: dict, version: int | None):
    _require(policy.can_edit_case_study(actor, case_study))
    changes = _clean_text(data)
    candidate = CaseStudy(**{**_fields_of(case_study), **changes})
    candidate.full_clean(exclude=["project", "city", "version"])
    m2m = {}
    if "indicators" in data:
        m2m["indicators"] = _check_indicators(case_study.project, data["indicators"])
    return update_versioned(case_study, expected_version=version, changes=changes, m2m=m2m)


def _fields_of(case_study: CaseStudy) -> dict:
    return {name: getattr(case_study, name) for name in CASE_STUDY_FIELDS}


def _transition(case_study: CaseStudy, allowed: bool, changes: dict) -> CaseStudy:
    _require(allowed)
    return update_versioned(case_study, expected_version=None, changes=changes)


def case_study_submit(*, case_study: CaseStudy, actor) -> CaseStudy:
    """The city hands its draft to ASEC for review."""
    return _transition(
        case_study,
        policy.can_submit_case_study(actor, case_study),
        {"status": CaseStudy.Status.IN_REVIEW, "review_comment": ""},
    )


def case_study_publish(*, case_study: CaseStudy, actor) -> CaseStudy:
    """ASEC approves: from now on the public reads it."""
    return _transition(
        case_study,
        policy.can_publish_case_study(actor, case_study),
        {
            "status": CaseStudy.Status.PUBLISHED,
            "published_at": timezone.now(),
            "published_by": actor,
        },
    )


def case_study_return(*, case_study: CaseStudy, actor, comment: str) -> CaseStudy:
    """ASEC sends it back to the city as a draft, saying why; a published one leaves the public."""
    _require(policy.can_return_case_study(actor, case_study))
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Tell the city what to change.")})
    return _transition(
        case_study,
        True,
        {
            "status": CaseStudy.Status.DRAFT,
            "review_comment": comment.strip(),
            "published_at": None,
            "published_by": None,
        },
    )


def case_study_file_add(
    *, case_study: CaseStudy, actor, upload, caption: str = ""
) -> CaseStudyFile:
    """A photo or document, checked by content and size, stored under a random name."""
    _require(policy.can_edit_case_study(actor, case_study))
    if case_study.files.count() >= MAX_FILES:
        raise ValidationError(
            {"file": _("A case study has at most %(count)s files.") % {"count": MAX_FILES}}
        )
    try:
        kind = validate_upload(upload, allowed=EVIDENCE_KINDS)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    original_name = upload.name[-200:]
    upload.name = f"{uuid.uuid4().hex}.{kind.extension}"
    return CaseStudyFile.objects.create(
        case_study=case_study,
        file=upload,
        original_name=original_name,
        caption=(caption or "").strip()[:200],
        content_type=kind.content_type,
        size=upload.size,
        uploaded_by=actor,
    )


def case_study_file_delete(*, file: CaseStudyFile, actor) -> None:
    _require(policy.can_edit_case_study(actor, file.case_study))
    file.file.delete(save=False)
    file.delete()


# --- Connections --------------------------------------------------------------------------------


def connection_request(
    *, actor, to_project: Project, message: str, from_project: Project | None = None
) -> Connection:
    """A city official asks the city of `to_project` to connect; its officials are told."""
    _require(policy.can_request_connection(actor))
    from_city_id = actor.city_id
    if to_project.plan.city_id == from_city_id:
        raise ValidationError(
            {"to_project": _("This is your own city's project: ask another city.")}
        )
    if from_project is not None and from_project.plan.city_id != from_city_id:
        raise ValidationError({"from_project": _("Choose one of your own city's projects.")})
    if not (message or "").strip():
        raise ValidationError({"message": _("Write a short message to the other city.")})
    _refuse_duplicate(from_city_id, to_project.plan.city_id)
    try:
        with transaction.atomic():
            connection = Connection.objects.create(
                from_city_id=from_city_id,
                to_city_id=to_project.plan.city_id,
                # Point at working projects (a reader may have passed the published row).
                from_project_id=from_project.public_id if from_project else None,
                to_project_id=to_project.public_id,
                message=message.strip(),
                requested_by=actor,
            )
            _notify(connection, "requested")
    except IntegrityError:
        raise ValidationError(_("Your city has already asked this city to connect.")) from None
    return connection


def _refuse_duplicate(from_city_id: int, to_city_id: int) -> None:
    """One open conversation per pair of cities: a pending request either way, or an accepted
    connection, makes a new request a duplicate."""
    pair = Q(from_city=from_city_id, to_city=to_city_id) | Q(
        from_city=to_city_id, to_city=from_city_id
    )
    open_ = Q(status=Connection.Status.PENDING) | Q(status=Connection.Status.ACCEPTED)
    existing = Connection.objects.filter(pair & open_).first()
    if existing is None:
        return
    if existing.status == Connection.Status.ACCEPTED:
        raise ValidationError(_("Your cities are already connected."))
    raise ValidationError(_("A request between your cities is already waiting for an answer."))


def _decide(connection: Connection, actor, status: str, reply: str) -> Connection:
    _require(policy.can_decide_connection(actor, connection))
    if connection.status != Connection.Status.PENDING:
        raise ValidationError(
            _("This request has already been answered (%(status)s).")
            % {"status": connection.get_status_display()}
        )
    pending = Connection.objects.filter(pk=connection.pk, status=Connection.Status.PENDING)
    updated = pending.update(
        status=status,
        reply=(reply or "").strip()[:2000],
        decided_by=actor,
        decided_at=timezone.now(),
    )
    if not updated:
        raise ValidationError(_("This request has just been answered by someone else."))
    connection.refresh_from_db()
    _notify(connection, status)
    return connection


@transaction.atomic
def connection_accept(*, connection: Connection, actor, reply: str = "") -> Connection:
    return _decide(connection, actor, Connection.Status.ACCEPTED, reply)


@transaction.atomic
def connection_decline(*, connection: Connection, actor, reply: str = "") -> Connection:
    return _decide(connection, actor, Connection.Status.DECLINED, reply)


@transaction.atomic
def connection_record(
    *, connection: Connection, actor, outcome: str, note: str = "", year: int | None = None
) -> Connection:
    """What came of an accepted connection: a study visit, or a twinning between the two ASCN
    cities (a `Twinning` inside ASEAN, kept apart from those with cities outside ASEAN)."""
    _require(policy.is_connection_party(actor, connection))
    if connection.status != Connection.Status.ACCEPTED:
        raise ValidationError(_("Only an accepted connection can be recorded."))
    if connection.outcome:
        raise ValidationError(_("What came of this connection is already recorded."))
    if outcome not in (Connection.Outcome.STUDY_VISIT, Connection.Outcome.TWINNING):
        raise ValidationError({"outcome": _("Choose a study visit or a twinning.")})
    changes = {"outcome": outcome, "outcome_note": (note or "").strip()[:2000]}
    if outcome == Connection.Outcome.TWINNING:
        changes["twinning"] = _twinning_for(connection, note, year or timezone.now().year)
    Connection.objects.filter(pk=connection.pk).update(**changes)
    connection.refresh_from_db()
    return connection


def _twinning_for(connection: Connection, note: str, year: int) -> Twinning:
    counterpart = connection.to_city
    if Twinning.objects.filter(
        Q(city=connection.from_city, counterpart_ascn_city=counterpart)
        | Q(city=counterpart, counterpart_ascn_city=connection.from_city)
    ).exists():
        raise ValidationError({"outcome": _("These two cities are already twinned.")})
    twinning = Twinning.objects.create(
        city=connection.from_city,
        counterpart_ascn_city=counterpart,
        counterpart_city=counterpart.name,
        counterpart_country=counterpart.country.code,
        start_year=year,
        status=Twinning.Status.ACTIVE,
        description=(note or "").strip(),
    )
    if connection.to_project_id:
        twinning.focus_areas.set(connection.to_project.focus_areas.all())
    return twinning


def _notify(connection: Connection, event: str) -> None:
    """E-mail leaves through the task queue once the request or answer is committed."""
    mail_send(
        compose=notifications.COMPOSE,
        args=[connection.pk, event],
        user_ids=notifications.recipients(connection, event),
    )
