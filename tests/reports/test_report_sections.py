"""The report content's types (reports/annual/sections.py) and its published JSON Schema
(reports/annual/schema.json) describe the same keys and value types, section by section: a key
added to one and not the other fails here, before a report fails its schema validation."""

import json
import types
import typing
from pathlib import Path

import pytest
from django.conf import settings

from reports.annual import sections

SCHEMA = json.loads((Path(settings.BASE_DIR) / "reports/annual/schema.json").read_text())
JSON_TYPES = {
    int: {"integer"},
    float: {"number"},
    str: {"string"},
    bool: {"boolean"},
    type(None): {"null"},
    list: {"array"},
    dict: {"object"},
}


def _resolve(schema: dict) -> dict:
    if "$ref" in schema:
        return SCHEMA["$defs"][schema["$ref"].removeprefix("#/$defs/")]
    return schema


def _json_types(annotation) -> set[str]:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return set().union(*(_json_types(arg) for arg in typing.get_args(annotation)))
    if typing.is_typeddict(annotation):
        return {"object"}
    return JSON_TYPES[typing.get_origin(annotation) or annotation]


def _typed_dicts_inside(annotation, schema: dict):
    """(TypedDict, its schema) for the TypedDicts an annotation holds, directly or in a list."""
    if typing.is_typeddict(annotation):
        yield annotation, schema
    elif typing.get_origin(annotation) is list:
        yield from _typed_dicts_inside(typing.get_args(annotation)[0], _resolve(schema["items"]))
    elif isinstance(annotation, types.UnionType):
        for arg in typing.get_args(annotation):
            yield from _typed_dicts_inside(arg, schema)


def _pairs(typed_dict, schema: dict, path: str = "report"):
    """Every (path, TypedDict, schema) of the report, walking down from the whole report."""
    yield path, typed_dict, schema
    for key, annotation in typing.get_type_hints(typed_dict).items():
        field_schema = _resolve(schema["properties"].get(key, {}))
        for inner, inner_schema in _typed_dicts_inside(annotation, field_schema):
            yield from _pairs(inner, inner_schema, f"{path}.{key}")


PAIRS = list(_pairs(sections.ReportContent, SCHEMA))


def test_every_section_type_is_checked_against_the_schema():
    checked = {typed_dict.__name__ for _path, typed_dict, _schema in PAIRS}
    assert {
        "ReportContent",
        "TableData",
        "Summary",
        "FocusAreaSection",
        "ProjectHighlight",
        "CaseStudyLink",
        "PartnershipsSection",
        "CityAnnexContent",
        "AnnexProject",
        "IndicatorAgainstTarget",
    } <= checked


@pytest.mark.parametrize(("path", "typed_dict", "schema"), PAIRS, ids=[p[0] for p in PAIRS])
def test_a_section_type_has_the_keys_the_schema_requires(path, typed_dict, schema):
    assert typed_dict.__required_keys__ == set(schema["required"]) == set(schema["properties"])
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize(("path", "typed_dict", "schema"), PAIRS, ids=[p[0] for p in PAIRS])
def test_a_section_type_gives_each_key_the_schema_s_json_types(path, typed_dict, schema):
    for key, annotation in typing.get_type_hints(typed_dict).items():
        expected = _resolve(schema["properties"].get(key, {})).get("type")
        if expected is None:  # an enum or a constant: checked by the schema's validation tests
            continue
        expected = {expected} if isinstance(expected, str) else set(expected)
        assert _json_types(annotation) == expected, f"{path}.{key}"


def test_the_schema_version_is_the_one_the_content_declares():
    assert SCHEMA["properties"]["schema_version"]["const"] == sections.SCHEMA_VERSION
