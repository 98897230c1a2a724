"""Finance and readiness in the project files: exported in the importer's columns, imported back
unchanged; a bad cell names its line and nothing is imported."""

import pytest

from accounts.services import system_user
from action_plans.models import FundingSource, Project
from action_plans.project_files import ProjectImportError, projects_export, projects_import
from tests import factories as f

HEADER = "city,title,focus_areas,budget_usd,readiness,om_cost_usd,om_paid_by,funding_sources"


@pytest.fixture
def setting(da_nang, adb):
    f.FocusAreaFactory(code="built-infrastructure", name="Built infrastructure")
    adb.slug = "asian-development-bank"
    adb.save()
    return adb


def _import(text: str):
    return projects_import(data=text.encode(), filename="projects.csv", actor=system_user())


def _errors(text: str) -> str:
    with pytest.raises(ProjectImportError) as caught:
        _import(text)
    return " ".join(m for e in caught.value.errors for m in e.messages)


def test_funding_and_readiness_import(setting):
    cell = (
        "asian-development-bank | loan | 500000 USD | confirmed | XM-DAC-46004-1 | 53039; "
        "city | own_budget | 100000000 JPY = 650000 USD | sought"
    )
    _import(
        f'{HEADER}\nda-nang,Metro,built-infrastructure,2000000,procurement,9000,city,"{cell}"\n'
    )

    project = Project.objects.get(title="Metro")
    assert (project.readiness, project.stage, project.om_paid_by) == (
        "procurement",
        "ongoing",
        "city",
    )
    adb_source, city_source = project.funding_sources.all()
    assert (adb_source.partner, adb_source.iati_identifier, adb_source.funder_reference) == (
        setting,
        "XM-DAC-46004-1",
        "53039",
    )
    assert (city_source.currency, city_source.amount_usd) == ("JPY", 650000)


def test_export_then_import_changes_nothing(setting):
    cell = "asian-development-bank | grant | 1000 USD | negotiation"
    _import(f'{HEADER}\nda-nang,Metro,built-infrastructure,5000,feasibility,,,"{cell}"\n')

    exported = projects_export(Project.objects.all(), file_format="csv")
    result = projects_import(data=exported, filename="again.csv", actor=system_user())

    assert result.updated == 0
    assert FundingSource.objects.count() == 1


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("city | grant | -5 USD | confirmed", "negative"),
        ("city | grant | lots USD | confirmed", "amount"),
        ("city | grant | 5 XYZ | confirmed", "currency"),
        ("city | grant | 99999999 USD | confirmed", "more than the budget"),
        ("asian-development-bank | grant | 5 USD | confirmed | XM/1", "IATI"),
        ("city | grant", "funder | instrument"),
    ],
)
def test_bad_funding_cell_names_the_line_and_imports_nothing(setting, cell, message):
    text = f'{HEADER}\nda-nang,Metro,built-infrastructure,5000,,,,"{cell}"\n'

    assert message in _errors(text)
    assert not Project.objects.exists()


def test_readiness_that_contradicts_the_stage_is_refused(setting):
    text = (
        "city,title,focus_areas,stage,readiness\n"
        "da-nang,Metro,built-infrastructure,planning,completion\n"
    )
    assert "readiness" in _errors(text)


# --- Indicators (issue 17, point 2) -------------------------------------------------------------

INDICATORS = "city,title,focus_areas,indicators"


@pytest.fixture
def catalogued(setting):
    from action_plans.models import CatalogueIndicator

    return CatalogueIndicator.objects.create(
        code="SDG-11.6.1", framework="sdg", reference="11.6.1", name="Waste managed", unit="%"
    )


def _indicators_row(cell: str) -> str:
    return f'{INDICATORS}\nda-nang,Metro,built-infrastructure,"{cell}"\n'


def test_indicators_import_with_their_catalogue_reference(catalogued):
    cell = (
        "Waste managed | | sdg-11.6.1 | periodic | 60@2019 | 90@2025; "
        "Households connected | households | | cumulative | 0 | 5000@2024"
    )
    _import(_indicators_row(cell))

    waste, households = Project.objects.get(title="Metro").indicators.order_by("unit")
    assert (waste.catalogue, waste.unit, waste.baseline_value, waste.target_year) == (
        catalogued,
        "%",
        60,
        2025,
    )
    assert (households.measurement, households.baseline_year, households.target_value) == (
        "cumulative",
        None,
        5000,
    )


def test_indicators_export_then_import_changes_nothing_and_a_new_name_adds_one(catalogued):
    _import(_indicators_row("Waste managed | % | SDG-11.6.1 | periodic | 60@2019 | 90@2025"))

    exported = projects_export(Project.objects.all(), file_format="csv")
    again = projects_import(data=exported, filename="again.csv", actor=system_user())
    added = _import(_indicators_row("Trees planted | trees"))

    assert again.updated == 0
    assert added.updated == 1
    names = set(Project.objects.get(title="Metro").indicators.values_list("name", flat=True))
    assert names == {"Waste managed", "Trees planted"}  # an import never removes one


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("Waste | % | SDG-99.1 | periodic", "not in the indicator catalogue"),
        ("Waste | % | | sometimes", "periodic or cumulative"),
        ("Waste | % | | periodic | lots@2020", "not a value"),
        ("Waste", "needs a unit"),
        ("Waste | % | | periodic | 1@2019 | 9@2099", "indicator Waste"),
    ],
)
def test_a_bad_indicator_cell_names_the_line_and_imports_nothing(catalogued, cell, message):
    assert message in _errors(_indicators_row(cell))
    assert not Project.objects.exists()
