"""The twinning map's country names: each where it covers no other name, no square and not the
degrees along the bottom, inside the frame (China, the Republic of Korea and Japan sit close
together; New Zealand near the bottom edge)."""

from partners.countries import COUNTRIES
from partners.twinning_map import (
    DEGREES_BAND,
    HEIGHT,
    LABEL_ASCENT,
    LABEL_CHARACTER,
    WIDTH,
    Place,
    place_labels,
    project,
)


def box(mark):
    half = len(mark.label) * LABEL_CHARACTER / 2
    return (mark.label_x - half, mark.label_y - LABEL_ASCENT, mark.label_x + half, mark.label_y + 3)


def overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def places(*codes):
    return [
        Place(
            project(COUNTRIES[code].latitude, COUNTRIES[code].longitude), str(COUNTRIES[code].name)
        )
        for code in codes
    ]


def test_the_names_of_neighbouring_countries_do_not_cover_each_other_or_a_square():
    marks = place_labels(places("CN", "KR", "JP", "US", "NZ", "AU", "FR", "DE"))

    boxes = [box(mark) for mark in marks]
    squares = [(m.point.x - 4, m.point.y - 4, m.point.x + 4, m.point.y + 4) for m in marks]
    for i, one in enumerate(boxes):
        assert not any(overlap(one, other) for other in boxes[i + 1 :]), marks[i].label
        assert not any(overlap(one, square) for square in squares), marks[i].label


def test_a_name_stays_inside_the_frame_and_off_the_degrees():
    for mark in place_labels(places("NZ", "US", "CL", "FR")):
        left, top, right, bottom = box(mark)
        assert left >= 0 and right <= WIDTH and top >= 0, mark.label
        assert bottom <= HEIGHT - DEGREES_BAND, mark.label


def test_a_lone_country_is_named_below_its_square():
    (mark,) = place_labels(places("JP"))

    assert mark.label_y == mark.point.y + 16
    assert mark.label_x == mark.point.x
