"""The parts of the PDF report laid out by Typst from data render.py builds: the city annexes
(reports/annual/typst/annex.typ) and the sections that are long tables (section.typ). Text that
looks like Typst markup stays text, every label is in the report's language, numbers and codes
reach the page as people write them, and a part's first page carries the named destination that
document.py finds it by (`city-<slug>`, the section's anchor)."""

import io

import pypdfium2
from pypdf import PdfReader

from reports.annual import outline, render

HOSTILE = '#set page(fill: red) ] *bold* $x^2$ <script>alert("x")</script> \\ @ref'


def annex(**changes) -> dict:
    indicator = {
        "name": "Bus riders",
        "unit": "people a day",
        "baseline": 45500.0,
        "baseline_year": 2020,
        "target": 90000.0,
        "target_year": 2030,
        "latest": 60000.5,
        "latest_year": 2024,
        "achieved_percent": 32.6,
    }
    project = {
        "title": "Smart mobility",
        "focus_areas": ["Built infrastructure", "Health and well-being"],
        "stage": "ongoing",
        "percent_complete": 55,
        "status": "at_risk",
        "budget_usd": 45500.0,
        "indicators": [indicator],
    }
    return {
        "slug": "bangkok",
        "name": "Bangkok",
        "local_name": "กรุงเทพมหานคร",
        "country": "Thailand",
        "csco": "Somchai",
        "plan_status": "published",
        "progress": 55.0,
        "story": None,
        "projects": [project],
        **changes,
    }


def texts(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()


def test_text_that_looks_like_typst_markup_or_html_is_shown_as_written():
    project = {**annex()["projects"][0], "title": HOSTILE}
    story = {
        "title": HOSTILE,
        "city": "Bangkok",
        "country": "Thailand",
        "objective": f"{HOSTILE}\nsecond line",
        "progress": "",
        "partners": "",
    }
    pdf = render.render_annex_pdf(annex(name=HOSTILE, projects=[project], story=story), 2025)
    text = " ".join(texts(pdf))
    assert text.count(HOSTILE) >= 5  # the heading, the story twice, the table, its caption
    assert "second line" in text


def test_a_vietnamese_annex_has_vietnamese_labels_and_numbers():
    text = " ".join(texts(render.render_annex_pdf(annex(), 2025, "vi")))
    for label in (
        "Phụ lục thành phố: Bangkok",  # the running header
        "Mạng lưới Thành phố thông minh ASEAN · Báo cáo Tiến độ 2025",
        "Kế hoạch: Đã công bố",
        "Tiến độ: 55%",
        "Các dự án của Bangkok",
        "Đang triển khai",  # the stage
        "Có nguy cơ chậm",  # the status
        "45.500",  # the budget, as Vietnamese write it
        "32,6%",
    ):
        assert label in text, label
    for english in ("City annex", "Projects of", "Plan:", "Ongoing", "At risk", "45,500"):
        assert english not in text, english


def test_an_annex_shows_labels_and_figures_never_codes_or_floats():
    text = " ".join(texts(render.render_annex_pdf(annex(), 2025)))
    assert "Bangkok กรุงเทพมหานคร" in text
    assert "Thailand · CSCO: Somchai · Plan: Published · Progress: 55%" in text
    assert "Ongoing 55% At risk 45,500" in text
    assert "Bus riders (people a day) 45,500 (2020) 90,000 (2030) 60,000.5 (2024) 32.6%" in text
    for raw in ("at_risk", "ongoing", "45500", "55.0", "published"):
        assert raw not in text, raw


def test_an_annex_without_projects_says_so():
    text = " ".join(texts(render.render_annex_pdf(annex(projects=[], csco=None), 2025)))
    assert "CSCO: not recorded" in text and "No projects recorded." in text


def test_the_annex_starts_at_its_named_destination_and_repeats_table_headers():
    project = {**annex()["projects"][0], "indicators": []}
    projects = [{**project, "title": f"Project {n}"} for n in range(60)]
    pdf = render.render_annex_pdf(annex(projects=projects), 2025)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 1
    assert {
        name: reader.get_destination_page_number(dest)
        for name, dest in reader.named_destinations.items()
    } == {"city-bangkok": 0}
    for text in texts(pdf):
        assert "Project Focus areas Stage Complete Status Budget (USD)" in text


def test_the_same_annex_gives_the_same_bytes_whenever_it_is_laid_out():
    pdf = render.render_annex_pdf(annex(), 2025)
    assert pdf == render.render_annex_pdf(annex(), 2025)
    assert b"/CreationDate" not in pdf and b"/ModDate" not in pdf  # no clock in the file


def table(caption: str, rows: list) -> dict:
    headers = ["No.", "Project", "Budget (USD)", "Note"]
    return {"name": "t", "caption": caption, "headers": headers, "rows": rows}


def network(language: str = "en") -> dict:
    rows = [[1, HOSTILE, 45500.0, None], [2, "Smart parking", 1200.5, True]]
    return {
        "year": 2025,
        "language": language,
        "data_quality": {
            "missing_updates": table("Without an update", rows),
            "overdue_milestones": table("Overdue milestones", []),
        },
        "appendices": {"a": table("Ongoing", rows), "b": table("Completed", [])},
    }


def test_a_table_section_is_headed_bookmarked_and_found_by_its_anchor():
    pdf = render.render_section_pdf("data-quality", network(), [])
    reader = PdfReader(io.BytesIO(pdf))
    (heading,) = outline.headings("data-quality")
    assert [item.title for item in reader.outline] == [heading.title] == ["10. Data quality"]
    assert list(reader.named_destinations) == ["data-quality"]
    (text,) = texts(pdf)
    assert text.startswith("10. Data quality ASEAN Smart Cities Network")  # the running header
    assert f"Without an update No. Project Budget (USD) Note 1 {HOSTILE} 45,500 –" in text
    assert "2 Smart parking 1,200.5 True" in text  # as the HTML's `figure` filter shows it
    assert "Overdue milestones No. Project Budget (USD) Note None." in text


def test_a_vietnamese_table_section_has_a_vietnamese_heading_and_numbers():
    (text,) = texts(render.render_section_pdf("appendix-b", network("vi"), []))
    assert text.startswith("12. Phụ lục B: các dự án đã hoàn thành")
    assert "Báo cáo Tiến độ 2025" in text and "Không có." in text
    (text,) = texts(render.render_section_pdf("appendix-a", network("vi"), []))
    assert "45.500" in text and "1.200,5" in text
