"""The plan workflow: draft → submitted (CSCO) → endorsed (national rep) → published (ASEC),
returns with a comment, the transition log, e-mail to whoever acts next, and revisions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from action_plans import services
from action_plans.models import PlanStatus, PlanTransition
from core.concurrency import VersionConflict
from tests import factories as f


def test_csco_submits_the_draft_and_the_step_is_logged(da_nang_plan, da_nang_csco):
    plan = services.plan_submit(plan=da_nang_plan, actor=da_nang_csco, comment="Ready.")

    assert plan.status == PlanStatus.SUBMITTED
    step = PlanTransition.objects.get(plan=plan)
    assert (step.action, step.from_status, step.to_status) == ("submit", "draft", "submitted")
    assert (step.actor, step.comment) == (da_nang_csco, "Ready.")


def test_city_official_who_is_not_the_csco_cannot_submit(da_nang_plan, da_nang_official):
    with pytest.raises(PermissionDenied):
        services.plan_submit(plan=da_nang_plan, actor=da_nang_official)


def test_a_plan_without_a_vision_cannot_be_submitted(da_nang_plan, da_nang_csco):
    da_nang_plan.vision = ""
    da_nang_plan.save()

    with pytest.raises(ValidationError) as error:
        services.plan_submit(plan=da_nang_plan, actor=da_nang_csco)
    assert "vision" in error.value.message_dict


def test_viet_nam_representative_endorses_a_submitted_da_nang_plan(
    da_nang_plan, da_nang_csco, viet_nam_rep
):
    plan = services.plan_submit(plan=da_nang_plan, actor=da_nang_csco)
    plan = services.plan_endorse(plan=plan, actor=viet_nam_rep)
    assert plan.status == PlanStatus.ENDORSED


def test_thailand_representative_cannot_endorse_a_vietnamese_plan(
    da_nang_plan, da_nang_csco, thailand_rep
):
    plan = services.plan_submit(plan=da_nang_plan, actor=da_nang_csco)
    with pytest.raises(PermissionDenied):
        services.plan_endorse(plan=plan, actor=thailand_rep)


def test_a_draft_cannot_be_endorsed_or_published(da_nang_plan, viet_nam_rep, asec_user):
    with pytest.raises(PermissionDenied):
        services.plan_endorse(plan=da_nang_plan, actor=viet_nam_rep)
    with pytest.raises(PermissionDenied):
        services.plan_publish(plan=da_nang_plan, actor=asec_user)


def test_asec_cannot_endorse_in_place_of_the_national_representative(
    da_nang_plan, da_nang_csco, asec_user
):
    plan = services.plan_submit(plan=da_nang_plan, actor=da_nang_csco)
    with pytest.raises(PermissionDenied):
        services.plan_endorse(plan=plan, actor=asec_user)


def test_national_representative_returns_a_plan_with_a_comment(
    da_nang_plan, da_nang_csco, viet_nam_rep
):
    plan = services.plan_submit(plan=da_nang_plan, actor=da_nang_csco)
    plan = services.plan_return(plan=plan, actor=viet_nam_rep, comment="Add indicators.")

    assert plan.status == PlanStatus.DRAFT
    assert plan.transitions.first().comment == "Add indicators."


def test_returning_without_a_comment_is_refused(da_nang_plan, da_nang_csco, viet_nam_rep):
    plan = services.plan_submit(plan=da_nang_plan, actor=da_nang_csco)
    with pytest.raises(ValidationError) as error:
        services.plan_return(plan=plan, actor=viet_nam_rep, comment="  ")
    assert "comment" in error.value.message_dict


def test_asec_returns_an_endorsed_plan(da_nang_plan, da_nang_csco, viet_nam_rep, asec_user):
    plan = services.plan_submit(plan=da_nang_plan, actor=da_nang_csco)
    plan = services.plan_endorse(plan=plan, actor=viet_nam_rep)
    plan = services.plan_return(plan=plan, actor=asec_user, comment="Budget figures missing.")
    assert plan.status == PlanStatus.DRAFT


def test_national_representative_cannot_return_an_endorsed_plan(
    da_nang_plan, da_nang_csco, viet_nam_rep
):
    plan = services.plan_submit(plan=da_nang_plan, actor=da_nang_csco)
    plan = services.plan_endorse(plan=plan, actor=viet_nam_rep)
    with pytest.raises(PermissionDenied):
        services.plan_return(plan=plan, actor=viet_nam_rep, comment="Changed my mind.")


def test_publishing_freezes_a_snapshot_of_the_plan_and_its_projects(
    da_nang_project, da_nang_csco, viet_nam_rep, asec_user, publish
):
    f.MilestoneFactory(project=da_nang_project, title="Pilot corridor live")
    indicator = f.IndicatorFactory(project=da_nang_project, name="Junctions covered")
    indicator.values.create(year=2024, value=40)
    f.ProgressUpdateFactory(project=da_nang_project, year=2024, percent_complete=45)

    plan = publish(da_nang_project.plan, csco=da_nang_csco, rep=viet_nam_rep, asec=asec_user)

    publication = plan.publications.get()
    assert publication.revision == 1
    assert publication.published_by == asec_user
    snapshot = publication.snapshot
    assert snapshot["vision"] == plan.vision
    (project,) = snapshot["projects"]
    assert project["title"] == "Smart traffic lights"
    assert project["focus_areas"] == [
        {"code": "built-infrastructure", "name": "Built infrastructure"}
    ]
    assert project["stage"] == "ongoing"
    assert project["latest_progress"]["percent_complete"] == 45
    assert project["milestones"][0]["title"] == "Pilot corridor live"
    assert project["indicators"][0]["values"] == [{"year": 2024, "value": "40.0000", "parts": []}]


def test_editing_a_published_plan_opens_a_new_draft_revision_while_the_public_keeps_the_last(
    da_nang_plan, da_nang_csco, da_nang_official, viet_nam_rep, asec_user, publish
):
    plan = publish(da_nang_plan, csco=da_nang_csco, rep=viet_nam_rep, asec=asec_user)
    published_vision = plan.vision

    plan = services.plan_update(
        plan=plan, actor=da_nang_official, data={"vision": "Greener."}, version=plan.version
    )

    assert (plan.status, plan.revision, plan.vision) == (PlanStatus.DRAFT, 2, "Greener.")
    assert plan.publications.get().snapshot["vision"] == published_vision


def test_adding_a_project_to_a_published_plan_opens_a_revision_too(
    da_nang_plan, da_nang_csco, da_nang_official, viet_nam_rep, asec_user, publish, focus_area
):
    plan = publish(da_nang_plan, csco=da_nang_csco, rep=viet_nam_rep, asec=asec_user)

    services.project_create(
        plan=plan, actor=da_nang_official, data={"title": "Bus app", "focus_areas": [focus_area]}
    )

    plan.refresh_from_db()
    assert (plan.status, plan.revision) == (PlanStatus.DRAFT, 2)
    assert plan.publications.get().snapshot["projects"] == []


def test_republishing_a_revision_adds_a_second_publication(
    da_nang_plan, da_nang_csco, da_nang_official, viet_nam_rep, asec_user, publish
):
    plan = publish(da_nang_plan, csco=da_nang_csco, rep=viet_nam_rep, asec=asec_user)
    plan = services.plan_update(
        plan=plan, actor=da_nang_official, data={"vision": "Greener."}, version=plan.version
    )
    plan = publish(plan, csco=da_nang_csco, rep=viet_nam_rep, asec=asec_user)

    assert list(plan.publications.values_list("revision", flat=True)) == [2, 1]
    assert plan.publications.first().snapshot["vision"] == "Greener."


def test_submitted_plan_cannot_be_edited_until_returned(
    da_nang_plan, da_nang_csco, da_nang_official
):
    plan = services.plan_submit(plan=da_nang_plan, actor=da_nang_csco)
    with pytest.raises(PermissionDenied):
        services.plan_update(
            plan=plan, actor=da_nang_official, data={"vision": "x"}, version=plan.version
        )


# --- Who is told --------------------------------------------------------------------------------


def test_submitting_emails_the_countrys_national_representatives(
    da_nang_plan,
    da_nang_csco,
    viet_nam_rep,
    thailand_rep,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_submit(plan=da_nang_plan, actor=da_nang_csco)

    assert [m.to for m in mailoutbox] == [[viet_nam_rep.email]]
    assert "Da Nang" in mailoutbox[0].subject
    assert f"/plans/{da_nang_plan.pk}/" in mailoutbox[0].body


def test_endorsing_emails_asec(
    da_nang_plan,
    da_nang_csco,
    viet_nam_rep,
    asec_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    plan = services.plan_submit(plan=da_nang_plan, actor=da_nang_csco)
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_endorse(plan=plan, actor=viet_nam_rep)

    assert [m.to for m in mailoutbox] == [[asec_user.email]]


def test_returning_emails_the_city_with_the_comment(
    da_nang_plan,
    da_nang_csco,
    da_nang_official,
    bangkok_official,
    viet_nam_rep,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    plan = services.plan_submit(plan=da_nang_plan, actor=da_nang_csco)
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_return(plan=plan, actor=viet_nam_rep, comment="Please add a budget.")

    assert sorted(address for m in mailoutbox for address in m.to) == sorted(
        [da_nang_csco.email, da_nang_official.email]
    )
    assert "Please add a budget." in mailoutbox[0].body


def test_publishing_emails_the_city(
    da_nang_plan,
    da_nang_csco,
    viet_nam_rep,
    asec_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    plan = services.plan_submit(plan=da_nang_plan, actor=da_nang_csco)
    plan = services.plan_endorse(plan=plan, actor=viet_nam_rep)
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_publish(plan=plan, actor=asec_user)

    assert [m.to for m in mailoutbox] == [[da_nang_csco.email]]


def test_no_email_is_sent_when_the_transition_is_refused(
    da_nang_plan, da_nang_official, viet_nam_rep, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        services.plan_submit(plan=da_nang_plan, actor=da_nang_official)
    assert mailoutbox == []


# --- Plan text and versions ---------------------------------------------------------------------


def test_city_official_edits_the_vision_and_targets(da_nang_plan, da_nang_official):
    plan = services.plan_update(
        plan=da_nang_plan,
        actor=da_nang_official,
        data={"vision": "Liveable.", "strategic_targets": "100% LED streetlights"},
        version=da_nang_plan.version,
    )
    assert (plan.vision, plan.strategic_targets) == ("Liveable.", "100% LED streetlights")
    assert plan.version == da_nang_plan.version + 1


def test_bangkok_official_cannot_edit_da_nang_plan(da_nang_plan, bangkok_official):
    with pytest.raises(PermissionDenied):
        services.plan_update(
            plan=da_nang_plan, actor=bangkok_official, data={"vision": "x"}, version=1
        )


def test_a_stale_version_is_a_conflict_and_overwrites_nothing(da_nang_plan, da_nang_official):
    services.plan_update(
        plan=da_nang_plan, actor=da_nang_official, data={"vision": "First."}, version=1
    )
    with pytest.raises(VersionConflict) as conflict:
        services.plan_update(
            plan=da_nang_plan, actor=da_nang_official, data={"vision": "Second."}, version=1
        )
    assert conflict.value.current.vision == "First."
    da_nang_plan.refresh_from_db()
    assert da_nang_plan.vision == "First."


def test_plan_update_refuses_fields_it_does_not_edit(da_nang_plan, da_nang_official):
    with pytest.raises(ValidationError) as error:
        services.plan_update(
            plan=da_nang_plan, actor=da_nang_official, data={"status": "published"}, version=1
        )
    assert "status" in error.value.message_dict
