"""The report's sections, in report order: what the contents page, the headings, the bookmarks
and the PDF parts are made from.

Adding a section is one `Section` entry here and its template
`templates/reports/annual/sections/<anchor>.html` (which reads its data from `report`, the
NetworkContent: add the data to `content.network_content` and its TypedDict in `sections.py`).
Its number, heading, contents line, page number and bookmark follow from its place in `SECTIONS`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    anchor: str  # the section's id in the document and the name of its template
    title: str
    part: str  # the PDF part it is laid out in, by a task of its own (pipeline.section)

    @property
    def template(self) -> str:
        return f"reports/annual/sections/{self.anchor}.html"


# The longest tables are parts of their own, so that the workers lay them out in parallel.
SECTIONS = (
    Section("foreword", _("Foreword"), "front"),
    Section("summary", _("Executive summary"), "front"),
    Section("observations", _("Observations and recommendations"), "front"),
    Section("exhibits", _("Exhibits"), "front"),
    Section("network", _("The network"), "network"),
    Section("focus-areas", _("Focus areas, outcomes and countries"), "focus-areas"),
    Section("inclusion", _("Inclusion"), "context"),
    Section("partnerships", _("Partnerships and twinning"), "context"),
    Section("meetings", _("Meetings and decisions"), "context"),
    Section("data-quality", _("Data quality"), "data-quality"),
    Section("appendix-a", _("Appendix A: ongoing and planning projects"), "appendix-a"),
    Section("appendix-b", _("Appendix B: completed projects"), "appendix-b"),
    Section("city-annexes", _("City annexes"), "annex-index"),
)

# The PDF parts of the network sections, in report order.
PART_KEYS = tuple(dict.fromkeys(section.part for section in SECTIONS))


@dataclass(frozen=True)
class Heading:
    """A section as the document shows it: numbered by its place in SECTIONS."""

    number: int
    section: Section

    @property
    def anchor(self) -> str:
        return self.section.anchor

    @property
    def title(self) -> str:
        return f"{self.number}. {self.section.title}"


def headings(part: str | None = None) -> list[Heading]:
    """The numbered sections, all of them or those of one PDF part."""
    numbered = [Heading(i, s) for i, s in enumerate(SECTIONS, start=1)]
    return [h for h in numbered if part is None or h.section.part == part]
