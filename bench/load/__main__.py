"""Benchmark: the production stack under concurrent signed-in users.

    .venv/bin/python -m bench.load            # national dataset on PostgreSQL, 20 and 50 users, 60 s each
    .venv/bin/python -m bench.load --quick    # national at scale 0.1, 5 and 10 users, 15 s each
    .venv/bin/python -m bench.load --scale 0.1 --users 20 50 --seconds 60   # any mix of the three

The stack is the one `make serve` starts (gunicorn with deploy/gunicorn.conf.py, DEBUG off) on a free
loopback port over the benchmark database (bench.datasets). Each simulated user signs in as a demo
account (province and commune officers alternately) and then, until the time is up, requests a page
drawn from a fixed mix: registry list, search without diacritics, an organization page, the dashboard,
plan-vs-actual, and the preview of an import (a staged batch of 1,000 annual-report rows of the reader's
own cooperatives, prepared once per account: the page an officer reviews before committing). Before the load each page is timed alone (single-request time, best of 3). Reported per
page: requests, errors, p50/p95/p99; per level: requests per second. Last, the cold-dashboard stampede:
as many people as the largest level open the dashboard at once on an emptied cache. Results:
docs/bench-results/load.md.
Bounded: fixed duration, 30 s timeout a request, loopback only.
"""

import argparse
import http.cookiejar
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "docs" / "bench-results" / "load.md"
PASSWORD = "hoptac2025"
USERS = ("tinh", "xa")
TIMEOUT = 30
NOTES_MARKER = "<!-- notes -->"
#: name, weight, path (an organization page takes one of the reader's organizations)
MIX = (
    ("danh sách tổ chức", 3, "/to-chuc/"),
    ("tìm không dấu", 2, "/to-chuc/?q=dich+vu+nong+nghiep"),
    ("trang tổ chức", 3, "/to-chuc/{org}/"),
    ("bảng điều khiển", 2, "/"),
    ("kế hoạch – thực hiện", 1, "/chi-tieu/"),
    ("xem trước nhập Excel", 1, "/nhap-excel/lo/{batch}/"),
)
PREVIEW_ORGANIZATIONS = 100  # × 10 report years = 1,000 staged rows


def staged_preview(user, organizations: list[int]) -> int:
    """The id of a staged (not committed) annual-report import of the user's cooperatives, made once."""
    import importlib
    import tempfile

    from geo.models import AdminUnit
    from imports import services
    from imports.models import ImportBatch
    from registry.models import Organization

    existing = ImportBatch.objects.filter(created_by=user, kind="annual_reports", status="ready").first()
    if existing:
        return existing.pk
    workbook = importlib.import_module("bench.import.__main__")._workbook  # `import` is a keyword
    rows = list(
        Organization.objects.filter(pk__in=organizations, kind="htx")
        .order_by("pk")
        .values_list("registration_code", "name", "commune_id")[:PREVIEW_ORGANIZATIONS]
    )
    communes = {u.pk: u.full_name for u in AdminUnit.objects.filter(pk__in={r[2] for r in rows})}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bao-cao-nam.xlsx"
        workbook(path, rows, communes)
        content = path.read_bytes()
    batch = services.batch_upload(actor=user, kind="annual_reports", content=content, file_name=path.name)
    return services.batch_process(batch=batch, content=content).pk


def prepare(scale: float) -> dict:
    """In its own process: build or reuse the dataset, the demo accounts and each reader's organizations."""
    from bench import datasets

    name = "load-national" + ("" if scale == 1.0 else f"-{int(scale * 100)}")
    url = datasets.setup_django(backend="postgres", name=name)
    dataset = datasets.build_national(seed=2025, scale=scale)
    datasets.settle()
    from accounts.models import User
    from registry.demo.accounts import ensure_demo_accounts
    from registry.models import Organization

    ensure_demo_accounts()
    organizations, batches = {}, {}
    for username in USERS:
        user = User.objects.get(username=username)
        scope = {"commune_id": user.commune_id} if user.commune_id else {"province_id": user.province_id}
        organizations[username] = list(Organization.objects.filter(**scope).values_list("pk", flat=True)[:200])
        batches[username] = staged_preview(user, organizations[username])
    return {"url": url, "organizations": organizations, "batches": batches, "count": dataset.organizations}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_stack(database_url: str, port: int) -> subprocess.Popen:
    var_dir = ROOT / "var" / "bench" / "load"
    var_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, DATABASE_URL=database_url, HOPTAC_VAR_DIR=str(var_dir), DEBUG="false", HOPTAC_BIND=f"127.0.0.1:{port}")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "hoptac.wsgi"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5)
            return server
        except urllib.error.HTTPError:
            return server  # it answers; /healthz is unhealthy without a task worker, not needed here
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("the stack did not start within 60 s")


class Session:
    """One signed-in browser: cookies, CSRF token, sign-in through the login form."""

    def __init__(self, base: str, username: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        login = self.opener.open(f"{base}/tai-khoan/dang-nhap/", timeout=TIMEOUT).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}).encode()
        request = urllib.request.Request(
            f"{base}/tai-khoan/dang-nhap/", data=data, headers={"Referer": f"{base}/tai-khoan/dang-nhap/"}
        )
        final = self.opener.open(request, timeout=TIMEOUT)
        if "dang-nhap" in final.geturl():
            raise SystemExit(f"{username} could not sign in")

    def get(self, path: str) -> tuple[int, float]:
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, timeout=TIMEOUT) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 0  # timeout or refused connection
        return status, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def run_level(base: str, users: int, seconds: float, organizations: dict, batches: dict, seed: int) -> dict:
    samples: dict[str, list[tuple[int, float]]] = {name: [] for name, _, _ in MIX}
    lock = threading.Lock()
    sessions = [Session(base, USERS[i % len(USERS)]) for i in range(users)]
    stop_at = time.monotonic() + seconds

    def user(index: int):
        rng = random.Random(seed + index)
        session = sessions[index]
        username = USERS[index % len(USERS)]
        names, weights = [m[0] for m in MIX], [m[1] for m in MIX]
        paths = {m[0]: m[2] for m in MIX}
        while time.monotonic() < stop_at:
            name = rng.choices(names, weights)[0]
            path = paths[name].format(org=rng.choice(organizations[username]), batch=batches[username])
            status, elapsed = session.get(path)
            with lock:
                samples[name].append((status, elapsed))

    started = time.monotonic()
    threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + TIMEOUT + 5)
    wall = time.monotonic() - started
    pages = {}
    for name, rows in samples.items():
        times = [t * 1000 for s, t in rows if s == 200]
        pages[name] = {
            "requests": len(rows),
            "errors": sum(1 for s, _ in rows if s != 200),
            "error_codes": sorted({s for s, _ in rows if s != 200}),
            "p50": statistics.median(times) if times else None,
            "p95": percentile(times, 0.95) if times else None,
            "p99": percentile(times, 0.99) if times else None,
        }
    total = sum(len(rows) for rows in samples.values())
    return {"users": users, "seconds": round(wall, 1), "rps": total / wall, "pages": pages}


def clear_cache(database_url: str) -> None:
    """Empty the stack's shared cache (the database cache table) from outside, as a write would
    make every cached figure unreachable."""
    env = dict(os.environ, DATABASE_URL=database_url, HOPTAC_VAR_DIR=str(ROOT / "var" / "bench" / "load"))
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", "from django.core.cache import cache; cache.clear()"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def cold_stampede(base: str, database_url: str, users: int) -> dict:
    """`users` signed-in people open the dashboard at the same moment on an empty cache: with single
    flight one computes the figures and the others wait for it, instead of all computing them."""
    sessions = [Session(base, USERS[i % len(USERS)]) for i in range(users)]
    clear_cache(database_url)
    barrier = threading.Barrier(users)
    times: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()

    def open_dashboard(session: Session):
        barrier.wait()
        status, elapsed = session.get("/")
        with lock:
            times.append(elapsed * 1000)
            statuses.append(status)

    threads = [threading.Thread(target=open_dashboard, args=(session,)) for session in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT + 5)
    return {
        "users": users,
        "errors": sum(1 for s in statuses if s != 200),
        "p50": statistics.median(times),
        "p95": percentile(times, 0.95),
        "max": max(times),
    }


def single_times(base: str, organizations: dict, batches: dict) -> dict:
    session = Session(base, USERS[0])
    times = {}
    for name, _, path in MIX:
        path = path.format(org=organizations[USERS[0]][0], batch=batches[USERS[0]])
        session.get(path)  # warm
        times[name] = min(session.get(path)[1] for _ in range(3)) * 1000
    return times


def write(results: dict, command: str) -> None:
    lines = [
        "# Benchmark: load",
        "",
        f"Command: `{command}` (run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}).",
        "",
        f"The production stack (gunicorn, `deploy/gunicorn.conf.py`, {results['workers']} workers, DEBUG off) on PostgreSQL with "
        f"the national dataset at scale {results['scale']} ({results['organizations']:,} organizations), signed-in users "
        "(province and commune officers) requesting a weighted mix of pages without pause; the load generator runs on the "
        "same 2 cores. Times in ms; single = one request alone, best of 3. Targets: 0 errors, p95 ≤ 1 s at 20 users, ≤ 2 s at 50.",
        f"Load average of the machine when the run started: {results['load_average']:.1f}.",
        "",
    ]
    for level in results["levels"]:
        lines += [
            f"## {level['users']} users, {level['seconds']} s: {level['rps']:.1f} requests/s",
            "",
            "| page | single | requests | errors | p50 | p95 | p99 |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name, page in level["pages"].items():
            cells = [f"{page[k]:.0f}" if page[k] is not None else "–" for k in ("p50", "p95", "p99")]
            lines.append(
                f"| {name} | {results['single'][name]:.0f} | {page['requests']} | {page['errors']} | {' | '.join(cells)} |"
            )
        lines.append("")
    stampede = results.get("stampede")
    if stampede:
        lines += [
            f"## Cold dashboard: {stampede['users']} people open it at once on an empty cache",
            "",
            "| errors | p50 | p95 | max |",
            "|---:|---:|---:|---:|",
            f"| {stampede['errors']} | {stampede['p50']:.0f} | {stampede['p95']:.0f} | {stampede['max']:.0f} |",
            "",
        ]
    # Notes written by hand under the marker survive a new run.
    previous = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    notes = previous.split(NOTES_MARKER, 1)[1].strip() if NOTES_MARKER in previous else ""
    lines += [NOTES_MARKER, "", notes, ""] if notes else [NOTES_MARKER, ""]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="scale 0.1, 5 and 10 users, 15 s each")
    parser.add_argument("--scale", type=float, help="share of the national dataset (default 1.0)")
    parser.add_argument("--users", type=int, nargs="+", help="concurrent users of each level (default 20 50)")
    parser.add_argument("--seconds", type=int, help="length of each level (default 60)")
    parser.add_argument("--prepare", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare is not None:
        print(json.dumps(prepare(args.prepare)))
        return
    scale, levels, seconds = (0.1, (5, 10), 15) if args.quick else (1.0, (20, 50), 60)
    scale = args.scale or scale
    levels = tuple(args.users or levels)
    seconds = args.seconds or seconds
    prepared = subprocess.run(
        [sys.executable, "-m", "bench.load", "--prepare", str(scale)], cwd=ROOT, capture_output=True, text=True
    )
    if prepared.returncode != 0:
        raise SystemExit(prepared.stderr)
    info = json.loads(prepared.stdout.strip().splitlines()[-1])
    load_average = os.getloadavg()[0]
    port = free_port()
    server = start_stack(info["url"], port)
    base = f"http://127.0.0.1:{port}"
    try:
        single = single_times(base, info["organizations"], info["batches"])
        results = [run_level(base, users, seconds, info["organizations"], info["batches"], seed=2025) for users in levels]
        stampede = cold_stampede(base, info["url"], max(levels))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() * 2 + 1))
    summary = {
        "scale": scale,
        "organizations": info["count"],
        "workers": workers,
        "load_average": load_average,
        "single": single,
        "levels": results,
        "stampede": stampede,
    }
    write(summary, "python -m bench.load " + " ".join(sys.argv[1:]))
    print(json.dumps(summary, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
