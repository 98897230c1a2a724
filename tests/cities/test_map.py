import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from cities import map as city_map
from tests import factories as f


def a_city(name, latitude, longitude, *, capital=False, joined_year=2018, population=None):
    return SimpleNamespace(
        name=name,
        latitude=latitude,
        longitude=longitude,
        is_capital=capital,
        is_pilot=joined_year == 2018,
        population=population,
    )


def test_the_corners_of_the_asean_box_are_the_corners_of_the_map():
    assert city_map.to_map_point(city_map.NORTH, city_map.WEST) == (0, 0)
    assert city_map.to_map_point(city_map.SOUTH, city_map.EAST) == (city_map.WIDTH, city_map.HEIGHT)


def test_da_nang_lies_east_and_north_of_singapore():
    da_nang_x, da_nang_y = city_map.to_map_point(16.0678, 108.2208)
    singapore_x, singapore_y = city_map.to_map_point(1.2897, 103.8501)
    assert da_nang_x > singapore_x
    assert da_nang_y < singapore_y


def test_the_map_has_one_marker_per_city_and_labels_only_capitals_by_default():
    cities = [
        a_city("Bangkok", 13.754, 100.5014, capital=True),
        a_city("Chonburi", 13.3622, 100.9835),
        a_city("Chiang Mai", 18.7904, 98.9847, joined_year=2023),
    ]
    drawn = city_map.city_map(cities)
    assert [marker.city.name for marker in drawn.markers] == ["Bangkok", "Chonburi", "Chiang Mai"]
    assert [marker.labelled for marker in drawn.markers] == [True, False, False]


def test_labels_never_overlap_and_a_crowded_city_loses_its_label_not_its_dot():
    crowded = [a_city(f"City {n}", 13.75, 100.5 + n * 0.01) for n in range(6)]
    drawn = city_map.city_map(crowded, fit=True, label_all=True)
    labelled = [m for m in drawn.markers if m.labelled]
    assert len(drawn.markers) == 6
    assert 0 < len(labelled) < 6


def test_a_fitted_map_frames_its_cities_inside_the_asean_box():
    cities = [a_city("Singapore", 1.2897, 103.8501, capital=True)]
    frame = city_map.city_map(cities, fit=True).frame
    x, y = city_map.to_map_point(1.2897, 103.8501)
    assert frame.x <= x <= frame.x + frame.width
    assert frame.y <= y <= frame.y + frame.height
    assert frame.width >= city_map.FIT_MIN_SPAN * city_map.UNITS_PER_DEGREE
    assert frame.x >= 0 and frame.y >= 0


@pytest.mark.django_db
def test_the_rendered_map_has_one_link_per_city_named_after_it(da_nang, bangkok):
    later = f.CityFactory(
        slug="chiang-mai",
        name="Chiang Mai",
        country=bangkok.country,
        latitude="18.79",
        longitude="98.98",
        joined_year=2023,
    )
    html = Template("{% load city_map %}{% city_map cities %}").render(
        Context({"cities": [bangkok, da_nang, later]})
    )
    links = re.findall(r'<a href="([^"]+)"><title>', html)
    assert links == ["/cities/bangkok/", "/cities/da-nang/", "/cities/chiang-mai/"]
    assert "<title>Da Nang, Viet Nam — pilot city since 2018</title>" in html
    assert "<title>Bangkok, Thailand (capital) — pilot city since 2018</title>" in html
    assert "<title>Chiang Mai, Thailand — member since 2023</title>" in html
    # Each link draws one of the shapes of the map's <defs>: a dot for a pilot city, a diamond
    # for a later member, with a ring for a capital.
    shapes = re.findall(r'<use href="#(city-map-[a-z]+)" x="[0-9.]+" y="[0-9.]+"/></a>', html)
    assert shapes == ["city-map-pc", "city-map-p", "city-map-l"]
    for shape in ("p", "l", "pc", "lc"):
        assert html.count(f'id="city-map-{shape}"') == 1


@pytest.mark.django_db
def test_the_map_escapes_the_names_it_shows(thailand):
    thailand.name = 'Land of <b>"bold"</b> & co'
    thailand.save()
    hostile = f.CityFactory(
        slug="hostile",
        name='<script>alert("x")</script> & <a href="/x">',
        country=thailand,
        is_capital=True,
        latitude="13.75",
        longitude="100.5",
    )
    html = Template("{% load city_map %}{% city_map cities fit=True label_all=True %}").render(
        Context({"cities": [hostile]})
    )
    assert "<script>" not in html and '<a href="/x">' not in html and "<b>" not in html
    name = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;a href=&quot;/x&quot;&gt;"
    country = "Land of &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; co"
    assert f"<title>{name}, {country} (capital) — pilot city since 2018</title>" in html
    assert f">{name}</text>" in html  # its label


@pytest.mark.django_db
def test_map_coordinates_stay_machine_readable_in_vietnamese(da_nang):
    with translation.override("vi"):
        html = Template("{% load city_map %}{% city_map cities %}").render(
            Context({"cities": [da_nang]})
        )
    assert 'x="167.2" y="74.3"' in html  # not "167,2", which SVG cannot read
    assert 'r="3.59"' in html


@pytest.mark.django_db
def test_the_map_rows_are_kept_until_a_city_or_country_changes(
    da_nang, bangkok, django_assert_num_queries
):
    from cities.models import City, Country
    from cities.selectors import cities_on_map

    first = cities_on_map()
    assert [city.name for city in first] == ["Bangkok", "Da Nang"]
    assert first[0].is_capital is True and first[0].latitude == Decimal("13.754")
    with django_assert_num_queries(1):
        assert cities_on_map() is first  # the roll-up token alone, the rows kept
    City.objects.filter(pk=da_nang.pk).update(name="Đà Nẵng")  # no signal: the token tells
    assert [city.name for city in cities_on_map()] == ["Bangkok", "Đà Nẵng"]
    Country.objects.filter(pk=bangkok.country_id).update(
        name_en="Kingdom of Thailand", name_vi="Thái Lan"
    )
    with translation.override("en"):
        assert cities_on_map()[0].country.name == "Kingdom of Thailand"
    with translation.override("vi"):  # kept per language of the country names
        assert cities_on_map()[0].country.name == "Thái Lan"
    with translation.override("en"):
        assert cities_on_map()[0].country.name == "Kingdom of Thailand"
