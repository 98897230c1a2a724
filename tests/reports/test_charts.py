import xml.etree.ElementTree as ET

from reports import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup):
    return ET.fromstring(str(markup))


def test_bar_chart_is_an_accessible_image_with_title_and_description():
    svg = parse(
        charts.bar_chart(
            title="Projects by focus area",
            description="Six areas",
            bars=[charts.Bar("Civic and Social", 34), charts.Bar("Built", 32)],
        )
    )
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Projects by focus area"
    assert svg.find(f"{SVG}desc").text == "Six areas"
    assert len(svg.findall(f".//{SVG}rect")) == 2


def test_chart_text_is_escaped():
    markup = str(charts.bar_chart(title="<script>", description="x", bars=[charts.Bar("<b>", 1)]))
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    parse(markup)


def test_line_chart_breaks_at_missing_years():
    svg = parse(
        charts.line_chart(
            title="Trend",
            description="d",
            points=[("2018", None), ("2019", 10), ("2020", 20), ("2021", None)],
        )
    )
    assert len(svg.findall(f".//{SVG}circle")) == 2
    assert len(svg.findall(f".//{SVG}polyline")) == 1


def test_heat_map_marks_empty_cells_with_a_dash():
    svg = parse(
        charts.heat_map(
            title="Heat",
            description="d",
            rows=[("da-nang", "Da Nang")],
            columns=[("a", "A"), ("b", "B")],
            cells={("da-nang", "a"): 55},
        )
    )
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "55" in texts and "–" in texts


def test_stacked_bar_chart_has_a_legend_entry_per_series():
    svg = parse(
        charts.stacked_bar_chart(
            title="By country",
            description="d",
            rows=["VN", "TH"],
            series=["Civic", "Built"],
            values=[[1, 2], [0, 3]],
        )
    )
    legend = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "chart-legend"]
    assert legend == ["Civic", "Built"]


def test_heat_map_column_heads_are_slanted_and_long_names_shortened_with_the_full_name_kept():
    svg = str(
        charts.heat_map(
            title="Heat",
            description="d",
            rows=[("a", "Da Nang")],
            columns=[("h", "Health and Well-being"), ("q", "Quality Environment and Liveability")],
            cells={("a", "h"): 50},
        )
    )
    assert svg.count('transform="rotate(35') == 2
    assert "<title>Quality Environment and Liveability</title>Quality Environment…" in svg


def test_the_line_chart_leaves_room_for_its_edge_labels():
    svg = str(
        charts.line_chart(title="Trend", description="d", points=[("2019", 10.0), ("2025", 100.0)])
    )
    # "100%" ends left of the plot, the last year sits well inside the drawing's width.
    assert 'text-anchor="end" class="chart-axis">100%' in svg
    last_year_x = float(svg.split(">2025<")[0].rsplit('x="', 1)[1].split('"')[0])
    assert last_year_x <= charts.WIDTH - 30
