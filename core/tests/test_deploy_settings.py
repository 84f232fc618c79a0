"""What the production environment turns on: checked in child processes (settings are read at start)."""

import json
import re
import stat

from django.conf import settings

from hoptac.settings import PUBLIC_DEVELOPMENT_KEY

from .environment import BASE_DIR, production_env, run_manage

# Prints what the HTTPS settings do to a plain-HTTP page request, the health check and an HTTPS request.
HTTPS_PROBE = """
import json
from django.conf import settings
from django.test import Client
client = Client(raise_request_exception=False)  # the database has no tables: only redirects matter
page = client.get("/to-chuc/")
health = client.get("/healthz")
secure = client.get("/healthz", secure=True)
print(json.dumps({
    "page": [page.status_code, page.get("Location")],
    "health": health.status_code,
    "hsts": secure.get("Strict-Transport-Security"),
    "cookies_secure": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.LANGUAGE_COOKIE_SECURE],
}))
"""


def test_check_deploy_with_the_documented_production_environment_reports_no_issues(tmp_path):
    result = run_manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **production_env())
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_https_the_production_checks_warn_about_hsts_redirect_and_cookies(tmp_path):
    env = production_env() | {"HOPTAC_HTTPS": "false"}
    result = run_manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_https_redirects_plain_http_pages_sends_hsts_and_keeps_cookies_secure(tmp_path):
    result = run_manage(tmp_path, "shell", "--no-imports", "-c", HTTPS_PROBE, HOPTAC_HTTPS="true")
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["page"] == [301, "https://testserver/to-chuc/"]
    assert probe["health"] != 301  # the monitor asks gunicorn directly, over plain HTTP
    assert probe["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert probe["cookies_secure"] == [True, True, True]


def test_without_https_nothing_is_redirected(tmp_path):
    result = run_manage(tmp_path, "shell", "--no-imports", "-c", HTTPS_PROBE)
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["page"][0] != 301
    assert probe["hsts"] is None


def test_it_refuses_to_start_with_the_public_development_key_when_debug_is_off(tmp_path):
    result = run_manage(tmp_path, "check", SECRET_KEY=PUBLIC_DEVELOPMENT_KEY, DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is the public development key" in result.stderr


def test_the_public_development_key_is_accepted_with_debug_on(tmp_path):
    result = run_manage(tmp_path, "check", SECRET_KEY=PUBLIC_DEVELOPMENT_KEY, DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_without_a_key_one_is_generated_once_into_the_data_directory(tmp_path):
    show_key = ("shell", "--no-imports", "-c", "from django.conf import settings; print(settings.SECRET_KEY)")
    first = run_manage(tmp_path, *show_key)
    second = run_manage(tmp_path, *show_key)
    key_file = tmp_path / "secret_key"
    key = key_file.read_text().strip()
    assert first.stdout.strip() == second.stdout.strip() == key
    assert len(key) >= 50 and key != PUBLIC_DEVELOPMENT_KEY
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_a_given_key_is_used_and_nothing_is_written(tmp_path):
    given = "a-key-given-by-the-environment-" + "x" * 30
    result = run_manage(
        tmp_path, "shell", "--no-imports", "-c", "from django.conf import settings; print(settings.SECRET_KEY)", SECRET_KEY=given
    )
    assert result.stdout.strip() == given
    assert not (tmp_path / "secret_key").exists()


def test_nginx_accepts_uploads_a_little_larger_than_the_import_limit():
    """Larger than the limit, so that the application (not nginx) refuses a big workbook, with a message."""
    site = (BASE_DIR / "deploy" / "nginx" / "hoptac.conf").read_text()
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", site).group(1))
    limit = int(production_env()["HOPTAC_IMPORT_MAX_BYTES"])
    assert limit == settings.HOPTAC_IMPORT_MAX_BYTES  # the documented value is the default
    assert limit < megabytes * 1024 * 1024 <= limit + 10 * 1024 * 1024
