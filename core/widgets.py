"""Form widgets drawn in Python: a filter form's select drew each option through two templates
(`select_option.html`, `attrs.html`), a fifth of the city list's time (issue 21). The markup is
exactly Django's, newlines included (tests/core/test_widgets.py compares them); every value and
label is escaped."""

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class Options(BaseChoiceIterator):
    """A select's options already as (value, label) pairs, given to a field as they are: a list
    set as a field's choices is normalised pair by pair (about twenty calls each), and a filter of
    every member city has 380 at ten times the network, more than the rest of the opportunity
    list's growth (issue 21)."""

    def __init__(self, pairs: list[tuple]):
        self.pairs = pairs

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)


def _attrs(attrs: dict) -> str:
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    str(option["value"]),
                    _attrs(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))
