"""The production stack (`make serve`, deploy/systemd/hoptac-web.service): gunicorn with the
deploy/gunicorn.conf.py settings, DEBUG off, static files from WhiteNoise, on a fresh data directory."""

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from .environment import BASE_DIR, child_env, run_manage

STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str):
    with urllib.request.urlopen(url, timeout=30) as response:  # loopback only
        return response.status, dict(response.headers), response.read()


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    """gunicorn on a free loopback port over a migrated SQLite data directory; stopped afterwards."""
    tmp_path = tmp_path_factory.mktemp("serve")
    assert run_manage(tmp_path, "migrate", "--noinput", "-v", "0", timeout=300).returncode == 0
    assert run_manage(tmp_path, "collectstatic", "--noinput", "-v", "0", timeout=300).returncode == 0
    port = free_port()
    env = child_env(
        tmp_path,
        DEBUG="false",
        HOPTAC_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        HOPTAC_LOG_FORMAT="json",
        HOPTAC_ACCESS_LOG="true",
    )
    log = (tmp_path / "server.log").open("w+")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "hoptac.wsgi"], cwd=BASE_DIR, env=env, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            fetch(f"{base}/healthz")
            break
        except urllib.error.HTTPError:
            break  # it answers (unhealthy without a task worker, which this test does not start)
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "server.log").read_text()
            time.sleep(0.5)
    try:
        yield base, tmp_path / "server.log"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        log.close()


def test_the_production_stack_serves_pages_and_static_files(production_server):
    base, log = production_server
    status, headers, body = fetch(f"{base}/tai-khoan/dang-nhap/")
    assert status == 200 and "Đăng nhập" in body.decode()
    assert "script-src 'self'" in headers["Content-Security-Policy"] and headers["X-Request-ID"]
    status, headers, body = fetch(f"{base}/static/js/hoptac.js")
    assert status == 200 and b"htmx:configRequest" in body
    status, _, body = fetch(f"{base}/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert status == 200 and len(body) > 100_000


def test_the_production_stack_writes_json_log_lines_with_the_request_id(production_server):
    base, log = production_server
    _, headers, _ = fetch(f"{base}/tai-khoan/dang-nhap/")
    deadline = time.monotonic() + 10
    while headers["X-Request-ID"] not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)  # the worker writes its line just after the response
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    (line,) = [line for line in lines if line.get("request_id") == headers["X-Request-ID"]]
    assert (line["logger"], line["path"], line["status"]) == ("hoptac.request", "/tai-khoan/dang-nhap/", 200)
