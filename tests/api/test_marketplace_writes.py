"""Writes of the marketplace and meetings through their services, and the recommendations."""

from partners.models import Interest, Opportunity, Partnership, Twinning


def test_partner_user_expresses_interest_in_an_open_opportunity(world, api):
    response = api(world.personas["partner-adb"]).post(
        "/api/interests/",
        {"opportunity": world.spare_opportunity.pk, "message": "We fund open data."},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["partner"] == "asian-development-bank"
    assert response.json()["status"] == "pending"


def test_a_second_interest_in_the_same_opportunity_is_refused(world, api):
    response = api(world.personas["partner-adb"]).post(
        "/api/interests/",
        {"opportunity": world.opportunity.pk, "message": "Again."},
        format="json",
    )

    assert response.status_code == 400
    assert Interest.objects.filter(opportunity=world.opportunity).count() == 1


def test_an_interest_needs_a_message(world, api):
    response = api(world.personas["partner-adb"]).post(
        "/api/interests/",
        {"opportunity": world.spare_opportunity.pk, "message": "  "},
        format="json",
    )

    assert response.status_code == 400
    assert "message" in response.json()


def test_city_users_cannot_express_interest(world, api):
    response = api(world.personas["official-da-nang"]).post(
        "/api/interests/",
        {"opportunity": world.spare_opportunity.pk, "message": "Hi."},
        format="json",
    )

    assert response.status_code == 403


def test_the_city_accepts_an_interest_and_a_partnership_begins(world, api):
    response = api(world.personas["csco-da-nang"]).post(
        f"/api/interests/{world.interest.pk}/accept/", {"message": "Welcome!"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "accepted"
    assert Partnership.objects.filter(project=world.da_nang_project, partner=world.adb).exists()
    world.opportunity.refresh_from_db()
    assert world.opportunity.status == Opportunity.Status.MATCHED


def test_an_answered_interest_cannot_be_answered_again(world, api):
    client = api(world.personas["official-da-nang"])
    client.post(f"/api/interests/{world.interest.pk}/decline/", {}, format="json")

    response = client.post(f"/api/interests/{world.interest.pk}/accept/", {}, format="json")

    assert response.status_code == 400
    assert Interest.objects.get(pk=world.interest.pk).status == "declined"


def test_another_city_cannot_see_or_answer_da_nangs_interests(world, api):
    response = api(world.personas["official-bangkok"]).post(
        f"/api/interests/{world.interest.pk}/accept/", {}, format="json"
    )

    assert response.status_code == 404


def test_the_partner_withdraws_its_pending_interest(world, api):
    response = api(world.personas["partner-adb"]).post(
        f"/api/interests/{world.interest.pk}/withdraw/"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"


def test_a_city_posts_an_opportunity_for_itself_by_default(world, api):
    response = api(world.personas["official-bangkok"]).post(
        "/api/opportunities/",
        {
            "title": "Canal sensors",
            "description": "Water level sensors.",
            "focus_areas": ["civic-social"],
            "support_sought": ["funding"],
            "closing_date": "2099-12-31",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["city"] == "bangkok"
    assert response.json()["status"] == "open"


def test_an_opportunity_cannot_name_another_citys_project(world, api):
    response = api(world.personas["official-bangkok"]).post(
        "/api/opportunities/",
        {
            "title": "Borrowed",
            "description": "x",
            "focus_areas": ["civic-social"],
            "support_sought": ["funding"],
            "project": world.bangkok_project.pk,
            "city": "da-nang",
        },
        format="json",
    )

    assert response.status_code == 403


def test_an_opportunity_closing_in_the_past_is_refused_per_field(world, api):
    response = api(world.personas["official-da-nang"]).patch(
        f"/api/opportunities/{world.opportunity.pk}/",
        {"closing_date": "2001-01-01", "version": 1},
        format="json",
    )

    assert response.status_code == 400
    assert "closing_date" in response.json()


def test_a_stale_opportunity_edit_is_a_conflict(world, api):
    client = api(world.personas["official-da-nang"])
    url = f"/api/opportunities/{world.opportunity.pk}/"
    client.patch(url, {"title": "First", "version": 1}, format="json")

    response = client.patch(url, {"title": "Second", "version": 1}, format="json")

    assert response.status_code == 409
    assert response.json()["current"]["title"] == "First"


def test_the_city_closes_its_opportunity(world, api):
    response = api(world.personas["official-da-nang"]).post(
        f"/api/opportunities/{world.opportunity.pk}/close/"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "closed"


def test_a_partner_user_edits_its_profile_with_its_version(world, api):
    response = api(world.personas["partner-adb"]).patch(
        "/api/partners/asian-development-bank/",
        {"summary": "Finances ASEAN infrastructure.", "support_offered": ["funding"], "version": 1},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["version"] == 2


def test_a_stale_partner_profile_edit_is_a_conflict(world, api):
    client = api(world.personas["partner-adb"])
    url = "/api/partners/asian-development-bank/"
    client.patch(url, {"summary": "New.", "version": 1}, format="json")

    response = client.patch(url, {"summary": "Stale.", "version": 1}, format="json")

    assert response.status_code == 409
    assert response.json()["current"]["summary"] == "New."


def test_asec_records_a_twinning(world, api):
    response = api(world.personas["asec"]).post(
        "/api/twinnings/",
        {
            "city": "bangkok",
            "counterpart_city": "Fukuoka",
            "counterpart_country": "jp",
            "start_year": 2022,
            "focus_areas": ["civic-social"],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert Twinning.objects.get(counterpart_city="Fukuoka").counterpart_country == "JP"


def test_a_twinning_with_an_asean_city_is_refused(world, api):
    response = api(world.personas["asec"]).post(
        "/api/twinnings/",
        {
            "city": "bangkok",
            "counterpart_city": "Hanoi",
            "counterpart_country": "VN",
            "start_year": 2022,
        },
        format="json",
    )

    assert response.status_code == 400
    assert "counterpart_country" in response.json()


def test_asec_records_a_meeting_and_bad_dates_are_refused(world, api):
    client = api(world.personas["asec"])
    body = {"kind": "workshop", "title": "Mobility", "start_date": "2025-05-02"}

    created = client.post("/api/meetings/", {**body, "end_date": "2025-05-03"}, format="json")
    refused = client.post(
        "/api/meetings/", {**body, "title": "Back", "end_date": "2025-05-01"}, format="json"
    )

    assert created.status_code == 201, created.json()
    assert refused.status_code == 400


def test_a_partner_sees_opportunities_ranked_for_it_with_reasons(world, api):
    response = api(world.personas["partner-adb"]).get(
        "/api/partners/asian-development-bank/recommendations/"
    )

    assert response.status_code == 200
    ranked = response.json()
    ids = {match["opportunity"]["id"] for match in ranked}
    assert ids == {world.opportunity.pk, world.spare_opportunity.pk}
    assert ranked[0]["score"] > 0
    assert ranked[0]["reasons"]
    scores = [match["score"] for match in ranked]
    assert scores == sorted(scores, reverse=True)


def test_another_partner_cannot_see_adbs_recommendations(world, api):
    from tests import factories as f
    from tests.factories import Role

    other = f.UserFactory(username="jica-user", role=Role.PARTNER, partner=f.PartnerFactory())

    response = api(other).get("/api/partners/asian-development-bank/recommendations/")

    assert response.status_code == 403


def test_a_city_sees_partners_ranked_for_its_needs(world, api):
    response = api(world.personas["official-da-nang"]).get(
        "/api/cities/da-nang/recommendations/?limit=1"
    )

    assert response.status_code == 200
    assert [match["partner"]["slug"] for match in response.json()] == ["asian-development-bank"]
    assert response.json()[0]["reasons"]


def test_recommendation_limit_is_bounded(world, api):
    response = api(world.personas["asec"]).get("/api/cities/da-nang/recommendations/?limit=0")

    assert response.status_code == 400
    assert "limit" in response.json()
