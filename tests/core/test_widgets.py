"""FastSelect draws exactly what Django's Select draws, escaping included."""

import pytest
from django import forms

from core.widgets import FastSelect

HOSTILE = '<script>alert("x")</script> & \u200f"quoted"'


@pytest.mark.parametrize("value", [None, "", "b", HOSTILE])
@pytest.mark.parametrize(
    "choices",
    [
        [("", "All"), ("a", "A & B"), ("b", HOSTILE), (HOSTILE, "Tiếng Việt")],
        [("Group <1>", [("a", "A"), ("b", "B")]), ("c", "C")],
    ],
)
def test_fast_select_draws_what_djangos_select_draws(choices, value):
    attrs = {"id": "id_f", "aria-describedby": "id_f_error", "required": True, "hidden": False}
    expected = forms.Select(choices=choices).render("f", value, attrs=attrs)
    assert FastSelect(choices=choices).render("f", value, attrs=attrs) == expected
