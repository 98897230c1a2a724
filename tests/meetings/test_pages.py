"""Meetings list and detail pages: what the public sees, the chair check, the progress report."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from meetings import selectors
from meetings.models import Meeting, Participation
from tests.factories import CityFactory, CountryFactory, PartnerFactory
from tests.meetings.factories import (
    AgendaItemFactory,
    AnnualReportFactory,
    AseanChairFactory,
    DecisionFactory,
    DocumentFactory,
    MeetingFactory,
)

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def test_meetings_list_shows_upcoming_first_soonest_first_then_past_by_year(client, db):
    MeetingFactory(title="Next year's annual meeting", start_date=days(300))
    MeetingFactory(title="Next month's workshop", start_date=days(30))
    MeetingFactory(title="Running today", start_date=days(-1), end_date=days(1))
    MeetingFactory(title="2019 roundtable", start_date=datetime.date(2019, 6, 6))
    MeetingFactory(title="2019 annual meeting", start_date=datetime.date(2019, 8, 23))
    MeetingFactory(title="2018 annual meeting", start_date=datetime.date(2018, 7, 8))

    response = client.get("/meetings/")

    assert response.status_code == 200
    upcoming = [m.title for m in response.context["upcoming"]]
    assert upcoming == ["Running today", "Next month's workshop", "Next year's annual meeting"]
    past = [(year, [m.title for m in group]) for year, group in response.context["past_by_year"]]
    assert past[-2:] == [
        (2019, ["2019 annual meeting", "2019 roundtable"]),
        (2018, ["2018 annual meeting"]),
    ]
    page = response.content.decode()
    assert page.index("Next month&#x27;s workshop") < page.index("2019 annual meeting")
    assert '<h3 id="year-2019">2019</h3>' in page


def test_the_next_meeting_is_the_soonest_not_yet_over(db):
    assert selectors.next_meeting() == (None, False)
    MeetingFactory(title="Past", start_date=days(-10))
    assert selectors.next_meeting()[0].title == "Past"
    assert selectors.next_meeting()[1] is False
    MeetingFactory(title="Later", start_date=days(40))
    MeetingFactory(title="Sooner", start_date=days(20))
    meeting, upcoming = selectors.next_meeting()
    assert (meeting.title, upcoming) == ("Sooner", True)


def test_meetings_page_is_in_the_navigation(client, db):
    assert 'href="/meetings/"' in client.get("/meetings/").content.decode()


def test_meeting_page_shows_host_format_theme_agenda_participants_documents_and_decisions(
    client, meeting, da_nang, viet_nam, adb
):
    meeting.host_country = viet_nam
    meeting.venue = "National Convention Center"
    meeting.theme = "Towards the community"
    meeting.format = Meeting.Format.VIRTUAL
    meeting.save()
    AgendaItemFactory(meeting=meeting, title="Report of the chair")
    Participation.objects.create(meeting=meeting, city=da_nang)
    Participation.objects.create(meeting=meeting, country=viet_nam)
    Participation.objects.create(meeting=meeting, partner=adb)
    DocumentFactory(meeting=meeting, title="Chairman's statement", adopted=True)
    DecisionFactory(
        meeting=meeting,
        text="Cities update their plans.",
        owner_country=viet_nam,
        owner_is_asec=False,
    )

    page = client.get(f"/meetings/{meeting.pk}/").content.decode()

    for text in [
        "3rd ASCN Annual Meeting",
        "Viet Nam",
        "National Convention Center",
        "Virtual",
        "Towards the community",
        "Report of the chair",
        "Da Nang",
        "Asian Development Bank",
        "Chairman&#x27;s statement",
        "Cities update their plans.",
        f"/meetings/{meeting.pk}/calendar.ics",
    ]:
        assert text in page, text


def test_a_meeting_that_does_not_exist_is_a_404(client, db):
    assert client.get("/meetings/999/").status_code == 404


def test_a_document_without_a_file_names_its_source_instead_of_a_link(client, meeting):
    DocumentFactory(meeting=meeting, title="ASCN Terms of Reference", source="S5")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Not in the portal (source: ASCN 2019 report, with the Terms of Reference" in page
    assert "S5" not in page
    assert "/download/" not in page


def test_documents_of_the_network_appear_on_the_meetings_list(client, db):
    DocumentFactory(meeting=None, title="ASCN Concept Note", kind="concept_note")
    assert "ASCN Concept Note" in client.get("/meetings/").content.decode()


# --- Annual meetings are hosted by that year's ASEAN chair ---------------------------------------


@pytest.fixture
def chairs(viet_nam, thailand):
    AseanChairFactory(year=2019, country=thailand)
    AseanChairFactory(year=2020, country=viet_nam)


def test_an_annual_meeting_hosted_by_the_chair_is_not_flagged(client, meeting, viet_nam, chairs):
    meeting.host_country = viet_nam
    meeting.save()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "data-chair-mismatch" not in page
    assert not selectors.annual_meetings_not_hosted_by_chair().exists()


def test_an_annual_meeting_hosted_by_another_country_is_flagged(client, meeting, thailand, chairs):
    meeting.host_country = thailand
    meeting.save()

    page = client.get(meeting.get_absolute_url()).content.decode()
    assert 'data-chair-mismatch="true"' in page
    assert "in 2020 that is Viet Nam, but this meeting is recorded as hosted by Thailand" in page
    assert 'data-chair-mismatch="true"' in client.get("/meetings/").content.decode()
    assert list(selectors.annual_meetings_not_hosted_by_chair()) == [meeting]


def test_an_annual_meeting_without_a_host_is_flagged_when_the_chair_is_known(meeting, chairs):
    assert list(selectors.annual_meetings_not_hosted_by_chair()) == [meeting]


def test_only_annual_meetings_are_held_to_the_chair_rule(meeting, thailand, chairs):
    MeetingFactory(kind="workshop", host_country=thailand, start_date=datetime.date(2020, 3, 1))
    assert list(selectors.annual_meetings_not_hosted_by_chair()) == [meeting]


def test_a_year_without_a_recorded_chair_is_not_flagged(meeting, thailand):
    meeting.host_country = thailand
    meeting.save()
    assert not selectors.annual_meetings_not_hosted_by_chair().exists()


def test_meetings_for_year_carries_the_chair_check_for_the_report(meeting, thailand, chairs):
    MeetingFactory(
        kind="annual", number=2, start_date=datetime.date(2019, 8, 23), host_country=thailand
    )
    [listed] = selectors.meetings_for_year(2020)
    assert listed == meeting
    assert listed.host_is_not_chair is True
    assert listed.chair_country_name == "Viet Nam"


# --- The year's published annual report is the progress report submitted -------------------------


@pytest.fixture
def published_report(db):
    report = AnnualReportFactory(
        year=2020, published=True, published_at=datetime.datetime(2020, 9, 21, tzinfo=datetime.UTC)
    )
    report.pdf_file.save("ascn-2020.pdf", ContentFile(b"%PDF-1.4"), save=False)
    report.json_file.save("ascn-2020.json", ContentFile(b"{}"), save=False)
    report.save()
    return report


def test_the_published_report_of_the_year_is_shown_as_the_progress_report_submitted(
    client, meeting, published_report
):
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Progress report submitted" in page
    assert "published 21 September 2020." in page
    assert f'href="/reports/{published_report.pk}/"' in page
    assert f"/reports/{published_report.pk}/files/pdf/" in page
    assert f"/reports/{published_report.pk}/files/json/" in page


def test_the_joint_consultative_meeting_of_the_year_receives_the_report_too(
    client, published_report
):
    jcm = MeetingFactory(kind="jcm", title="JCM 2020", start_date=datetime.date(2020, 11, 10))
    assert selectors.progress_report_for(jcm) == published_report
    assert "Progress report submitted" in client.get(jcm.get_absolute_url()).content.decode()


def test_unpublished_and_other_years_reports_are_not_submitted(client, meeting):
    AnnualReportFactory(year=2020, published=False)
    AnnualReportFactory(year=2020, status="failed")
    AnnualReportFactory(year=2019, published=True, published_at=timezone.now())
    assert selectors.progress_report_for(meeting) is None
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "No annual progress report for 2020 has been published yet." in page


def test_a_workshop_receives_no_progress_report(published_report):
    workshop = MeetingFactory(kind="workshop", start_date=datetime.date(2020, 5, 1))
    assert selectors.progress_report_for(workshop) is None


def test_the_latest_published_report_of_the_year_is_the_one_submitted(published_report):
    newer = AnnualReportFactory(
        year=2020, published=True, published_at=datetime.datetime(2020, 10, 1, tzinfo=datetime.UTC)
    )
    meeting = MeetingFactory(kind="annual", number=9, start_date=datetime.date(2020, 12, 1))
    assert selectors.progress_report_for(meeting) == newer


# --- Bounded queries ----------------------------------------------------------------------------


def _network(size):
    """`size` meetings per kind of content: hosts, chairs, agendas, participants, documents."""
    countries = [CountryFactory(code=f"Q{chr(65 + i)}", name=f"Country {i}") for i in range(size)]
    cities = [CityFactory(slug=f"city-{i}", country=countries[i]) for i in range(size)]
    partners = [PartnerFactory(slug=f"partner-{i}") for i in range(size)]
    for i in range(size):
        year = 2018 + i
        AseanChairFactory(year=year, country=countries[i])
        meeting = MeetingFactory(
            kind="annual",
            number=i + 1,
            start_date=datetime.date(year, 7, 1),
            host_country=countries[(i + 1) % size],
            host_city=cities[(i + 1) % size],
        )
        MeetingFactory(start_date=days(10 + i), host_country=countries[i])
        DocumentFactory(meeting=None, title=f"Network document {i}")
        for j in range(size):
            AgendaItemFactory(meeting=meeting)
            Participation.objects.create(meeting=meeting, city=cities[j])
            Participation.objects.create(meeting=meeting, country=countries[j])
            Participation.objects.create(meeting=meeting, partner=partners[j])
            DocumentFactory(meeting=meeting)
            DecisionFactory(meeting=meeting, owner_city=cities[j], owner_is_asec=False)
        AnnualReportFactory(year=year, published=True, published_at=timezone.now())
    return Meeting.objects.filter(kind="annual").order_by("start_date").first()


LIST_QUERIES = {"anonymous": 5, "asec": 7}  # with the count of past meetings (paged)
DETAIL_QUERIES = {"anonymous": 7, "asec": 9}


@pytest.mark.parametrize("size", [2, 6])
@pytest.mark.parametrize("role", ["anonymous", "asec"])
def test_meeting_pages_run_the_same_number_of_queries_whatever_the_size(
    client_for, personas, django_assert_num_queries, size, role
):
    meeting = _network(size)
    client = client_for(personas[role])
    with django_assert_num_queries(LIST_QUERIES[role]):
        assert client.get(reverse("meetings:list")).status_code == 200
    with django_assert_num_queries(DETAIL_QUERIES[role]):
        assert client.get(meeting.get_absolute_url()).status_code == 200


def test_past_meetings_are_paged_by_twenty_five_latest_first(client, db):
    for n in range(30):
        MeetingFactory(title=f"Roundtable {n:02}", start_date=datetime.date(1990 + n, 5, 5))
    first = client.get("/meetings/")
    titles = [m.title for _year, group in first.context["past_by_year"] for m in group]
    assert titles[0] == "Roundtable 29"
    assert len(titles) == 25
    assert "?page=2#past-heading" in first.content.decode()
    second = client.get("/meetings/", {"page": "2"})
    titles = [m.title for _year, group in second.context["past_by_year"] for m in group]
    assert titles == [f"Roundtable {n:02}" for n in range(4, -1, -1)]
