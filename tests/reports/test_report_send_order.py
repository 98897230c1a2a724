"""The order in which `build` sends the report's parts (issue 16, point 8): in a large report
the two Typst sections that take the most memory are laid out beside annexes, one at a time;
a small report's order is unchanged."""

from reports import tasks
from reports.annual import pipeline, render
from reports.annual.pipeline import Work

SECTIONS = sorted(render.SECTION_KEYS, key=pipeline._send_rank)
LARGE = pipeline.FINISH_IN_PARALLEL_UP_TO + 1


def batches(count):
    return [[i] for i in range(count)]


def test_a_small_report_sends_the_sections_longest_first_then_the_batches():
    late = batches(3)

    assert pipeline.send_order(SECTIONS, late, pipeline.FINISH_IN_PARALLEL_UP_TO) == [
        *SECTIONS,
        *late,
    ]


def test_a_large_report_sends_data_quality_and_appendix_a_among_the_batches_apart():
    late = batches(31)

    order = pipeline.send_order(SECTIONS, late, LARGE)

    others = [key for key in SECTIONS if key not in pipeline.SPREAD_AMONG_ANNEXES]
    assert order[: len(others)] == others  # focus areas and the other sections first
    assert [part for part in order if isinstance(part, list)] == late  # every batch, in order
    quality, appendix = order.index("data-quality"), order.index("appendix-a")
    assert quality - len(others) == 10 and appendix - quality == 11  # 10 batches between them
    assert sorted(p for p in order if isinstance(p, str)) == sorted(SECTIONS)


def test_a_large_report_resumed_sends_what_is_left_in_the_same_order():
    late = batches(2)

    assert pipeline.send_order(["appendix-a"], late, LARGE) == [[0], "appendix-a", [1]]
    assert pipeline.send_order(["network", "data-quality"], [], LARGE) == [
        "network",
        "data-quality",
    ]


def test_a_resumed_job_with_one_batch_left_still_sends_both_spread_sections():
    spread = list(pipeline.SPREAD_AMONG_ANNEXES)

    order = pipeline.send_order(["network", *spread], batches(1), LARGE)

    assert order == ["network", *spread, [0]]


def test_build_sends_the_parts_in_send_order(monkeypatch):
    work = Work(sections=SECTIONS, city_ids=list(range(1, 373)), total=LARGE + 300)
    monkeypatch.setattr(pipeline, "begin", lambda report_id: work)
    monkeypatch.setattr(pipeline, "network", lambda report_id: None)
    sent = []
    monkeypatch.setattr(tasks, "_send", lambda signatures: sent.append(signatures))

    tasks.build_report.run(7)

    early, rest = sent
    all_batches = pipeline.annex_batches(work.city_ids)
    late = all_batches[len(early) :]
    assert [s.args for s in early] == [(7, ids, work.total) for ids in all_batches[: len(early)]]
    expected = pipeline.send_order(SECTIONS, late, work.total)
    assert [s.args[1] for s in rest] == expected
    assert [s.task for s in rest] == [
        "reports.section" if isinstance(part, str) else "reports.annexes" for part in expected
    ]
