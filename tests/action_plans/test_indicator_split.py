"""Issue 17 point 2 in the web editor: a city official splits a year's indicator value by GESI
target group and by sex on the indicator form (a plain formset, rows of year, group, sex, value),
through the same service and version check as the API; the project page shows the split."""

from decimal import Decimal

import pytest
from django.urls import reverse

from action_plans import services
from action_plans.models import DisaggregatedValue, GesiGroup, IndicatorValue
from tests import factories as f
from tests.action_plans.test_query_counts import queries_for


@pytest.fixture
def indicator(da_nang_project):
    return f.IndicatorFactory(project=da_nang_project, name="Households served", unit="households")


def group(code) -> GesiGroup:
    return GesiGroup.objects.get(code=code)


def rows(*parts, initial=0, extra=1) -> dict:
    """The formset's fields: one row per (year, group code, sex, value), plus blank rows."""
    data = {
        "parts-TOTAL_FORMS": str(len(parts) + extra),
        "parts-INITIAL_FORMS": str(initial),
    }
    for i, (year, code, sex, value) in enumerate(parts):
        pk = group(code).pk if code else ""
        data.update(
            {
                f"parts-{i}-year": year,
                f"parts-{i}-gesi_group": pk,
                f"parts-{i}-sex": sex,
                f"parts-{i}-value": value,
            }
        )
    return data


def post_edit(client, indicator, **data):
    indicator.refresh_from_db()
    form = {"name": indicator.name, "unit": indicator.unit, "version": indicator.version}
    return client.post(reverse("action_plans:indicator_edit", args=[indicator.pk]), form | data)


def saved_parts(indicator) -> list[tuple]:
    return [
        (p.total.year, p.gesi_group.code if p.gesi_group else None, p.sex, p.value)
        for p in DisaggregatedValue.objects.filter(total__indicator=indicator)
    ]


def test_an_official_splits_a_value_by_sex_and_group_and_the_project_pages_show_it(
    client_for, da_nang_official, indicator
):
    client = client_for(da_nang_official)
    version = indicator.version
    parts = rows(
        (2022, None, "female", "55"),
        (2022, None, "male", "45"),
        (2022, "older-persons", "female", "6"),
    )

    response = post_edit(client, indicator, value_2022="100", **parts)

    assert response.status_code == 302
    assert saved_parts(indicator) == [
        (2022, None, "female", Decimal(55)),
        (2022, None, "male", Decimal(45)),
        (2022, "older-persons", "female", Decimal(6)),
    ]
    indicator.refresh_from_db()
    assert indicator.version > version
    for url in (
        indicator.project.get_absolute_url(),
        reverse("action_plans:project_edit", args=[indicator.project.pk]),
    ):
        page = client.get(url).content.decode()
        assert "2022: 100" in page
        assert "Older persons, female: 6" in page
        assert "female: 55" in page


def test_the_new_indicator_form_takes_a_split_too(client_for, da_nang_official, da_nang_project):
    url = reverse("action_plans:indicator_create", args=[da_nang_project.pk])
    data = {"name": "Jobs", "unit": "jobs", "value_2023": "10"}

    response = client_for(da_nang_official).post(
        url, data | rows((2023, "persons-with-disabilities", "", "2"))
    )

    assert response.status_code == 302
    assert saved_parts(da_nang_project.indicators.get()) == [
        (2023, "persons-with-disabilities", "", Decimal(2))
    ]


def test_the_edit_form_shows_the_saved_split_and_keeps_the_flags(
    client_for, da_nang_official, indicator
):
    client = client_for(da_nang_official)
    far_beyond = rows((2022, "women-girls", "", "40"))
    post_edit(client, indicator, value_2022="100000", **far_beyond)  # the target is 80

    html = client.get(reverse("action_plans:indicator_edit", args=[indicator.pk]))
    html = html.content.decode()

    assert 'name="parts-TOTAL_FORMS" value="4"' in html  # the saved part and three blank rows
    assert f'<option value="{group("women-girls").pk}" selected>' in html
    assert 'name="parts-0-value" value="40' in html
    assert "Split of the values (optional)" in html
    assert "more than" in html and "times the way to the target" in html


def test_a_part_removed_by_tick_or_by_clearing_its_row_is_deleted(
    client_for, da_nang_official, indicator
):
    client = client_for(da_nang_official)
    post_edit(client, indicator, value_2022="100", **rows((2022, None, "female", "55")))
    post_edit(
        client,
        indicator,
        value_2022="100",
        **rows((2022, None, "female", "55"), (2022, None, "male", "45"), initial=1),
    )
    assert len(saved_parts(indicator)) == 2

    cleared = rows(("", None, "", ""), (2022, None, "male", "45"), initial=2)
    post_edit(client, indicator, value_2022="100", **cleared | {"parts-1-DELETE": "on"})

    assert saved_parts(indicator) == []
    assert IndicatorValue.objects.get(indicator=indicator).value == 100


def test_a_post_without_the_split_leaves_the_saved_parts_alone(
    client_for, da_nang_official, indicator
):
    client = client_for(da_nang_official)
    post_edit(client, indicator, value_2022="100", **rows((2022, None, "female", "55")))

    response = post_edit(client, indicator, value_2022="90")

    assert response.status_code == 302
    assert saved_parts(indicator) == [(2022, None, "female", Decimal(55))]
    assert IndicatorValue.objects.get(indicator=indicator).value == 90


def test_parts_may_add_up_to_more_than_the_value_as_in_the_service(
    client_for, da_nang_official, indicator
):
    """Counted by group and by sex, people are counted twice: neither the service nor the form
    compares the sum with the value."""
    parts = rows((2022, None, "female", "80"), (2022, "women-girls", "", "80"))

    response = post_edit(client_for(da_nang_official), indicator, value_2022="100", **parts)

    assert response.status_code == 302
    assert len(saved_parts(indicator)) == 2


BAD_ROWS = {
    "negative": ([(2022, None, "male", "-5")], "A part cannot be negative when the value is not."),
    "not a number": ([(2022, None, "male", "many")], "Enter a number."),
    "unknown group": ([(2022, None, "male", "1")], "Select a valid choice."),
    "duplicate": (
        [(2022, None, "male", "1"), (2022, None, "male", "2")],
        "This year already has a part for this group and sex.",
    ),
    "neither group nor sex": (
        [(2022, None, "", "3")],
        "Give each part a GESI target group, a sex or both.",
    ),
    "no value that year": ([(2023, None, "male", "3")], "This year has no value"),
    "no year": ([("", None, "male", "3")], "This field is required."),
}


@pytest.mark.parametrize("case", BAD_ROWS)
def test_a_bad_row_is_marked_on_its_row_nothing_is_saved_and_the_input_is_kept(
    client_for, da_nang_official, indicator, case
):
    parts, message = BAD_ROWS[case]
    data = rows((2022, None, "female", "55"), *parts)
    if case == "unknown group":
        data["parts-1-gesi_group"] = "999999"

    response = post_edit(
        client_for(da_nang_official), indicator, value_2022="100", name="Renamed", **data
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved yet" in html
    assert message in html.replace("&#x27;", "'")
    assert html.count('class="part-row part-row-has-error"') == 1
    assert 'name="name" value="Renamed"' in html
    assert f'name="parts-1-value" value="{parts[0][3]}"' in html
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()
    indicator.refresh_from_db()
    assert indicator.name == "Households served"


def test_a_negative_value_may_be_split_into_negative_parts(client_for, da_nang_official, indicator):
    parts = rows((2022, None, "female", "-3"), (2022, None, "male", "-2"))

    response = post_edit(client_for(da_nang_official), indicator, value_2022="-5", **parts)

    assert response.status_code == 302
    assert len(saved_parts(indicator)) == 2


def test_the_service_refuses_a_negative_part_of_a_positive_value(da_nang_official, indicator):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refusal:
        services.indicator_value_set(
            indicator=indicator,
            actor=da_nang_official,
            year=2022,
            value=Decimal(10),
            parts=[{"sex": "female", "value": Decimal(-1)}],
        )
    assert "parts" in refusal.value.message_dict


def test_a_stale_split_gets_the_conflict_page_with_the_typed_parts_kept(
    client_for, da_nang_official, indicator
):
    client = client_for(da_nang_official)
    stale = indicator.version
    post_edit(client, indicator, value_2022="100", **rows((2022, None, "female", "55")))

    response = client.post(
        reverse("action_plans:indicator_edit", args=[indicator.pk]),
        {"name": indicator.name, "unit": "households", "version": stale, "value_2022": "100"}
        | rows((2022, None, "male", "41")),
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert 'name="parts-0-value" value="41"' in page
    assert saved_parts(indicator) == [(2022, None, "female", Decimal(55))]
    # The conflict table names the split as typed and as saved now.
    row = page[page.index("Split of 2022") :]
    row = row[: row.index("</tr>")]
    assert row.index("female: 55") < row.index(">male: 41")  # saved now, then yours


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("official-bangkok", 404),
        ("nr-vn", 403),
        ("nr-th", 404),
        ("asec", 403),
        ("partner-adb", 404),
        ("anonymous", 302),
    ],
)
def test_only_the_citys_editors_may_split_its_values(
    personas, client_for, indicator, persona, status
):
    client = client_for(personas[persona])

    response = post_edit(client, indicator, value_2022="1", **rows((2022, None, "male", "1")))

    assert response.status_code == status
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()


def test_hostile_group_names_are_escaped_on_the_form_and_the_page(
    client_for, da_nang_official, indicator
):
    hostile = GesiGroup.objects.create(code="hostile", name='<script>alert("x")</script>\u202e')
    total = IndicatorValue.objects.create(indicator=indicator, year=2022, value=100)
    DisaggregatedValue.objects.create(total=total, gesi_group=hostile, value=1)
    client = client_for(da_nang_official)

    for url in (
        reverse("action_plans:indicator_edit", args=[indicator.pk]),
        indicator.project.get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def split_values(project, count):
    """`count` more indicators, each with two years split three ways."""
    for _ in range(count):
        indicator = f.IndicatorFactory(project=project)
        for year in (2022, 2023):
            total = IndicatorValue.objects.create(indicator=indicator, year=year, value=100)
            for sex in ("female", "male"):
                DisaggregatedValue.objects.create(total=total, sex=sex, value=50)
            DisaggregatedValue.objects.create(
                total=total, gesi_group=group("older-persons"), value=7
            )


@pytest.mark.parametrize("page", ["action_plans:project", "action_plans:project_edit"])
def test_the_working_project_pages_stay_flat_as_splits_grow(
    client_for, da_nang_official, da_nang_project, page
):
    client = client_for(da_nang_official)
    url = reverse(page, args=[da_nang_project.pk])
    split_values(da_nang_project, 1)
    small = queries_for(client, url)
    split_values(da_nang_project, 8)
    assert queries_for(client, url) == small
    assert client.get(url).content.decode().count("Older persons: 7") == 18


def test_the_published_project_page_shows_the_split_and_stays_flat(
    client, da_nang_project, da_nang_official, da_nang_csco, viet_nam_rep, asec_user, publish
):
    plan = da_nang_project.plan
    split_values(da_nang_project, 1)
    publish(plan, csco=da_nang_csco, rep=viet_nam_rep, asec=asec_user)
    url = da_nang_project.get_absolute_url()
    small = queries_for(client, url)
    html = client.get(url).content.decode()
    assert "Older persons: 7" in html
    assert "female: 50" in html

    split_values(da_nang_project, 8)
    da_nang_project.refresh_from_db()
    services.project_update(  # a change through the services opens a new draft to publish
        project=da_nang_project,
        actor=da_nang_official,
        data={"summary": "Measured again."},
        version=da_nang_project.version,
    )
    plan.refresh_from_db()
    publish(plan, csco=da_nang_csco, rep=viet_nam_rep, asec=asec_user)
    assert queries_for(client, url) == small
    assert client.get(url).content.decode().count("Older persons: 7") == 18
