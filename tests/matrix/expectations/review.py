"""The review (issue 15): a city's users answer the flags on their figures; ASEC and the national
representative for their cities open queries, write in them and resolve them; the city writes in
its threads. Outside a persona's scope a flag or a query is invisible (404)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from review.models import Flag, Query, QueryMessage
from tests import factories as f
from tests.matrix.expectations.time import submission
from tests.matrix.spec import FORBIDDEN, NOT_FOUND, OK, ReadOnly, Write, by_role

REVIEWERS = by_role(
    city_official=FORBIDDEN,
    other_city=NOT_FOUND,
    own_rep=OK,
    other_rep=NOT_FOUND,
    asec=OK,
)
IN_THE_THREAD = by_role(
    city_official=OK,
    other_city=NOT_FOUND,
    own_rep=OK,
    other_rep=NOT_FOUND,
    asec=OK,
)


def flag(world, city):
    """A flag on the project's 2025 update (the demo's own where it has one), answered with an
    evidence file, which the flag's file URL serves."""
    world.fixture("settings").MEDIA_ROOT = world.fixture("tmp_path")
    project = world.project(city)
    update = project.updates.filter(year=2025).first() or f.ProgressUpdateFactory(
        project=project, year=2025, percent_complete=100
    )
    row, _created = Flag.objects.get_or_create(
        update=update,
        rule="jump",
        defaults={
            "city": world.city(city),
            "year": 2025,
            "project": project,
            "params": {"before": 27, "before_year": 2024, "after": 100, "limit": 40},
        },
    )
    if not row.answer_file:
        row.answer_file = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n%%EOF\n")
        row.answer_file_name = "minutes.pdf"
        row.save()
    return row


def query(world, city):
    project = world.project(city)
    opener = world.persona("asec")
    thread = Query.objects.create(
        city=world.city(city), year=2025, object_type="project", project=project, opened_by=opener
    )
    QueryMessage.objects.create(query=thread, author=opener, text="Is it finished?")
    return thread


def with_project(world, city):
    row = submission()(world, city)
    row.matrix_project = world.project(city)
    return row


def pk(target) -> dict:
    return {"pk": target.pk}


URLS = {
    "review:flag_answer": Write(
        setup=flag,
        kwargs=pk,
        data=lambda target: {"answer": "The contractor finished early."},
        changed=lambda target: Flag.objects.get(pk=target.pk).answer != "",
        expect=by_role(
            city_official=OK,
            other_city=NOT_FOUND,
            own_rep=FORBIDDEN,
            other_rep=NOT_FOUND,
            asec=FORBIDDEN,
        ),
    ),
    "review:flag_file": ReadOnly(setup=flag, kwargs=pk),
    "review:submission": ReadOnly(setup=submission(), kwargs=pk),
    "review:query_open": Write(
        setup=with_project,
        kwargs=pk,
        data=lambda target: {
            "target": f"project:{target.matrix_project.pk}",
            "message": "Why so fast?",
        },
        changed=lambda target: Query.objects.filter(city=target.city).exists(),
        expect=REVIEWERS,
    ),
    "review:query": Write(
        setup=query,
        kwargs=pk,
        data=lambda target: {"message": "Handed over in May."},
        changed=lambda target: target.messages.count() == 2,
        expect=IN_THE_THREAD,
    ),
    "review:query_resolve": Write(
        setup=query,
        kwargs=pk,
        changed=lambda target: Query.objects.get(pk=target.pk).status == "resolved",
        expect=REVIEWERS,
    ),
    "review:changes": ReadOnly(kwargs=lambda target: {}),
}
