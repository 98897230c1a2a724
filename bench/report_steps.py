"""The report job's steps one after another in one process, as the workers run them
(reports/annual/pipeline.py): CPU seconds, wall seconds and queries per step, on the benchmark's
database of the scale. What load disturbs least: compare CPU and queries, main against a branch,
back to back.

    DEBUG=true .venv/bin/python bench/report_steps.py --scale 1
    # PostgreSQL as in production: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import json
import os
import time

from common import django_setup, run_child


def steps() -> dict:
    django_setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core import fonts
    from reports.annual import pipeline, render
    from reports.models import AnnualReport

    year = 2025
    fonts.pdf_fonts(fonts.pdf_folder())
    render.render_pdf("<p>fonts loaded</p>")  # once per worker process, not per job
    render.render_annex_pdf({"slug": "e", "name": "E", "country": "-", "projects": []}, year)
    AnnualReport.objects.filter(status__in=AnnualReport.ACTIVE).update(status="failed")
    report = AnnualReport.objects.create(year=year)
    rows: dict[str, dict] = {}
    load_before = [round(x, 2) for x in os.getloadavg()]

    def timed(label: str, step) -> object:
        with CaptureQueriesContext(connection) as queries:
            cpu, wall = time.process_time(), time.perf_counter()
            result = step()
        row = rows.setdefault(label, {"tasks": 0, "cpu_s": 0.0, "wall_s": 0.0, "queries": 0})
        row["tasks"] += 1
        row["cpu_s"] += time.process_time() - cpu
        row["wall_s"] += time.perf_counter() - wall
        row["queries"] += len(queries)
        return result

    work = timed("start", lambda: pipeline.start(report.pk))
    for key in work.sections:
        timed(f"section {key}", lambda key=key: pipeline.section(report.pk, key, work.total))
    for ids in pipeline.annex_batches(work.city_ids):
        timed("annexes", lambda ids=ids: pipeline.city_annexes(report.pk, ids, work.total))
    for step in pipeline.FINISH_STEPS:
        timed(f"finish {step}", lambda step=step: pipeline.finish(report.pk, (step,)))
    report.refresh_from_db()
    assert report.status == "succeeded", report.error
    for row in rows.values():
        row["cpu_s"], row["wall_s"] = round(row["cpu_s"], 3), round(row["wall_s"], 3)
    return {
        "steps": rows,
        "cpu_s": round(sum(r["cpu_s"] for r in rows.values()), 2),
        "load_before": load_before,
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(steps()))
        return
    result = run_child(__file__, args.scale)
    for label, row in result["steps"].items():
        print(
            f"{label:24s} {row['tasks']:4d} tasks  {row['cpu_s']:7.3f} s CPU  "
            f"{row['wall_s']:7.3f} s wall  {row['queries']:5d} queries"
        )
    print(f"total {result['cpu_s']} s CPU; load {result['load_before']} → {result['load_after']}")


if __name__ == "__main__":
    main()
