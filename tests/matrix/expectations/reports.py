"""Dashboards and the annual report: ASEC requests, publishes and sends reminders; the dashboards
are read-only, scoped to each signed-in user."""

from reports.models import ReportNarrative
from tests.matrix.spec import NOT_FOUND, ReadOnly, Write, only_asec


def report(world, city):
    return world.report()


def focus_area(world, city):
    return world.focus_area()


def pk(obj) -> dict:
    return {"pk": obj.pk}


URLS = {
    "reports:dashboard": ReadOnly(),
    "reports:country": ReadOnly(kwargs=lambda target: {"code": "VN"}),
    "reports:focus_area": ReadOnly(setup=focus_area, kwargs=lambda area: {"code": area.code}),
    "reports:city": ReadOnly(kwargs=lambda target: {"slug": "da-nang"}),
    "reports:completeness": ReadOnly(),
    "reports:progress": ReadOnly(),
    "reports:schema": ReadOnly(),
    "reports:detail": ReadOnly(setup=report, kwargs=pk),
    "reports:status": ReadOnly(setup=report, kwargs=pk),
    "reports:view": ReadOnly(setup=report, kwargs=pk),
    "reports:file": ReadOnly(setup=report, kwargs=lambda report: {"pk": report.pk, "kind": "pdf"}),
    "reports:list": Write(kwargs=lambda target: {}, expect=only_asec()),
    "reports:remind": Write(
        kwargs=lambda target: {}, data=lambda target: {"year": "2024"}, expect=only_asec()
    ),
    "reports:narrative": Write(
        kwargs=lambda target: {"year": 2024, "language": "en"},
        data=lambda target: {"foreword": "F.", "executive_summary": "S.", "observations": "O."},
        changed=lambda target: ReportNarrative.objects.exists(),
        expect=only_asec(),
    ),
    # An unpublished report is ASEC's alone: to anyone else it does not exist.
    "reports:publish": Write(
        setup=report,
        kwargs=pk,
        changed=lambda report: type(report).objects.get(pk=report.pk).published,
        expect=only_asec(refused=NOT_FOUND, anonymous=NOT_FOUND),
    ),
}
