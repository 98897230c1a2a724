"""Writes of the marketplace: partner profiles, twinnings, opportunities and interests.

Every function asks `core.policy` first and raises `PermissionDenied` when the actor may
not act; bad input or a state that does not allow the action raises `ValidationError` with a
message for the person (per field where there is one); a stale `version` raises
`VersionConflict`. E-mail goes out only once the transaction has committed.

Accepting an interest declines nothing else: several partners may support one project, so the
city accepts or declines each interest itself (pending ones stay pending until it does).
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import CITY_ROLES, Role
from core import policy
from core.concurrency import update_versioned
from core.mail import mail_send
from partners.models import Interest, Opportunity, Partner, Partnership, Twinning

ASEAN_CODES = frozenset({"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN"})
PARTNER_FIELDS = frozenset({"name", "kind", "country", "website", "summary"})
TWINNING_FIELDS = frozenset(
    {
        "city",
        "counterpart_city",
        "counterpart_country",
        "partner",
        "start_year",
        "status",
        "description",
        "source",
    }
)
OPPORTUNITY_FIELDS = frozenset({"title", "description", "closing_date", "project"})


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _known_fields(fields: dict, allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")


def _clean(instance, changes: dict, *, exclude: Iterable[str] = ()) -> None:
    """Validate `instance` as it would be with `changes` (field checks and unique constraints),
    without touching the instance or its row."""
    candidate = copy.copy(instance)
    candidate._state = copy.copy(instance._state)
    for name, value in changes.items():
        setattr(candidate, name, value)
    candidate.full_clean(exclude=["version", *exclude])


# --- Partners ---------------------------------------------------------------------------------


def partner_create(*, actor, name: str, kind: str, focus_areas=(), support_offered=(), **fields):
    """Add a partner to the directory (ASEC). `fields` among country, website, summary."""
    _require(policy.can_manage_partners(actor))
    partner = Partner(name=name, kind=kind, slug=slugify(name)[:80], **fields)
    partner.country = (partner.country or "").upper()
    errors = {}
    if Partner.objects.filter(slug=partner.slug).exists():
        errors["name"] = _("A partner with this name is already listed.")
    try:
        partner.full_clean(exclude=["version", *errors])
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        partner.save()
        partner.focus_areas.set(focus_areas)
        partner.support_offered.set(support_offered)
    return partner


def partner_update(
    *,
    partner: Partner,
    actor,
    version: int | None,
    focus_areas: Iterable | None = None,
    support_offered: Iterable | None = None,
    **fields,
) -> Partner:
    """Edit a partner's profile (its own users or ASEC). `fields` among name, kind, country,
    website, summary."""
    _require(policy.can_edit_partner(actor, partner))
    _known_fields(fields, PARTNER_FIELDS)
    if "country" in fields:
        fields["country"] = (fields["country"] or "").upper()
    _clean(partner, fields, exclude=["slug"])
    m2m = {"focus_areas": focus_areas, "support_offered": support_offered}
    return update_versioned(
        partner,
        expected_version=version,
        changes=fields,
        m2m={name: list(values) for name, values in m2m.items() if values is not None},
    )


# --- Twinnings --------------------------------------------------------------------------------


def _check_counterpart(country: str) -> str:
    country = (country or "").upper()
    if country in ASEAN_CODES:
        raise ValidationError(
            {
                "counterpart_country": _(
                    "A twinning pairs an ASCN city with a city outside ASEAN; choose a country "
                    "outside ASEAN."
                )
            }
        )
    return country


@transaction.atomic
def twinning_create(*, actor, focus_areas: Iterable = (), **fields) -> Twinning:
    """Record a twinning (ASEC). `fields`: city, counterpart_city, counterpart_country, start_year,
    and optionally partner, status, description, source."""
    _require(policy.can_manage_twinnings(actor))
    _known_fields(fields, TWINNING_FIELDS)
    fields["counterpart_country"] = _check_counterpart(fields.get("counterpart_country", ""))
    twinning = Twinning(**fields)
    twinning.full_clean()
    twinning.save()
    twinning.focus_areas.set(list(focus_areas))
    return twinning


@transaction.atomic
def twinning_update(
    *, twinning: Twinning, actor, focus_areas: Iterable | None = None, **fields
) -> Twinning:
    _require(policy.can_manage_twinnings(actor))
    _known_fields(fields, TWINNING_FIELDS)
    if "counterpart_country" in fields:
        fields["counterpart_country"] = _check_counterpart(fields["counterpart_country"])
    for name, value in fields.items():
        setattr(twinning, name, value)
    twinning.full_clean()
    twinning.save()
    if focus_areas is not None:
        twinning.focus_areas.set(list(focus_areas))
    return twinning


# --- Opportunities ----------------------------------------------------------------------------


def _check_opportunity(*, city, project, closing_date, focus_areas, today) -> None:
    errors = {}
    if project is not None and project.plan.city_id != city.pk:
        errors["project"] = _("Choose one of your city's own projects.")
    if closing_date is not None and closing_date < today:
        errors["closing_date"] = _("The closing date cannot be in the past.")
    if focus_areas is not None and not list(focus_areas):
        errors["focus_areas"] = _("Choose at least one focus area.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def opportunity_create(
    *,
    city,
    title: str,
    description: str,
    focus_areas: Iterable,
    support_sought: Iterable,
    actor,
    closing_date: datetime.date | None = None,
    project=None,
) -> Opportunity:
    """A city posts an opportunity, optionally for one of its projects seeking partners."""
    _require(policy.can_post_opportunity(actor, city))
    focus_areas = list(focus_areas)
    _check_opportunity(
        city=city,
        project=project,
        closing_date=closing_date,
        focus_areas=focus_areas,
        today=timezone.localdate(),
    )
    opportunity = Opportunity(
        city=city,
        project=project,
        title=title,
        description=description,
        closing_date=closing_date,
        created_by=actor,
    )
    opportunity.full_clean(exclude=["version"])
    opportunity.save()
    opportunity.focus_areas.set(focus_areas)
    opportunity.support_sought.set(list(support_sought))
    return opportunity


def opportunity_update(
    *,
    opportunity: Opportunity,
    actor,
    version: int | None,
    focus_areas: Iterable | None = None,
    support_sought: Iterable | None = None,
    **fields,
) -> Opportunity:
    """Edit an opportunity (its city). `fields` among title, description, closing_date, project."""
    _require(policy.can_edit_opportunity(actor, opportunity))
    _known_fields(fields, OPPORTUNITY_FIELDS)
    focus_areas = None if focus_areas is None else list(focus_areas)
    changed_date = fields.get("closing_date", opportunity.closing_date)
    _check_opportunity(
        city=opportunity.city,
        project=fields.get("project"),
        closing_date=changed_date if changed_date != opportunity.closing_date else None,
        focus_areas=focus_areas,
        today=timezone.localdate(),
    )
    _clean(opportunity, fields)
    m2m = {"focus_areas": focus_areas, "support_sought": support_sought}
    return update_versioned(
        opportunity,
        expected_version=version,
        changes=fields,
        m2m={name: list(values) for name, values in m2m.items() if values is not None},
    )


def opportunity_close(
    *, opportunity: Opportunity, actor, version: int | None = None
) -> Opportunity:
    """The city stops taking interest. Pending interests stay for the city to answer."""
    _require(policy.can_edit_opportunity(actor, opportunity))
    if opportunity.status == Opportunity.Status.CLOSED:
        raise ValidationError(_("This opportunity is already closed."))
    return update_versioned(
        opportunity,
        expected_version=version,
        changes={"status": Opportunity.Status.CLOSED},
    )


# --- Interests --------------------------------------------------------------------------------


def interest_create(*, opportunity: Opportunity, partner: Partner, message: str, actor) -> Interest:
    """A partner user expresses interest, for their own partner, in an open opportunity."""
    _require(policy.can_act_for_partner(actor, partner))
    if not opportunity.is_open:
        raise ValidationError(_("This opportunity is no longer open for interest."))
    if not (message or "").strip():
        raise ValidationError({"message": _("Tell the city how you could help.")})
    try:
        with transaction.atomic():
            interest = Interest.objects.create(
                opportunity=opportunity, partner=partner, message=message.strip(), created_by=actor
            )
            _notify_interest(interest)
    except IntegrityError:
        raise ValidationError(
            _("%(partner)s has already expressed interest in this opportunity.")
            % {"partner": partner.name}
        ) from None
    return interest


def _decide(interest: Interest, actor, status: str) -> Interest:
    _require(policy.can_decide_interest(actor, interest))
    if interest.status != Interest.Status.PENDING:
        raise ValidationError(
            _("This interest has already been answered (%(status)s).")
            % {"status": interest.get_status_display()}
        )
    updated = Interest.objects.filter(pk=interest.pk, status=Interest.Status.PENDING).update(
        status=status, decided_by=actor, decided_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("This interest has just been answered by someone else."))
    interest.refresh_from_db()
    return interest


@transaction.atomic
def interest_accept(*, interest: Interest, actor, message: str = "") -> Interest:
    """The opportunity's city accepts: the partnership on its project (when it has one) is
    created and the opportunity is marked matched."""
    interest = _decide(interest, actor, Interest.Status.ACCEPTED)
    opportunity = interest.opportunity
    if opportunity.project_id:
        _partnership_for(interest)
    if opportunity.status == Opportunity.Status.OPEN:
        update_versioned(
            opportunity, expected_version=None, changes={"status": Opportunity.Status.MATCHED}
        )
    _notify_decision(interest, message)
    return interest


def _partnership_for(interest: Interest) -> Partnership:
    opportunity = interest.opportunity
    partnership, created = Partnership.objects.get_or_create(
        project_id=opportunity.project_id,
        partner_id=interest.partner_id,
        defaults={
            "interest": interest,
            "description": opportunity.title,
            "start_year": timezone.localdate().year,
        },
    )
    if created:
        partnership.support.set(opportunity.support_sought.all())
    return partnership


@transaction.atomic
def interest_decline(*, interest: Interest, actor, message: str = "") -> Interest:
    interest = _decide(interest, actor, Interest.Status.DECLINED)
    _notify_decision(interest, message)
    return interest


@transaction.atomic
def interest_withdraw(*, interest: Interest, actor) -> Interest:
    """The partner takes back a pending interest; the city is told."""
    _require(policy.can_withdraw_interest(actor, interest))
    if interest.status != Interest.Status.PENDING:
        raise ValidationError(_("Only a pending interest can be withdrawn."))
    Interest.objects.filter(pk=interest.pk).update(status=Interest.Status.WITHDRAWN)
    interest.refresh_from_db()
    _mail("withdrawn", interest, _city_user_ids(interest.opportunity))
    return interest


# --- E-mail (sent by the mail task once the change is committed: core/mail.py) -------


def _active_users():
    return get_user_model().objects.filter(is_active=True).exclude(email="")


def _city_user_ids(opportunity: Opportunity) -> list[int]:
    users = _active_users().filter(city=opportunity.city_id, role__in=CITY_ROLES)
    return list(users.values_list("pk", flat=True))


def _partner_user_ids(partner_id: int) -> list[int]:
    users = _active_users().filter(partner=partner_id, role=Role.PARTNER)
    return list(users.values_list("pk", flat=True))


def _mail(template: str, interest: Interest, user_ids: list[int], message: str = "") -> None:
    mail_send(
        compose=f"{__name__}.interest_mail",
        args=[template, interest.pk, message],
        user_ids=user_ids,
    )


def interest_mail(template: str, interest_id: int, message: str = "") -> tuple[str, str] | None:
    """Subject and body of an e-mail about an interest, in the active language."""
    interest = (
        Interest.objects.select_related("opportunity", "partner").filter(pk=interest_id).first()
    )
    if interest is None:
        return None
    context = {
        "interest": interest,
        "opportunity": interest.opportunity,
        "message": message,
        # Links in e-mail are absolute: where the portal is reached.
        "portal_url": settings.PORTAL_URL,
    }
    return _subject(template, interest), render_to_string(f"partners/email/{template}.txt", context)


def _subject(template: str, interest: Interest) -> str:
    title = interest.opportunity.title
    if template == "interest_to_city":
        return _("New interest from %(partner)s: %(title)s") % {
            "partner": interest.partner.name,
            "title": title,
        }
    if template == "interest_to_partner":
        return _("Your interest was sent: %(title)s") % {"title": title}
    if template == "withdrawn":
        return _("Interest withdrawn: %(title)s") % {"title": title}
    return _("Interest %(status)s: %(title)s") % {
        "status": interest.get_status_display().lower(),
        "title": title,
    }


def _notify_interest(interest: Interest) -> None:
    _mail("interest_to_city", interest, _city_user_ids(interest.opportunity))
    _mail("interest_to_partner", interest, _partner_user_ids(interest.partner_id))


def _notify_decision(interest: Interest, message: str) -> None:
    _mail("decision_to_partner", interest, _partner_user_ids(interest.partner_id), message)
    _mail("decision_to_city", interest, _city_user_ids(interest.opportunity), message)
