"""What ASEC needs to trust a city's yearly report (issue 15): plausibility flags and the city's
answers, query threads, and the yearly snapshots frozen when a cycle closes, with their
amendments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import text_limits
from review.rules import Rule, message

USER = settings.AUTH_USER_MODEL


class FlagQuerySet(models.QuerySet):
    def unanswered(self):
        return self.filter(answer="", answer_file="", answer_link="")

    def answered(self):
        return self.exclude(answer="", answer_file="", answer_link="")


class Flag(models.Model):
    """A plausibility rule that fired on a saved progress update or indicator value. It stays
    until the claim changes so that the rule no longer fires; the city's answer stays with it."""

    city = models.ForeignKey(
        "cities.City", on_delete=models.CASCADE, related_name="+", verbose_name=_("city")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    project = models.ForeignKey(
        "action_plans.Project",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("project"),
    )
    update = models.ForeignKey(
        "action_plans.ProgressUpdate",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="flags",
        verbose_name=_("progress update"),
    )
    value = models.ForeignKey(
        "action_plans.IndicatorValue",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="flags",
        verbose_name=_("indicator value"),
    )
    rule = models.CharField(_("rule"), max_length=30, choices=Rule.choices)
    params = models.JSONField(_("details"), default=dict, blank=True)
    answer = text_limits.BoundedTextField(
        _("explanation"), blank=True, max_length=text_limits.MESSAGE
    )
    answer_file = models.FileField(_("evidence file"), upload_to="flag-evidence/%Y/", blank=True)
    answer_file_name = models.CharField(_("file name"), max_length=200, blank=True)
    answer_link = models.URLField(_("link"), max_length=500, blank=True)
    answered_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["year", "project_id", "pk"]
        verbose_name = _("plausibility flag")
        constraints = [
            models.CheckConstraint(
                name="flag_on_update_or_value",
                condition=Q(update__isnull=False, value__isnull=True)
                | Q(update__isnull=True, value__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["update", "rule"],
                condition=Q(update__isnull=False),
                name="flag_once_update",
            ),
            models.UniqueConstraint(
                fields=["value", "rule"], condition=Q(value__isnull=False), name="flag_once_value"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.object_type} {self.object_id}"

    @property
    def message(self) -> str:
        return message(self.rule, self.params)

    @property
    def object_type(self) -> str:
        return "progress_update" if self.update_id else "indicator_value"

    @property
    def object_id(self) -> int:
        return self.update_id or self.value_id

    @property
    def resolved(self) -> bool:
        return bool(self.answer or self.answer_file or self.answer_link)


class ObjectType(models.TextChoices):
    PROGRESS_UPDATE = "progress_update", _("progress update")
    INDICATOR_VALUE = "indicator_value", _("indicator value")
    PROJECT = "project", _("project")


class Query(models.Model):
    """A question of ASEC (or the national representative) about one claim of a city's yearly
    report; the city answers in the thread and the reviewer resolves it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    city = models.ForeignKey(
        "cities.City", on_delete=models.CASCADE, related_name="+", verbose_name=_("city")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    object_type = models.CharField(_("about"), max_length=20, choices=ObjectType.choices)
    project = models.ForeignKey(
        "action_plans.Project", on_delete=models.CASCADE, related_name="queries"
    )
    # A thread outlives the figure it asked about (a value removed later): it stays with the
    # project, in the city's history of the year.
    update = models.ForeignKey(
        "action_plans.ProgressUpdate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="queries",
    )
    value = models.ForeignKey(
        "action_plans.IndicatorValue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="queries",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    resolved_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("query")
        verbose_name_plural = _("queries")

    def __str__(self) -> str:
        return f"{self.city} {self.year}: {self.object_type} {self.object_id}"

    @property
    def object_id(self) -> int:
        return {"progress_update": self.update_id, "indicator_value": self.value_id}.get(
            self.object_type, self.project_id
        )

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class QueryMessage(models.Model):
    query = models.ForeignKey(Query, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    text = text_limits.BoundedTextField(_("message"), max_length=text_limits.MESSAGE)
    written_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"{self.query_id}: {self.author}"


class Snapshot(models.Model):
    """What a city reported for a closed year, frozen when the cycle closed, with the publication
    of each of its plans current then (`data["publications"]`, which the closed year's figures
    read). Only an amendment changes it afterwards (`review.services.snapshot_amend`,
    `snapshot_repoint`)."""

    cycle = models.ForeignKey(
        "action_plans.ReportingCycle", on_delete=models.PROTECT, related_name="snapshots"
    )
    city = models.ForeignKey("cities.City", on_delete=models.PROTECT, related_name="+")
    data = models.JSONField(_("what was reported"))
    frozen_at = models.DateTimeField(_("frozen at"), auto_now_add=True)

    class Meta:
        ordering = ["cycle", "city_id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "city"], name="one_snapshot_per_city_year"),
        ]

    def __str__(self) -> str:
        return f"{self.city} {self.cycle}"


class Amendment(models.Model):
    """A correction of a frozen snapshot, with who made it and why (never a silent change)."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="amendments")
    project_key = models.CharField(_("project"), max_length=20)
    field = models.CharField(_("field"), max_length=40)
    before = models.JSONField(_("before"), null=True)
    after = models.JSONField(_("after"), null=True)
    reason = text_limits.BoundedTextField(_("reason"), max_length=text_limits.COMMENT)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        ordering = ["made_at", "pk"]

    def __str__(self) -> str:
        return f"{self.snapshot}: {self.field}"
