"""Learning between cities (issue 18): the public reads published case studies; a city writes
and submits its own, never publishes them (ASEC does); a city asks another to connect, only the
asked city answers, either records what came of it; national representatives read their
country's drafts but write nothing here."""

from django.core.files.uploadedfile import SimpleUploadedFile

from learning import services
from learning.models import CaseStudy, Connection
from tests.matrix.spec import FORBIDDEN, NOT_FOUND, OK, ReadOnly, Write, by_role

OTHER = {"da-nang": "bangkok", "bangkok": "da-nang"}
TEXT = {"title": "What we learnt", "problem": "Leaks.", "solution": "Meters."}
PDF = b"%PDF-1.4\n%%EOF\n"


def case_study(world, city, status="draft"):
    project = world.project(city)
    return CaseStudy.objects.create(
        project=project,
        city=project.plan.city,
        status=status,
        published_at="2026-01-01T00:00Z" if status == "published" else None,
        **TEXT,
    )


def with_file(world, city):
    world.fixture("settings").MEDIA_ROOT = world.fixture("tmp_path")
    written = case_study(world, city)
    return services.case_study_file_add(
        case_study=written,
        actor=world.persona("asec"),
        upload=SimpleUploadedFile("photo.pdf", PDF),
    )


def published_with_file(world, city):
    file = with_file(world, city)
    file.case_study.status = "published"
    file.case_study.published_at = "2026-01-01T00:00Z"
    file.case_study.save()
    return file


def connection(world, city, status="pending"):
    """A request from the other city to `city`, about one of `city`'s published projects."""
    asked = world.project(city, "published")
    pair = {"from_city": world.city(OTHER[city]), "to_city": world.city(city), "status": status}
    # The accessibility sweep builds every URL in one world: one pending request per pair.
    existing = Connection.objects.filter(**pair).first()
    return existing or Connection.objects.create(**pair, to_project=asked, message="May we visit?")


def pk(obj) -> dict:
    return {"pk": obj.pk}


def status_of(expected):
    return lambda target: type(target).objects.get(pk=target.pk).status == expected


OWN_CITY_WRITES = by_role(
    city_official=OK,
    other_city=NOT_FOUND,
    own_rep=FORBIDDEN,
    other_rep=NOT_FOUND,
    asec=OK,
    partner=NOT_FOUND,
)
ASEC_REVIEWS = by_role(
    city_official=FORBIDDEN,
    other_city=NOT_FOUND,
    own_rep=FORBIDDEN,
    other_rep=NOT_FOUND,
    asec=OK,
    partner=NOT_FOUND,
)
ASKED_CITY_ANSWERS = by_role(
    city_official=OK,
    other_city=FORBIDDEN,
    own_rep=NOT_FOUND,
    other_rep=NOT_FOUND,
    asec=FORBIDDEN,
    partner=NOT_FOUND,
)

URLS = {
    "learning:library": ReadOnly(),
    "learning:review": ReadOnly(),
    "learning:case_study": ReadOnly(setup=lambda w, c: case_study(w, c, "published"), kwargs=pk),
    "learning:case_study_file": ReadOnly(setup=published_with_file, kwargs=pk),
    "learning:connections": ReadOnly(),
    "learning:connection": ReadOnly(setup=connection, kwargs=pk),
    "learning:case_study_create": Write(
        setup=lambda w, c: w.project(c),
        kwargs=pk,
        data=lambda target: TEXT,
        changed=lambda target: CaseStudy.objects.filter(project=target).exists(),
        expect=OWN_CITY_WRITES,
    ),
    "learning:case_study_edit": Write(
        setup=case_study,
        kwargs=pk,
        data=lambda target: {**TEXT, "title": "Changed", "version": target.version},
        changed=lambda target: CaseStudy.objects.get(pk=target.pk).title == "Changed",
        expect=OWN_CITY_WRITES,
    ),
    "learning:case_study_submit": Write(
        setup=case_study,
        kwargs=pk,
        changed=lambda target: CaseStudy.objects.get(pk=target.pk).status == "in_review",
        expect=OWN_CITY_WRITES,
    ),
    "learning:case_study_file_add": Write(
        setup=case_study,
        kwargs=pk,
        data=lambda target: {"file": SimpleUploadedFile("photo.pdf", PDF)},
        changed=lambda target: target.files.exists(),
        expect=OWN_CITY_WRITES,
    ),
    "learning:case_study_file_delete": Write(
        setup=with_file,
        kwargs=pk,
        changed=lambda target: not type(target).objects.filter(pk=target.pk).exists(),
        expect=OWN_CITY_WRITES,
    ),
    "learning:case_study_publish": Write(
        setup=lambda w, c: case_study(w, c, "in_review"),
        kwargs=pk,
        changed=lambda target: CaseStudy.objects.get(pk=target.pk).status == "published",
        expect=ASEC_REVIEWS,
    ),
    "learning:case_study_return": Write(
        setup=lambda w, c: case_study(w, c, "in_review"),
        kwargs=pk,
        data=lambda target: {"comment": "Add the cost."},
        changed=lambda target: CaseStudy.objects.get(pk=target.pk).status == "draft",
        expect=ASEC_REVIEWS,
    ),
    "learning:connection_create": Write(
        setup=lambda w, c: w.project(c, "published"),
        kwargs=pk,
        data=lambda target: {"message": "May we visit your project?"},
        changed=lambda target: Connection.objects.filter(to_project=target).exists(),
        # A city cannot ask itself: its own officials get the form back with the reason.
        expect=by_role(
            city_official="HTTP 400",
            other_city=OK,
            own_rep=FORBIDDEN,
            other_rep=FORBIDDEN,
            asec=FORBIDDEN,
            partner=FORBIDDEN,
        ),
    ),
    "learning:connection_accept": Write(
        setup=connection,
        kwargs=pk,
        changed=status_of("accepted"),
        expect=ASKED_CITY_ANSWERS,
    ),
    "learning:connection_decline": Write(
        setup=connection,
        kwargs=pk,
        changed=status_of("declined"),
        expect=ASKED_CITY_ANSWERS,
    ),
    "learning:connection_record": Write(
        setup=lambda w, c: connection(w, c, "accepted"),
        kwargs=pk,
        data=lambda target: {"outcome": "study_visit"},
        changed=lambda target: Connection.objects.get(pk=target.pk).outcome == "study_visit",
        expect=by_role(
            city_official=OK,
            other_city=OK,
            own_rep=NOT_FOUND,
            other_rep=NOT_FOUND,
            asec=OK,
            partner=NOT_FOUND,
        ),
    ),
}
