"""Public pages of the marketplace: what they show, their filters, and flat query counts."""

import datetime

import pytest
from django.utils import timezone

from partners.models import Partnership
from tests import factories as f

TODAY = timezone.localdate()


def make_partner(slug, name, kind="development_bank", country="", areas=(), support=()):
    partner = f.PartnerFactory(slug=slug, name=name, kind=kind, country=country)
    partner.focus_areas.set(areas)
    partner.support_offered.set(support)
    return partner


def make_opportunity(city, title, areas, support=(), **kwargs):
    opportunity = f.OpportunityFactory(city=city, title=title, focus_areas=areas, **kwargs)
    opportunity.support_sought.set(support)
    return opportunity


# --- Partner directory ------------------------------------------------------------------------


@pytest.fixture
def directory(adb, infrastructure, environment, support):
    adb.focus_areas.set([infrastructure])
    adb.support_offered.set([support["funding"]])
    make_partner(
        "jica", "Japan International Cooperation Agency", "government", "JP", [environment]
    )
    make_partner("ramboll", "Ramboll", "private", "DK", [environment], [support["solutions"]])


def names_on(response):
    return [partner.name for partner in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Asian Development Bank", "Japan International Cooperation Agency", "Ramboll"]),
        ("?kind=private", ["Ramboll"]),
        ("?country=JP", ["Japan International Cooperation Agency"]),
        ("?focus_area=quality-environment", ["Japan International Cooperation Agency", "Ramboll"]),
        ("?support=funding", ["Asian Development Bank"]),
        ("?q=japan", ["Japan International Cooperation Agency"]),
        ("?focus_area=quality-environment&support=solutions", ["Ramboll"]),
    ],
)
def test_the_partner_directory_filters(client, directory, query, expected):
    response = client.get(f"/partners/{query}")

    assert response.status_code == 200
    assert names_on(response) == expected


def test_an_unknown_filter_value_is_reported_not_an_error(client, directory):
    response = client.get("/partners/?focus_area=no-such-area&kind=private")

    assert response.status_code == 200
    assert names_on(response) == ["Ramboll"]
    assert response.context["form"].errors["focus_area"]
    assert 'class="errorlist"' in response.content.decode()


def test_the_directory_offers_the_countries_partners_come_from_by_name(client, directory):
    response = client.get("/partners/")

    assert response.context["form"].fields["country"].choices[1:] == [
        ("DK", "Denmark"),
        ("JP", "Japan"),
    ]


def test_each_country_is_offered_once_however_many_partners_come_from_it(client, directory):
    for number in range(3):
        f.PartnerFactory(slug=f"jp-{number}", name=f"Japanese partner {number}", country="JP")

    choices = client.get("/partners/").context["form"].fields["country"].choices[1:]

    assert choices == [("DK", "Denmark"), ("JP", "Japan")]


@pytest.mark.parametrize("size", [3, 30])
def test_the_partner_directory_runs_a_fixed_number_of_queries(
    size, client, infrastructure, support, django_assert_num_queries
):
    for number in range(size):
        make_partner(
            f"p-{number}",
            f"Partner {number:02}",
            "ngo",
            "JP",
            [infrastructure],
            [support["funding"]],
        )

    with django_assert_num_queries(6):
        response = client.get("/partners/?support=funding")
    assert len(response.context["page"].object_list) == min(size, 25)


def test_the_partner_profile_shows_focus_twinnings_and_published_partnerships(
    client, adb, da_nang, bangkok, infrastructure, support, publish
):
    adb.focus_areas.set([infrastructure])
    adb.support_offered.set([support["technical-assistance"]])
    f.TwinningFactory(city=da_nang, partner=adb, counterpart_city="Yokohama")
    published = f.ProjectFactory(plan=publish(f.ActionPlanFactory(city=bangkok)), title="Skytrain")
    draft = f.ProjectFactory(plan=f.ActionPlanFactory(city=da_nang), title="Secret draft")
    Partnership.objects.create(project=published, partner=adb, start_year=2021)
    Partnership.objects.create(project=draft, partner=adb, start_year=2022)

    page = client.get("/partners/asian-development-bank/").content.decode()

    assert "Built Infrastructure" in page
    assert "Technical assistance" in page
    assert "Yokohama, Japan" in page
    assert "Skytrain" in page
    assert "Secret draft" not in page


def test_an_unknown_partner_is_a_404(client, db):
    assert client.get("/partners/nobody/").status_code == 404


# --- Twinnings --------------------------------------------------------------------------------


def test_the_twinnings_page_draws_the_pairs_without_any_outside_request(
    client, da_nang, bangkok, adb
):
    f.TwinningFactory(city=da_nang, counterpart_city="Yokohama", counterpart_country="JP")
    f.TwinningFactory(
        city=bangkok, counterpart_city="Milwaukee", counterpart_country="US", partner=adb
    )
    f.TwinningFactory(city=bangkok, counterpart_city="Atlantis", counterpart_country="ZZ")

    response = client.get("/twinnings/")
    page = response.content.decode()

    assert response.status_code == 200
    assert page.count('class="map-link"') == 2
    assert page.count('class="map-city"') == 2
    assert "Not on the map: ZZ." in page
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<title>Da Nang ↔ Yokohama</title>" in page
    assert "Milwaukee, United States" in page


@pytest.mark.parametrize("size", [2, 30])
def test_the_twinnings_page_runs_a_fixed_number_of_queries(
    size, client, adb, infrastructure, django_assert_num_queries
):
    """Each list's count and page, the names of both pages' focus areas (one query), and the
    demo marker: the same with 2 twinnings each way as with 30 (a second page of both)."""
    for number in range(size):
        twinning = f.TwinningFactory(city=f.CityFactory(slug=f"c-{number}"), partner=adb)
        twinning.focus_areas.set([infrastructure])
        within = f.TwinningFactory(
            city=twinning.city,
            counterpart_ascn_city=f.CityFactory(slug=f"d-{number}"),
            counterpart_city="",
            counterpart_country="",
        )
        within.focus_areas.set([infrastructure])

    with django_assert_num_queries(6):
        assert client.get("/twinnings/").status_code == 200


def twinning_pages(response):
    return response.context["page"], response.context["asean_page"]


def test_the_twinnings_are_paged_each_list_by_its_own_parameter(client, da_nang, bangkok):
    for number in range(30):
        f.TwinningFactory(
            city=da_nang, counterpart_city=f"Town {number:02}", counterpart_country="JP"
        )
        f.TwinningFactory(city=da_nang, counterpart_ascn_city=bangkok, start_year=1990 + number)

    first = client.get("/twinnings/")
    outside, within = twinning_pages(first)
    page = first.content.decode()
    assert (outside.number, len(outside.object_list), outside.paginator.count) == (1, 25, 30)
    assert (within.number, len(within.object_list), within.paginator.count) == (1, 25, 30)
    assert "30 twinnings" in page
    assert page.count('class="map-link"') == 25  # the map draws the pairs of the table's page
    assert 'href="?page=2#outside-asean"' in page
    assert 'href="?asean_page=2#within-asean"' in page

    second = client.get("/twinnings/?asean_page=2&page=2")
    outside, within = twinning_pages(second)
    page = second.content.decode()
    assert (outside.number, len(outside.object_list)) == (2, 5)
    assert (within.number, len(within.object_list)) == (2, 5)
    assert [t.counterpart_city for t in outside.object_list] == [
        f"Town {number}" for number in range(25, 30)
    ]
    assert page.count('class="map-link"') == 5
    # Each list's links keep the other list's page.
    assert 'href="?asean_page=2&amp;page=1#outside-asean"' in page
    assert 'href="?page=2&amp;asean_page=1#within-asean"' in page


@pytest.mark.parametrize(
    ("query", "expected"), [("?page=abc&asean_page=0", (1, 1)), ("?page=99&asean_page=x", (2, 1))]
)
def test_an_invalid_twinning_page_number_gives_the_first_or_last_page(
    client, da_nang, bangkok, query, expected
):
    """As every paged list of the portal (`Paginator.get_page`): a page number that is not one
    gives the first page, one past the end the last."""
    for number in range(26):
        f.TwinningFactory(city=da_nang, counterpart_city=f"Town {number:02}")
    f.TwinningFactory(city=da_nang, counterpart_ascn_city=bangkok)

    response = client.get(f"/twinnings/{query}")

    assert response.status_code == 200
    outside, within = twinning_pages(response)
    assert (outside.number, within.number) == expected


def test_the_twinnings_page_without_twinnings(db, client, django_assert_num_queries):
    with django_assert_num_queries(3):  # the two counts and the demo marker
        response = client.get("/twinnings/?page=3&asean_page=2")

    page = response.content.decode()
    assert response.status_code == 200
    assert "0 twinnings" in page
    assert "No twinning recorded yet." in page
    assert "No twinning between ASCN cities yet." in page
    assert 'class="map-link"' not in page
    assert 'class="pagination"' not in page


# --- Opportunities ----------------------------------------------------------------------------


@pytest.fixture
def market(da_nang, bangkok, infrastructure, environment, support):
    return {
        "lights": make_opportunity(
            da_nang, "Street lights", [infrastructure], [support["funding"]]
        ),
        "canal": make_opportunity(
            bangkok,
            "Canal sensors",
            [environment],
            [support["solutions"]],
            closing_date=TODAY,
        ),
        "closed": make_opportunity(da_nang, "Closed one", [infrastructure], status="closed"),
        "matched": make_opportunity(da_nang, "Matched one", [infrastructure], status="matched"),
        "late": make_opportunity(
            bangkok, "Too late", [environment], closing_date=TODAY - datetime.timedelta(days=1)
        ),
    }


@pytest.mark.parametrize("size", [3, 30])
def test_the_opportunity_list_runs_a_fixed_number_of_queries(
    size, client, infrastructure, support, django_assert_num_queries
):
    """The vocabularies (one union), countries, the cities with an open opportunity, the count,
    the demo marker, a page of 25 with their cities and countries, then the names of their focus
    areas and support (one union): the same with 3 opportunities in 3 cities as with 30 in 30
    (a second page)."""
    for number in range(size):
        city = f.CityFactory(slug=f"c-{number}")
        make_opportunity(city, f"Need {number:02}", [infrastructure], [support["funding"]])

    with django_assert_num_queries(7):
        response = client.get("/opportunities/")
    assert len(response.context["page"].object_list) == min(size, 25)
    assert ("?page=2" in response.content.decode()) == (size > 25)


def titles_on(response):
    return [opportunity.title for opportunity in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Canal sensors", "Street lights"]),
        ("?focus_area=built-infrastructure", ["Street lights"]),
        ("?support=solutions", ["Canal sensors"]),
        ("?country=TH", ["Canal sensors"]),
        ("?city=da-nang", ["Street lights"]),
        ("?q=canal", ["Canal sensors"]),
    ],
)
def test_only_open_opportunities_are_browsed_and_filtered(client, market, query, expected):
    response = client.get(f"/opportunities/{query}")

    assert response.status_code == 200
    assert titles_on(response) == expected


@pytest.mark.parametrize("size", [3, 30])
def test_browsing_opportunities_runs_a_fixed_number_of_queries(
    size, client, da_nang, infrastructure, support, django_assert_num_queries
):
    for number in range(size):
        make_opportunity(da_nang, f"Opportunity {number}", [infrastructure], [support["funding"]])

    with django_assert_num_queries(7):
        response = client.get("/opportunities/?focus_area=built-infrastructure")
    assert len(response.context["page"].object_list) == min(size, 25)


def city_filter(response) -> str:
    page = response.content.decode()
    start = page.index(">", page.index('<select name="city"')) + 1
    return page[start : page.index("</select>", start)].strip()


def test_the_city_filter_offers_the_cities_with_an_open_opportunity_under_their_country(
    client, market
):
    f.CityFactory(slug="hue", name="Hue", country=market["lights"].city.country)

    assert city_filter(client.get("/opportunities/")).endswith(
        '<option value="">All cities</option>'
        '<optgroup label="Thailand"><option value="bangkok">Bangkok</option></optgroup>'
        '<optgroup label="Viet Nam"><option value="da-nang">Da Nang</option></optgroup>'
    )


def test_the_city_filter_names_the_countries_in_vietnamese(client, market, viet_nam):
    viet_nam.name_vi = "Việt Nam"
    viet_nam.save()

    response = client.get("/opportunities/", HTTP_ACCEPT_LANGUAGE="vi")

    assert '<optgroup label="Việt Nam"><option value="da-nang">' in city_filter(response)


def test_a_link_to_a_city_whose_opportunities_have_closed_still_filters_by_it(
    client, market, viet_nam
):
    hue = f.CityFactory(slug="hue", name="Hue", country=viet_nam)
    make_opportunity(hue, "Closed in Hue", [], status="closed")

    response = client.get("/opportunities/?city=hue")

    assert titles_on(response) == []
    assert '<option value="hue" selected>Hue</option>' in city_filter(response)
    assert "No open opportunity matches these filters." in response.content.decode()


def test_an_open_opportunity_is_public(client, market):
    response = client.get(market["lights"].get_absolute_url())

    assert response.status_code == 200
    assert "Sign in as a partner to express interest." in response.content.decode()


@pytest.mark.parametrize("name", ["closed", "matched", "late"])
def test_an_opportunity_no_longer_open_is_hidden_from_the_public(client, market, name):
    assert client.get(market[name].get_absolute_url()).status_code == 404


def test_the_city_still_sees_its_closed_opportunity(client_for, market, da_nang_official):
    response = client_for(da_nang_official).get(market["closed"].get_absolute_url())

    assert response.status_code == 200
    assert "Closed" in response.content.decode()


def test_nav_links_to_partners_and_opportunities(client, db):
    page = client.get("/opportunities/").content.decode()

    assert 'href="/partners/"' in page
    assert 'href="/opportunities/" aria-current="page"' in page
