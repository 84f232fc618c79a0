"""Benchmark: the program page, the agency inbox, the reminder run and the consolidated report
for a province-scale action program.

    .venv/bin/python -m bench.programs [--quick] [--backend sqlite|postgres|both]

Province scale: 40 tasks, half of them given to every commune (94, as in Đà Nẵng after 1/7/2025)
and half to one department with 3 coordinating ones → ≈ 2.000 assignments and ≈ 10.000 yearly
progress reports over 2021–2025. Side by side in one run, per database: the floor (reading the
same rows with no computation), `program_board` (what the program page and the API show),
`agency_inbox` for one commune, `send_reminders` first run and idempotent re-run, and the DOCX of
the consolidated report. Target: the program page's board ≤ 3× the floor (reading the rows it
needs is the unavoidable cost); absolute seconds depend on the machine and its load, printed
with the figures.
Figures go to docs/bench-results/programs.md.
"""

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "docs" / "bench-results" / "programs.md"
TODAY = dt.date(2025, 12, 20)


def _setup(backend: str, name: str) -> None:
    from bench import datasets

    datasets.setup_django(backend=backend, name=name)


def _agencies(communes: int) -> tuple[list, list]:
    from accounts.models import Agency

    departments = [
        Agency.objects.get_or_create(code=f"bench-so-{i}", defaults={"name": f"Sở thử {i}", "kind": "so_nganh"})[0]
        for i in range(6)
    ]
    commune_agencies = [
        Agency.objects.get_or_create(code=f"bench-xa-{i}", defaults={"name": f"UBND xã thử {i}", "kind": "ubnd_xa"})[0]
        for i in range(communes)
    ]
    return departments, commune_agencies


def _task(program, groups, n: int):
    """Task n: odd ones yearly (due 15/12), even ones once (30/6 of a year of the period)."""
    from programs.models import Task

    yearly = bool(n % 2)
    return Task.objects.create(
        program=program,
        group=groups[n % 5],
        number=f"{n % 5 + 1}.{n + 1}",
        content=f"Nhiệm vụ thử số {n + 1}",
        schedule="yearly" if yearly else "once",
        deadline=None if yearly else dt.date(2021 + n % 5, 6, 30),
        due_month=12 if yearly else None,
        due_day=15 if yearly else None,
    )


def _assignments(task, n: int, departments: list, commune_agencies: list) -> list:
    """A department leads; a yearly task goes to every commune, a one-off to 3 other departments."""
    from programs.models import Assignment

    lead = departments[n % 6]
    others = commune_agencies if n % 2 else [d for d in departments if d != lead][:3]
    return [Assignment(task=task, agency=lead, role="lead")] + [
        Assignment(task=task, agency=a, role="coordinating") for a in others
    ]


def _report(assignment, index: int, period):
    """The report of one period: most approved, some submitted; a third completed."""
    from programs.models import ProgressReport, ReportState

    state = ReportState.APPROVED if (assignment.pk + index) % 4 else ReportState.SUBMITTED
    done = (assignment.pk + index) % 3 == 0
    return ProgressReport(
        assignment=assignment,
        period=period.key,
        due_date=period.due,
        state=state,
        progress="completed" if done else "in_progress",
        percent_done=100 if done else 60,
        completed_on=period.due if done else None,
        results="Đã thực hiện theo kế hoạch.",
    )


def _reports(program) -> list:
    """Reports of the periods due before TODAY, one in nine missing."""
    from programs.models import Assignment
    from programs.periods import task_periods

    return [
        _report(assignment, index, period)
        for assignment in Assignment.objects.filter(task__program=program).select_related("task__program")
        for index, period in enumerate(task_periods(assignment.task))
        if period.due < TODAY and (assignment.pk + index) % 9 != 0
    ]


def _build(communes: int, tasks: int) -> dict:
    from programs.models import Assignment, Program, ProgressReport, TaskGroup

    program = Program.objects.filter(decision_number="BENCH/QĐ-UBND").first()
    if program is not None and program.tasks.count() == tasks:
        return {
            "assignments": Assignment.objects.filter(task__program=program).count(),
            "reports": ProgressReport.objects.count(),
        }
    Program.objects.filter(decision_number="BENCH/QĐ-UBND").delete()
    departments, commune_agencies = _agencies(communes)
    program = Program.objects.create(
        title="Chương trình thử tải",
        decision_number="BENCH/QĐ-UBND",
        decision_date=dt.date(2020, 11, 30),
        issuer="UBND tỉnh",
        start_date=dt.date(2021, 1, 1),
        end_date=dt.date(2025, 12, 31),
        lead_agency=departments[0],
    )
    groups = [TaskGroup.objects.create(program=program, number=i + 1, title=f"Nhóm {i + 1}") for i in range(5)]
    assignments = []
    for n in range(tasks):
        assignments += _assignments(_task(program, groups, n), n, departments, commune_agencies)
    Assignment.objects.bulk_create(assignments, batch_size=1000)
    reports = _reports(program)
    ProgressReport.objects.bulk_create(reports, batch_size=2000)
    return {"assignments": len(assignments), "reports": len(reports)}


def _best(function, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def measure(backend: str, quick: bool, repeat: int) -> dict:
    _setup(backend, "programs-quick" if quick else "programs")
    from accounts.models import Agency
    from programs.consolidated import ReportOptions, consolidated_docx
    from programs.models import Assignment, Program, ProgressReport, SentReminder, Task
    from programs.reminders import send_reminders
    from programs.selectors import agency_inbox, program_board

    sizes = _build(communes=20 if quick else 94, tasks=12 if quick else 40)
    program = Program.objects.get(decision_number="BENCH/QĐ-UBND")
    commune = Agency.objects.get(code="bench-xa-1")

    def floor():
        list(Task.objects.filter(program=program))
        list(Assignment.objects.filter(task__program=program).select_related("agency"))
        list(ProgressReport.objects.filter(assignment__task__program=program))

    def board():
        b = program_board(program=program, year=2025, today=TODAY)
        b.status_counts(), b.agency_rates(), b.overdue(), b.timeline(), b.matrix()

    def reminders_first():
        SentReminder.objects.all().delete()
        send_reminders(today=TODAY)

    result = {
        "backend": backend,
        **sizes,
        "floor_s": _best(floor, repeat),
        "board_s": _best(board, repeat),
        "inbox_s": _best(lambda: agency_inbox(agency=commune, today=TODAY), repeat),
        "reminders_s": _best(reminders_first, 1),
        "reminders_rerun_s": _best(lambda: send_reminders(today=TODAY), repeat),
        "docx_s": _best(lambda: consolidated_docx(program=program, options=ReportOptions(year=2025)), 1),
    }
    return result


def write_results(results: list[dict], command: str, quick: bool) -> None:
    def s(v: float) -> str:
        return f"{v:.2f}".replace(".", ",")

    def n(v: int) -> str:
        return f"{v:,}".replace(",", ".")

    lines = [
        "# Benchmark: action-program tracking (bench/programs)",
        "",
        f"Command: `{command}`",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores (shared with other work; load average "
        f"{os.getloadavg()[0]:.1f} when the figures were written), Python {platform.python_version()}.",
        f"Data: {'quick (12 tasks, 20 communes)' if quick else '40 tasks, half given to all 94 communes'}; reports 2021–2025; clock {TODAY:%d/%m/%Y}.",
        "",
        "| database | assignments | reports | floor: read the rows (s) | program page board (s) | board / floor | agency inbox (s) | send_reminders, first run (s) | re-run, sends nothing (s) | consolidated DOCX (s) | target (board ≤ 3× floor) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        ratio = r["board_s"] / r["floor_s"] if r["floor_s"] else float("nan")
        ok = "met" if ratio <= 3 else "not met"
        lines.append(
            f"| {r['backend']} | {n(r['assignments'])} | {n(r['reports'])} | {s(r['floor_s'])} | {s(r['board_s'])} | {s(ratio)}× | {s(r['inbox_s'])} | {s(r['reminders_s'])} | {s(r['reminders_rerun_s'])} | {s(r['docx_s'])} | {ok} |"
        )
    lines += [
        "",
        "Each figure is the best of the repeats (first reminder run and DOCX: one run). The board is",
        "`programs.selectors.program_board` plus the counts, rates, overdue list, timeline and matrix the",
        "program page renders; the floor reads the same tasks, assignments and reports with no computation.",
        "",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.programs")
    parser.add_argument("--quick", action="store_true", help="small program, one repeat")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    repeat = 1 if args.quick else 3
    if args.child:
        print(json.dumps(measure(args.child, args.quick, repeat)))
        return 0
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results = []
    for backend in backends:
        extra = ["--quick"] if args.quick else []
        output = subprocess.run(
            [sys.executable, "-m", "bench.programs", "--child", backend, *extra],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if output.returncode != 0:
            print(output.stderr, file=sys.stderr)
            return 1
        result = json.loads(output.stdout.strip().splitlines()[-1])
        print(
            f"{backend}: floor {result['floor_s']:.2f} s, board {result['board_s']:.2f} s, reminders {result['reminders_s']:.2f} s",
            flush=True,
        )
        results.append(result)
    command = (
        ".venv/bin/python -m bench.programs"
        + (" --quick" if args.quick else "")
        + ("" if args.backend == "both" else f" --backend {args.backend}")
    )
    write_results(results, command, args.quick)
    print(f"→ {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
