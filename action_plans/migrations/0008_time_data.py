"""Plan periods are data: the two real ones, every existing plan in the first, and the years of
the closed period turned into closed reporting cycles whose submissions follow from the progress
updates that exist (SPEC "Time"). An empty database gets the periods only."""

from django.db import migrations

PERIODS = [
    {
        "code": "scap-2018-2025",
        "name": "Smart City Action Plans 2018–2025",
        "start_year": 2018,
        "end_year": 2025,
        "status": "closed",
        "aligns_to_ascap": False,
        "source": "S4; S10",
    },
    {
        "code": "ascap-2026-2035",
        "name": "ASEAN Smart City Action Plan 2026–2035",
        "start_year": 2026,
        "end_year": 2035,
        "status": "current",
        "aligns_to_ascap": True,
        "source": "S10; N12",
    },
]


def periods_and_cycles(apps, schema_editor):
    from action_plans.services.cycles import cycles_derive

    PlanPeriod = apps.get_model("action_plans", "PlanPeriod")
    ActionPlan = apps.get_model("action_plans", "ActionPlan")
    periods = {}
    for values in PERIODS:
        code = values["code"]
        periods[code], _created = PlanPeriod.objects.get_or_create(code=code, defaults=values)
    first = periods["scap-2018-2025"]
    ActionPlan.objects.filter(period__isnull=True).update(period=first)
    if ActionPlan.objects.exists():
        cycles_derive(years=range(first.start_year, first.end_year + 1), registry=apps)


class Migration(migrations.Migration):
    dependencies = [("action_plans", "0007_time")]

    operations = [migrations.RunPython(periods_and_cycles, migrations.RunPython.noop)]
