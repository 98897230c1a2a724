"""Sources as the public reads them.

The reference data keeps its sources as keys and notes for the team ("S9; N12", "S4 (regency)",
"seed 004", "city unverified"); `ascn_reference.md` explains them. A reader sees citations
instead: "ASCN Monitoring and Evaluation Report 2024, 2024", with a key's qualifier kept
("GeoNames gazetteer (indicative)"). Seed documents and verification notes are the team's and
never shown. This module is the one place that turns the one into the other.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from django.conf import settings

SOURCES_FILE = Path(settings.BASE_DIR) / "reference" / "data" / "sources.csv"
# "S4", "S13 (indicative)", "P11-P15": a group letter, a number, an optional range and qualifier.
SOURCE_KEY = re.compile(r"^(?P<group>[A-Z])\d+(?:-[A-Z]?\d+)?(?:\s*\((?P<qualifier>[^)]*)\))?$")
# A note for the team inside public text: "(unverified)", "(titles unverified)".
INTERNAL_NOTE = re.compile(r"\s*\(([^()]*\bunverified\b[^()]*)\)", re.IGNORECASE)


@cache
def _titles() -> dict[str, str]:
    with SOURCES_FILE.open(encoding="utf-8", newline="") as handle:
        return {
            row["key"]: ", ".join(part for part in (row["title"], row["date"]) if part)
            for row in csv.DictReader(handle)
        }


def citations(sources: str) -> list[str]:
    """The public citations of a `source` field, in order and without repeats."""
    cited: list[str] = []
    for part in (sources or "").split(";"):
        citation = _citation(part.strip())
        if citation and citation not in cited:
            cited.append(citation)
    return cited


def _citation(part: str) -> str | None:
    match = SOURCE_KEY.match(part)
    if not match:
        return None  # a seed document or a note for the team
    titles = _titles()
    key = part.split("(")[0].strip()
    title = titles.get(key) or titles.get(match["group"])
    if title and match["qualifier"]:
        return f"{title} ({match['qualifier']})"
    return title


def without_internal_notes(text: str) -> tuple[str, list[str]]:
    """Public text and the team's notes taken out of it: "Luang Prabang (unverified)" gives
    ("Luang Prabang", ["unverified"])."""
    notes = [note.strip() for note in INTERNAL_NOTE.findall(text or "")]
    return INTERNAL_NOTE.sub("", text or "").strip(), notes
