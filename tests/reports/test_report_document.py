"""The annual report reads as a document (issue 16): a cover, contents whose page numbers match
the pages, one page numbering across the whole PDF, no stored codes or Python float text in any
file people read, the demo watermark exactly when demo content is loaded, hostile text escaped."""

import html.parser
import io
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook
from pypdf import PdfReader

from action_plans.models import PlanStatus, Stage, UpdateStatus
from reports.annual import document, outline, render
from reports.services import narrative_save, report_request
from tests import factories as f
from tests.reports.building import build_report

HOSTILE = '<script>alert("x")</script> Đà Nẵng \u200b'
# A stored code (on_track, built-infrastructure) or a float as Python prints it (45500.0).
CODES = {c for choices in (PlanStatus, Stage, UpdateStatus) for c in choices.values if "_" in c}
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
FLOAT_REPR = re.compile(r"(?<![\d.,])\d+\.0(?!\d)|(?<![\d,.])\d{4,}\.\d")


@pytest.fixture
def rich_network(da_nang, bangkok):
    """Two cities with what tempts a renderer to print codes and floats, and hostile text."""
    area = f.FocusAreaFactory(code="built-infrastructure")
    publisher = f.UserFactory(role="asec")
    for city in (da_nang, bangkok):
        plan = f.ActionPlanFactory(city=city)
        project = f.ProjectFactory(
            plan=plan, title=HOSTILE, focus_areas=[area], budget_usd=Decimal("45500.00")
        )
        f.ProgressUpdateFactory(project=project, year=2024, percent_complete=55, status="at_risk")
        f.IndicatorFactory(project=project)
        f.publish_as_is(plan, publisher)


@pytest.fixture
def report(eager, rich_network, asec_user, django_capture_on_commit_callbacks):
    return build_report(2024, asec_user, django_capture_on_commit_callbacks)


def pdf_of(report) -> PdfReader:
    return PdfReader(io.BytesIO(report.pdf_file.read()))


def pdf_texts(report) -> list[str]:
    return [page.extract_text() for page in pdf_of(report).pages]


class Text(html.parser.HTMLParser):
    """What a reader of the HTML report sees: its text, without styles."""

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], False

    def handle_starttag(self, tag, attrs):
        self.skip = tag == "style"

    def handle_endtag(self, tag):
        self.skip = False

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(report) -> str:
    parser = Text()
    parser.feed(report.html_file.read().decode())
    return " ".join(parser.parts)


def xlsx_texts(report) -> list[str]:
    book = load_workbook(io.BytesIO(report.xlsx_file.read()))
    return [
        str(cell.value)
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


def raw_values(text: str) -> list[str]:
    return [m for m in SNAKE.findall(text) if m in CODES or "_" in m] + FLOAT_REPR.findall(text)


@pytest.mark.django_db
def test_every_page_after_the_cover_is_numbered_of_the_whole(report):
    pages = pdf_texts(report)
    assert len(pages) > 5
    assert "Page" not in pages[0]  # the cover
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} of {len(pages)}" in text


@pytest.mark.django_db
def test_the_contents_give_the_page_of_every_section_and_city_annex(report):
    pdf = pdf_of(report)
    contents = pdf.pages[1].extract_text()
    bookmarks = {}
    for item in pdf.outline:
        items = item if isinstance(item, list) else [item]
        for bookmark in items:
            bookmarks[bookmark.title] = pdf.get_destination_page_number(bookmark) + 1
    listed = dict(re.findall(r"^(\d+\. [^\n]+?) (\d+)$", contents, re.MULTILINE))
    assert "2. Executive summary" in listed and "13. City annexes" in listed
    for title, page in listed.items():
        assert bookmarks[title] == int(page), title
    assert re.search(rf"Bangkok \(Thailand\) {bookmarks['Bangkok']}\b", contents)
    assert "City annex: Bangkok" in pdf.pages[bookmarks["Bangkok"] - 1].extract_text()


@pytest.mark.django_db
def test_the_cover_names_the_report_its_author_and_its_date(report):
    cover = pdf_texts(report)[0]
    assert "Progress Report 2024" in cover and "ASEAN Secretariat" in cover
    assert "Data as of" in cover
    assert report.data_hash in "".join(cover.split())


@pytest.mark.django_db
def test_running_headers_name_the_section_of_the_page(report):
    pdf = pdf_of(report)
    bookmarks = {item.title: item for item in pdf.outline if not isinstance(item, list)}
    for title in ("10. Data quality", "11. Appendix A: ongoing and planning projects"):
        page = pdf.pages[pdf.get_destination_page_number(bookmarks[title])].extract_text()
        assert page.startswith(title)


@pytest.mark.django_db
def test_no_stored_code_or_python_float_reaches_the_pdf_the_html_or_the_xlsx(report):
    pdf = " ".join(pdf_texts(report))
    assert "45,500" in pdf
    assert raw_values(pdf) == []
    assert raw_values(html_text(report)) == []
    assert [t for t in xlsx_texts(report) if raw_values(t)] == []


@pytest.mark.django_db
def test_numbers_in_the_xlsx_are_numbers_with_formats_under_frozen_headers(report):
    book = load_workbook(io.BytesIO(report.xlsx_file.read()))
    assert book.sheetnames[0] == "README"
    readme = [c for row in book["README"].iter_rows(values_only=True) for c in row if c]
    assert report.data_hash in readme and "Data as of" in readme
    projects = book["Projects by city"]
    assert projects.freeze_panes == "A2"
    assert projects.column_dimensions["B"].width > 10
    budgets = [row[6] for row in projects.iter_rows(min_row=2) if row[6].value]
    assert budgets and all(c.number_format == '#,##0 "USD"' for c in budgets)
    assert not [name for name in book.sheetnames if "_" in name]  # no `focus_areas 2`


@pytest.mark.django_db
def test_without_demo_content_no_file_carries_the_watermark(report):
    assert not any("DEMO CONTENT" in text for text in pdf_texts(report))
    assert "Demo content" not in html_text(report)
    assert not any("DEMO CONTENT" in t for t in xlsx_texts(report))


@pytest.mark.django_db
def test_with_demo_content_every_page_and_every_file_says_so(
    eager, rich_network, asec_user, django_capture_on_commit_callbacks
):
    apps.get_model("demo", "DemoContent").objects.create()
    report = build_report(2024, asec_user, django_capture_on_commit_callbacks)
    assert all("DEMO CONTENT" in text for text in pdf_texts(report))
    assert "Demo content" in html_text(report)
    assert any("DEMO CONTENT" in t for t in xlsx_texts(report))
    assert b'"demo_content": true' in report.json_file.read()


@pytest.mark.django_db
def test_hostile_text_is_escaped_in_the_html_and_kept_as_text_elsewhere(report):
    page = report.html_file.read().decode()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert '<script>alert("x")</script>' in " ".join(pdf_texts(report))
    assert HOSTILE in xlsx_texts(report)


# Committed for real: the job is sent on commit, so the command's request runs it (eagerly)
# before the command starts waiting.
@pytest.mark.django_db(transaction=True)
def test_assemble_report_waits_with_a_progress_bar_and_prints_the_paths(eager, rich_network):
    out = io.StringIO()
    call_command("assemble_report", "2024", "--wait", "--poll", "0.1", stdout=out)
    text = out.getvalue()
    assert "[##############################] 100%" in text
    for extension in ("html", "pdf", "xlsx", "json"):
        assert re.search(rf"/ascn-progress-report-2024-\w+\.{extension}$", text, re.MULTILINE)


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2017, 2100])
def test_assemble_report_refuses_a_year_outside_the_network(year):
    with pytest.raises(CommandError, match="Choose a year from 2018"):
        call_command("assemble_report", str(year), "--wait")


@pytest.mark.django_db
def test_a_vietnamese_report_has_vietnamese_headings(
    eager, rich_network, asec_user, django_capture_on_commit_callbacks
):
    da_nang_project = apps.get_model("action_plans", "Project").objects.filter(
        plan__city__slug="da-nang"
    )[0]
    apps.get_model("cities", "Country").objects.filter(code="VN").update(name_vi="Việt Nam")
    narrative_save(  # ASEC's pick for the focus area, the narrative itself left to write
        year=2024,
        language="vi",
        actor=asec_user,
        highlights={"area-built-infrastructure": {"project": da_nang_project.pk, "objective": "x"}},
    )
    with django_capture_on_commit_callbacks(execute=True):
        report, _created = report_request(year=2024, actor=asec_user, language="vi")
    report.refresh_from_db()
    assert report.status == "succeeded", report.error
    pages = pdf_texts(report)
    assert "2. Tóm tắt tổng quan" in pages[1]  # the contents
    assert f"Trang 2/{len(pages)}" in pages[1]
    assert "tháng" in pages[0].lower()  # the cover's "data as of" date
    assert "Da Nang (Việt Nam)" in pages[1]  # the contents' line of the city annex
    assert 'lang="vi"' in report.html_file.read().decode()
    assert b'"language": "vi"' in report.json_file.read()
    report.html_file.seek(0)
    text = " ".join(html_text(report).split())
    for sentence in (
        "Báo cáo Tiến độ 2024",  # the cover
        "Mục lục",  # the contents
        "Chưa được viết: ASEC viết phần này",  # foreword and observations, not written yet
        "thành phố thí điểm năm 2018",  # executive summary
        "dự án bị chậm",  # executive summary
        "số dự án của mạng lưới",  # focus areas
        "Dự án nổi bật:",  # focus areas: ASEC's pick and its story
        "Mục tiêu",  # focus areas: the story's objective
        "Theo kết quả chiến lược",  # focus areas
        "Bình đẳng giới và hòa nhập xã hội",  # inclusion
        "đã được kết nối với một đối tác",  # partnerships
        "Sau đây là một phụ lục cho mỗi thành phố thành viên",  # city annexes
        "Các dự án của",  # a city annex
        "Kế hoạch:",  # a city annex
        "Việt Nam",  # the annexes' index and the annex
    ):
        assert sentence in text, sentence
    for english in ("pilot cities of 2018", "One annex per member", "Projects of ", "Contents"):
        assert english not in text, english


def test_assemble_report_takes_the_language(asec_user):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("assemble_report", "2024", "--lang", "fr")


def annex_columns(pdf: bytes) -> list[tuple[list[int], list[int]]]:
    """Per page of the contents, the city annexes' entries ("City <n> (…)") of its left and its
    right column, top to bottom."""
    columns = []
    for page in PdfReader(io.BytesIO(pdf)).pages[1:]:
        found: list[tuple[float, float, int]] = []

        def text(value, cm, tm, font, size, found=found):
            if match := re.match(r"City (\d+) ", value):
                found.append((tm[4] * cm[0] + cm[4], -(tm[5] * cm[3] + cm[5]), int(match[1])))

        page.extract_text(visitor_text=text)
        middle = page.mediabox.width / 2
        columns.append(
            tuple(
                [n for x, _y, n in sorted(found, key=lambda f: f[1]) if (x < middle) == left]
                for left in (True, False)
            )
        )
    return columns


@pytest.mark.parametrize(("cities", "pages"), [(38, 2), (62, 2), (66, 3), (370, 5)])
def test_the_city_annexes_contents_are_two_columns_that_read_down_balanced(cities, pages):
    """Two columns that read down, over as many pages as they take (each column full), the last
    page's balanced (the first the longer), as CSS's balanced columns of the HTML report."""
    content = {"year": 2025, "data_hash": "0" * 64, "demo_content": False, "language": "en"}
    sections = [document.Entry(h.anchor, h.title, 3 + i) for i, h in enumerate(outline.headings())]
    annexes = [
        document.Entry(f"city-{i}", f"City {i} (Brunei Darussalam)", 20 + i) for i in range(cities)
    ]
    pdf = render.render_front_pdf(content, sections, annexes, as_of="31 December 2025")
    columns = annex_columns(pdf)
    assert len(columns) == pages - 1  # after the cover
    assert [n for left, right in columns for n in left + right] == list(range(cities))
    *full, (left, right) = columns
    assert len(left) - len(right) in (0, 1)
    for earlier_left, earlier_right in full:  # full: as many entries in both columns
        assert len(earlier_left) == len(earlier_right)
    # The pages between the first and the last hold as many as a page holds; the last no more.
    assert all(len(left) <= len(earlier) for earlier, _right in full[1:])
    assert len({len(earlier) for earlier, _right in full[1:]}) <= 1
