"""factory_boy factories. Real names for cities and countries, fictional people."""

import datetime
from decimal import Decimal

import factory
from django.test import override_settings

from accounts.models import Role, User
from action_plans.models import (
    ActionPlan,
    FocusArea,
    FundingSource,
    Indicator,
    Milestone,
    PlanPeriod,
    PlanPublication,
    ProgressUpdate,
    Project,
    ReportingCycle,
    StrategicOutcome,
)
from action_plans.services.publication import in_publication
from cities.models import Appointment, City, Country
from partners.models import Interest, Opportunity, Partner, Twinning

PASSWORD = "correct-horse-battery"  # noqa: S105 — test-only


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "VN"
    name = factory.LazyAttribute(lambda o: {"VN": "Viet Nam", "TH": "Thailand"}.get(o.code, o.code))
    asean_member_since = 1995


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"city-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    country = factory.SubFactory(CountryFactory)
    latitude = Decimal("16.0678")
    longitude = Decimal("108.2208")
    joined_year = 2018


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea
        django_get_or_create = ("code",)

    code = "built-infrastructure"
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").title())


class StrategicOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicOutcome
        django_get_or_create = ("code",)

    code = "high-quality-of-life"
    name = "High Quality of Life"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Test"
    last_name = factory.LazyAttribute(lambda o: o.username.title())
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def persist(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PlanPeriodFactory(factory.django.DjangoModelFactory):
    """The real periods (the data migration creates them; transactional tests flush them)."""

    class Meta:
        model = PlanPeriod
        django_get_or_create = ("code",)

    code = "scap-2018-2025"
    name = factory.LazyAttribute(lambda o: PERIODS[o.code]["name"])
    start_year = factory.LazyAttribute(lambda o: PERIODS[o.code]["start_year"])
    end_year = factory.LazyAttribute(lambda o: PERIODS[o.code]["end_year"])
    status = factory.LazyAttribute(lambda o: PERIODS[o.code]["status"])
    aligns_to_ascap = factory.LazyAttribute(lambda o: PERIODS[o.code]["aligns_to_ascap"])


PERIODS = {
    "scap-2018-2025": {
        "name": "Smart City Action Plans 2018–2025",
        "start_year": 2018,
        "end_year": 2025,
        "status": "closed",
        "aligns_to_ascap": False,
    },
    "ascap-2026-2035": {
        "name": "ASEAN Smart City Action Plan 2026–2035",
        "start_year": 2026,
        "end_year": 2035,
        "status": "current",
        "aligns_to_ascap": True,
    },
}


def first_period():
    return PlanPeriodFactory(code="scap-2018-2025")


def new_period():
    return PlanPeriodFactory(code="ascap-2026-2035")


class ReportingCycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingCycle
        django_get_or_create = ("year",)

    year = 2025
    status = "open"
    deadline = factory.LazyAttribute(lambda o: datetime.date(o.year + 1, 3, 31))


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan
        django_get_or_create = ("city", "period")

    city = factory.SubFactory(CityFactory)
    period = factory.LazyFunction(first_period)
    vision = factory.LazyAttribute(lambda o: f"A liveable, connected {o.city.name} by 2025.")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    plan = factory.SubFactory(ActionPlanFactory)
    title = factory.Sequence(lambda n: f"Project {n}")
    summary = "A project of the action plan."
    stage = "ongoing"
    start_year = 2019
    end_year = 2025
    budget_usd = Decimal("1000000")
    funding_model = "public"

    @factory.post_generation
    def focus_areas(obj, create, extracted, **kwargs):
        if create:
            areas = list(extracted or [FocusAreaFactory()])
            obj.focus_areas.set(areas)
            # As the services do: the first in ASCF order counts in Exhibit 1.
            obj.primary_focus_area = min(areas, key=lambda area: (area.position, area.code))
            obj.save(update_fields=["primary_focus_area"])

    @factory.post_generation
    def published_as_built(obj, create, extracted, **kwargs):
        if create:
            republish(obj.plan)


class _PublishedAsBuilt(factory.django.DjangoModelFactory):
    """Content built by a factory in a published plan is part of its publication (the network as
    it stands); a city's later edits go through the services, which keep them private."""

    class Meta:
        abstract = True

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if create:
            republish(instance.project.plan)


class FundingSourceFactory(_PublishedAsBuilt):
    class Meta:
        model = FundingSource

    project = factory.SubFactory(ProjectFactory)
    funder_kind = "city"
    instrument = "own_budget"
    amount = Decimal("100000")
    currency = "USD"
    amount_usd = factory.LazyAttribute(lambda o: o.amount)
    status = "confirmed"


class MilestoneFactory(_PublishedAsBuilt):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_date = factory.Faker(
        "date_between_dates",
        date_start=datetime.date(2020, 1, 1),
        date_end=datetime.date(2025, 12, 31),
    )


class IndicatorFactory(_PublishedAsBuilt):
    class Meta:
        model = Indicator

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "%"
    baseline_value = Decimal("10")
    baseline_year = 2018
    target_value = Decimal("80")
    target_year = 2025


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    project = factory.SubFactory(ProjectFactory)
    year = 2024
    percent_complete = 50
    status = "on_track"
    narrative = "Work progressed as planned."
    public = factory.LazyAttribute(lambda update: in_publication(update.project))


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"partner-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    kind = "development_bank"


class TwinningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Twinning

    city = factory.SubFactory(CityFactory)
    counterpart_city = factory.Sequence(lambda n: f"Counterpart {n}")
    counterpart_country = "JP"
    start_year = 2020


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity
        skip_postgeneration_save = True

    city = factory.SubFactory(CityFactory)
    title = factory.Sequence(lambda n: f"Opportunity {n}")
    description = "Looking for technical assistance."

    @factory.post_generation
    def focus_areas(obj, create, extracted, **kwargs):
        if create:
            obj.focus_areas.set(extracted or [FocusAreaFactory()])


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interest

    opportunity = factory.SubFactory(OpportunityFactory)
    partner = factory.SubFactory(PartnerFactory)
    message = "We would like to help."


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    kind = "csco"
    city = factory.SubFactory(CityFactory)
    country = factory.LazyAttribute(lambda o: o.city.country if o.city else CountryFactory())
    person_name = factory.Faker("name")
    start_date = datetime.date(2018, 7, 8)


__all__ = [name for name in dir() if name.endswith("Factory")] + ["PASSWORD", "Role"]


def publish_as_is(plan, by, *, revision=None) -> PlanPublication:
    """Publish the plan's working copy as it stands (what `plan_publish` does, without the
    workflow): its snapshot, and the published layer that public readers read."""
    from action_plans.selectors import plan_snapshot
    from action_plans.services.publication import publications_materialize

    publication = PlanPublication.objects.create(
        plan=plan,
        revision=revision or plan.revision,
        published_by=by,
        snapshot=plan_snapshot(plan, revision=revision),
    )
    publications_materialize([publication])
    return publication


def republish(plan) -> None:
    """Refresh the latest publication of a plan (if it has one) from its working copy."""
    from action_plans.models import Project
    from action_plans.selectors import plan_snapshot
    from action_plans.services.publication import publications_materialize

    publication = plan.publications.order_by("-revision").first()
    if publication is None:
        return
    publication.snapshot = plan_snapshot(plan, revision=publication.revision)
    publication.save(update_fields=["snapshot"])
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        Project.layers.filter(publication=publication).delete()
    publications_materialize([publication])
