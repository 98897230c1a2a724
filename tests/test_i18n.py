"""The Vietnamese interface: a complete catalogue, chosen by the browser or the switcher, with
dates and numbers written the Vietnamese way and drawings (SVG) that stay valid.

The catalogue is compiled here when its .mo is missing or older than the .po, so running pytest
directly works as `make test` does.
"""

import datetime
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from action_plans.models import FocusArea
from action_plans.selectors import plan_snapshot
from meetings.models import Meeting
from tests import factories as f
from tests.cities.network import build_network

LOCALE = Path(settings.BASE_DIR) / "locale"
PO = LOCALE / "vi" / "LC_MESSAGES" / "django.po"
IGNORED = [".venv", "venv", "node_modules", "staticfiles", "var", "media"]
COPY_IGNORED = [*IGNORED, ".git", "locale", "__pycache__", ".*_cache", "*.pyc", "bench"]


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue():
    mo = PO.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < PO.stat().st_mtime:
        call_command("compilemessages", locale=["vi"], ignore_patterns=IGNORED, verbosity=0)
    translation.trans_real._translations.clear()  # a fresh .mo is read again
    yield


# --- The catalogue ------------------------------------------------------------------------------


def read_po(path: Path) -> list[dict]:
    """Entries of a .po file: flags, msgctxt, msgid, msgid_plural, msgstr (or msgstr[n])."""
    entries, entry, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry is not None and "msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry if entry is not None else {"flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += _unquote(line)
        else:
            key, _, rest = line.partition(" ")
            entry[key] = _unquote(rest)
    return [e for e in entries if e["msgid"] or e.get("msgctxt")]


def _unquote(text: str) -> str:
    return text.strip()[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")


def translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def test_every_message_of_the_vietnamese_catalogue_is_translated_and_none_is_fuzzy():
    entries = read_po(PO)
    assert len(entries) > 1000
    untranslated = [e["msgid"] for e in entries if not all(translations(e))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    obsolete = [e["msgid"] for e in entries if e.get("obsolete")]
    assert untranslated == [] and fuzzy == [] and obsolete == []


def test_every_translation_keeps_the_placeholders_of_its_message():
    placeholder = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|</?[a-z]+[^>]*>")
    for entry in read_po(PO):
        expected = sorted(placeholder.findall(entry["msgid"]))
        for text in translations(entry):
            assert sorted(placeholder.findall(text)) == expected, entry["msgid"]


def test_msgfmt_accepts_the_catalogue_with_every_message_translated(tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "django.mo"), str(PO)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert re.fullmatch(r"\d+ translated messages\.", result.stderr.strip()), result.stderr


def test_every_translatable_string_of_the_code_is_in_the_catalogue(tmp_path, settings, monkeypatch):
    """New strings must be translated: `manage.py makemessages -l vi --no-obsolete
    --add-location=file --ignore=.venv --ignore=staticfiles --ignore=var`, then translate what
    it adds to locale/vi/LC_MESSAGES/django.po (no empty msgstr, no fuzzy flag)."""
    # makemessages writes beside the sources it reads, so it reads a copy of them.
    sources = tmp_path / "project"
    shutil.copytree(settings.BASE_DIR, sources, ignore=shutil.ignore_patterns(*COPY_IGNORED))
    monkeypatch.chdir(sources)
    settings.LOCALE_PATHS = [sources / "locale"]
    call_command("makemessages", locale=["vi"], ignore_patterns=IGNORED, verbosity=0)
    fresh = read_po(sources / "locale" / "vi" / "LC_MESSAGES" / "django.po")
    extracted = {(e.get("msgctxt"), e["msgid"]) for e in fresh}
    catalogued = {(e.get("msgctxt"), e["msgid"]) for e in read_po(PO)}
    assert len(extracted) > 1000
    assert sorted(extracted - catalogued, key=str) == []


# --- Pages in Vietnamese ------------------------------------------------------------------------


@pytest.fixture
def network(db):
    cities = build_network(cities=3, projects_per_city=2)
    city = cities[0]
    city.population = 1234567
    city.save()
    plan = city.action_plans.get()
    project = plan.projects.first()
    project.budget_usd = Decimal("2500000")
    project.save()
    plan.publications.update(snapshot=plan_snapshot(plan))  # what the public reads
    f.OpportunityFactory(city=city, title="Flood sensors", closing_date=datetime.date(2031, 3, 9))
    Meeting.objects.create(
        kind=Meeting.Kind.ANNUAL,
        number=8,
        title="8th ASCN Annual Meeting",
        start_date=datetime.date(2025, 7, 17),
        end_date=datetime.date(2025, 7, 18),
        format=Meeting.Format.IN_PERSON,
    )
    return {"city": city, "project": project}


def vietnamese(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200, path
    body = response.content.decode()
    assert re.search(r'<html lang="vi"[ >]', body), path
    return body


PUBLIC_PAGES = {
    "/": ["Số liệu chính", "Thành phố thành viên", "Cơ hội hợp tác đang mở"],
    "/cities/": ["Lọc thành phố", "Thành phố thí điểm"],
    "/meetings/": ["Các cuộc họp đã diễn ra", "Đăng ký lịch các cuộc họp"],
    "/opportunities/": ["Lọc cơ hội hợp tác", "cơ hội hợp tác đang mở"],
    "/reports/": ["Báo cáo tiến độ thường niên", "Ban Thư ký ASEAN"],
    "/accounts/login/": ["Đăng nhập", "Quên mật khẩu?", "Mật khẩu"],
}


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_accept_language_vi_shows_the_public_pages_in_vietnamese(path, network, client):
    body = vietnamese(client, path)
    for text in PUBLIC_PAGES[path] + ["Chuyển đến nội dung chính", "Trang chủ"]:
        assert text in body, (path, text)


def test_the_city_profile_and_its_plan_read_in_vietnamese(network, client):
    city = network["city"]
    body = vietnamese(client, city.get_absolute_url())
    assert "Kế hoạch hành động thành phố thông minh" in body
    assert "Đầu mối liên hệ trong mạng lưới" in body
    plan = city.action_plans.get()
    body = vietnamese(client, f"/plans/{plan.pk}/")
    assert f"Kế hoạch hành động thành phố thông minh của {city.name}" in body
    assert "Tầm nhìn" in body


def test_the_dashboard_reads_in_vietnamese_for_asec(network, asec_user, client_for):
    body = vietnamese(client_for(asec_user), "/dashboard/?year=2024")
    assert "Bảng điều khiển tiến độ mạng lưới" in body
    assert "Hình 1: tỷ lệ dự án theo lĩnh vực trọng tâm ASCF" in body


def test_a_browser_asking_for_vietnamese_of_viet_nam_gets_vietnamese(network, client):
    response = client.get("/cities/", HTTP_ACCEPT_LANGUAGE="vi-VN,vi;q=0.9,en;q=0.8")
    assert '<html lang="vi">' in response.content.decode()


def test_the_admin_reads_in_vietnamese_with_the_portal_s_own_names(db, client):
    admin = f.UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    body = vietnamese(client, "/admin/")
    assert "Quản trị Cổng thông tin ASCN" in body and "Kế hoạch hành động" in body
    body = vietnamese(client, "/admin/action_plans/progressupdate/add/")
    assert "Người nộp" in body and "Tỷ lệ hoàn thành (%)" in body


def test_english_stays_the_default_without_a_language_preference(network, client):
    body = client.get("/cities/").content.decode()
    assert '<html lang="en">' in body and "Member cities" in body


def test_the_lockout_page_reads_in_vietnamese(db, da_nang_official, client):
    cache.clear()  # the API throttles sign-ins per address in the cache
    for _ in range(5):
        locked = client.post(
            "/accounts/login/",
            {"username": "official-da-nang", "password": "not-the-password"},
            HTTP_ACCEPT_LANGUAGE="vi",
        )
    body = locked.content.decode()
    assert locked.status_code == 429 and '<html lang="vi">' in body
    assert "Tài khoản đã bị khóa" in body and "15 phút" in body


def test_two_factor_set_up_reads_in_vietnamese_and_its_qr_code_stays_valid_svg(
    real_two_factor, asec_user, client
):
    client.force_login(asec_user)
    body = vietnamese(client, "/accounts/two-factor/setup/")
    assert "Thiết lập đăng nhập hai lớp" in body and "Mã từ ứng dụng xác thực của bạn" in body
    assert_valid_svg(body, minimum=1)


# --- The switcher ---------------------------------------------------------------------------------


def test_every_page_offers_the_switcher_that_returns_to_the_page_itself(network, client):
    body = client.get("/cities/?pilot=true").content.decode()
    assert 'action="/i18n/setlang/"' in body
    assert '<input name="next" type="hidden" value="/cities/?pilot=true">' in body


def test_the_switcher_keeps_the_page_and_the_choice_outlives_the_request(network, client):
    response = client.post("/i18n/setlang/", {"language": "vi", "next": "/cities/?pilot=true"})
    assert response.status_code == 302 and response.url == "/cities/?pilot=true"
    body = client.get("/cities/?pilot=true").content.decode()
    assert '<html lang="vi">' in body and "Lọc thành phố" in body
    # The choice beats the browser's language, and switching back works the same way.
    assert '<html lang="vi">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()


def test_the_switcher_works_for_a_signed_in_user_on_the_dashboard(network, asec_user, client_for):
    client = client_for(asec_user)
    response = client.post("/i18n/setlang/", {"language": "vi", "next": "/dashboard/"})
    assert response.url == "/dashboard/"
    assert "Bảng điều khiển tiến độ mạng lưới" in client.get("/dashboard/").content.decode()


def test_the_switcher_never_sends_the_visitor_to_another_site(client):
    response = client.post("/i18n/setlang/", {"language": "vi", "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil.example" not in response.url


# --- Dates, numbers and drawings ------------------------------------------------------------------


def test_dates_are_written_the_vietnamese_way(network, client):
    assert "17 tháng 7 năm 2025" in vietnamese(client, "/meetings/")
    assert "17 July 2025" in client.get("/meetings/").content.decode()
    assert "9 tháng 3 năm 2031" in vietnamese(client, "/opportunities/")


def test_numbers_are_grouped_and_decimals_written_the_vietnamese_way(network, client):
    assert "1.234.567" in vietnamese(client, network["city"].get_absolute_url())
    assert "2.500.000" in vietnamese(client, f"/projects/{network['project'].pk}/")
    assert "1,234,567" in client.get(network["city"].get_absolute_url()).content.decode()


def test_chart_values_use_a_decimal_comma_in_vietnamese_but_coordinates_never(
    network, asec_user, client_for
):
    plan = network["city"].action_plans.get()
    f.ProjectFactory(plan=plan, focus_areas=[FocusArea.objects.first()])  # 7 projects: 4 of 7
    body = vietnamese(client_for(asec_user), "/dashboard/?year=2024")
    labels = re.findall(r'class="chart-value">([^<]*)<', body)
    assert any(re.search(r"\d,\d", label) for label in labels), labels
    assert_valid_svg(body, minimum=5)


@pytest.mark.parametrize("path", ["/", "/twinnings/"])
def test_maps_stay_valid_svg_in_vietnamese(path, network, client):
    assert_valid_svg(vietnamese(client, path), minimum=1)


NUMBER = r"-?\d+(\.\d+)?"
NUMERIC_ATTRIBUTES = {
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height", "stroke-width",
    "font-size",
}  # fmt: skip


def assert_valid_svg(body: str, *, minimum: int) -> None:
    """Every inline SVG parses as XML and every coordinate is a plain number (no "12,5")."""
    drawings = re.findall(r"<svg\b.*?</svg>", body, flags=re.S)
    assert len(drawings) >= minimum
    for drawing in drawings:
        root = ET.fromstring(re.sub(r"&(?!amp;|lt;|gt;|quot;|#)", "&amp;", drawing))
        for element in root.iter():
            for name, value in element.attrib.items():
                if name in NUMERIC_ATTRIBUTES:
                    assert re.fullmatch(NUMBER, value), (element.tag, name, value)
                elif name == "viewBox":
                    assert re.fullmatch(rf"{NUMBER}( {NUMBER}){{3}}", value), value
                elif name == "points":
                    assert re.fullmatch(rf"{NUMBER},{NUMBER}( {NUMBER},{NUMBER})*", value), value


def test_meters_and_progress_bars_carry_plain_numbers_in_vietnamese(network, client):
    body = vietnamese(client, network["city"].get_absolute_url())
    values = re.findall(r'<(?:progress|meter)[^>]*\bvalue="([^"]*)"', body)
    assert values and all(re.fullmatch(NUMBER, value) for value in values), values


# --- The annual report stays English -------------------------------------------------------------


def test_the_annual_report_content_is_english_even_when_built_in_a_vietnamese_request(network):
    from reports.annual import annexes, content

    city = network["city"]
    with translation.override("vi"):
        report = content.network_content(2024)
        annex = annexes.city_annex(city.pk, 2024)
    with translation.override("en"):
        assert report == content.network_content(2024)
        assert annex == annexes.city_annex(city.pk, 2024)
    text = json.dumps([report, annex], ensure_ascii=False)
    assert "Appendix A: ongoing and planning projects" in text
    assert "Phụ lục" not in text and "Dự án" not in text
