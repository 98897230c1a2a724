"""The open-data catalogue in DCAT-AP (JSON-LD), for national open-data portals (CKAN's DCAT
harvester) to harvest: one dataset per open-data table, each with its CSV and JSON distribution
at a stable address, its licence, publisher and the period its rows cover."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from reports.open_data.files import _plain, open_data_tables

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
MEDIA_TYPES = {
    "csv": "http://www.iana.org/assignments/media-types/text/csv",
    "json": "http://www.iana.org/assignments/media-types/application/json",
}
DESCRIPTIONS = {
    "countries": ("Countries", "The ASEAN member states of the network."),
    "cities": ("Cities", "The member cities of the ASEAN Smart Cities Network."),
    "focus_areas": ("Focus areas", "The six focus areas of the ASEAN Smart Cities Framework."),
    "strategic_outcomes": ("Strategic outcomes", "The three outcomes of the Framework."),
    "action_plans": ("Action plans", "The cities' smart city action plans, as published."),
    "projects": ("Projects", "The projects of the published action plans."),
    "progress_updates": (
        "Progress updates",
        "Yearly progress of the published projects: percent complete and status.",
    ),
    "partners": ("Partners", "External partners of the network and what they offer."),
    "twinnings": (
        "Twinnings",
        "Pairings of ASCN cities with cities outside ASEAN, and between ASCN cities.",
    ),
    "case_studies": (
        "Case studies",
        "Published case studies of the cities' projects: problem, solution, results, lessons.",
    ),
    "opportunities": ("Opportunities", "Partnership opportunities the cities opened."),
    "meetings": ("Meetings", "The network's annual meetings, workshops and events."),
    "documents": ("Documents", "Key documents of the network."),
}
# Columns whose values give the period a dataset covers (first and last).
TEMPORAL = {
    "projects": ("start_year", "end_year"),
    "progress_updates": ("year", "year"),
    "twinnings": ("start_year", "start_year"),
    "meetings": ("start_date", "end_date"),
    "documents": ("date", "date"),
}


def _literal(text: str) -> dict:
    return {"@value": text, "@language": "en"}


def _date(value, *, end: bool) -> dict:
    text = _plain(value)
    if isinstance(value, int):
        text = f"{value}-12-31" if end else f"{value}-01-01"
    return {"@value": text, "@type": "xsd:date"}


def _temporal(name: str, columns: list[str], rows: list[list]) -> dict | None:
    if name not in TEMPORAL:
        return None
    first, last = (columns.index(column) for column in TEMPORAL[name])
    starts = [row[first] for row in rows if row[first] is not None]
    ends = [row[last] for row in rows if row[last] is not None]
    if not starts or not ends:
        return None
    return {
        "@type": "dct:PeriodOfTime",
        "dcat:startDate": _date(min(starts), end=False),
        "dcat:endDate": _date(max(ends), end=True),
    }


def _distribution(base: str, name: str, file_format: str) -> dict:
    url = base + reverse("open_data_file", args=[name, file_format])
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": _literal(f"{DESCRIPTIONS[name][0]} ({file_format.upper()})"),
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": MEDIA_TYPES[file_format]},
        "dct:format": file_format.upper(),
        "dct:license": {"@id": settings.OPEN_DATA_LICENSE},
    }


def _dataset(base: str, name: str, table, publisher: dict, modified: str) -> dict:
    title, description = DESCRIPTIONS[name]
    dataset = {
        "@id": f"{base}/open-data/#{name}",
        "@type": "dcat:Dataset",
        "dct:identifier": name,
        "dct:title": _literal(title),
        "dct:description": _literal(description),
        "dct:publisher": publisher,
        "dct:license": {"@id": settings.OPEN_DATA_LICENSE},
        "dct:modified": {"@value": modified, "@type": "xsd:dateTime"},
        "dcat:keyword": [_literal("smart cities"), _literal("ASEAN")],
        "dcat:distribution": [_distribution(base, name, f) for f in ("csv", "json")],
    }
    temporal = _temporal(name, *table)
    if temporal:
        dataset["dct:temporal"] = temporal
    return dataset


def dcat_catalog() -> dict:
    base = settings.PORTAL_URL.rstrip("/")
    publisher = {"@id": f"{base}/#asec", "@type": "foaf:Agent", "foaf:name": "ASEAN Secretariat"}
    modified = timezone.now().replace(microsecond=0).isoformat()
    tables = open_data_tables()
    return {
        "@context": CONTEXT,
        "@id": base + reverse("open_data_catalog"),
        "@type": "dcat:Catalog",
        "dct:title": _literal("ASEAN Smart Cities Network: open data"),
        "dct:description": _literal(
            "What the ASCN Portal publishes: member cities, published action plans and their "
            "projects, progress, partners, twinnings, opportunities and meetings."
        ),
        "dct:publisher": publisher,
        "dct:license": {"@id": settings.OPEN_DATA_LICENSE},
        "dct:modified": {"@value": modified, "@type": "xsd:dateTime"},
        "foaf:homepage": {"@id": base + "/"},
        "dcat:dataset": [
            _dataset(base, name, table, publisher, modified) for name, table in tables.items()
        ],
    }
