"""Shared test fixtures: a small geography and personas for every role.

Every view and endpoint test picks the persona that must be refused next to the one that must
succeed (healthchecks' owner/member/outsider pattern).
"""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from accounts.tests.factories import AgencyFactory, UserFactory
from core.roles import Role
from geo.tests.factories import Geography, build_geography
from registry.tests.factories import OrganizationFactory

# Timing is measured by benchmarks, not tests: on a shared 2-core machine Hypothesis' deadline and
# "too slow" health check would fail correct code, so both are off.
settings.register_profile("hoptac", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("hoptac")

TEST_OUTPUT_DIR = Path(os.environ.get("TEST_OUTPUT_DIR", Path(__file__).parent / "test-output"))
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(autouse=True)
def vietnamese():
    """Each test starts in Vietnamese: a request in English leaves its language active in the thread."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.activate("vi")


@pytest.fixture(autouse=True)
def inline_services(settings):
    """Tests run tasks where they are enqueued and keep the cache in memory (a test without the
    database may touch it); tests of the worker and of the shared cache use `db_tasks` / `db_cache`."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hoptac"}}


@pytest.fixture
def db_tasks(settings, db):
    """The production queue: tasks are stored by django-tasks-db until a worker runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def run_worker(db_tasks, monkeypatch):
    """Runs `manage.py worker` until the queue is empty. The worker closes connections that are not
    in autocommit mode between tasks (right for a long-running process); inside a test's transaction
    that would close the test's own connection, so it is left open here."""
    from django.core.management import call_command

    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)

    def run(worker_id: str = "test-worker") -> None:
        call_command("worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", worker_id, verbosity=0)

    return run


@pytest.fixture
def db_cache(settings, db):
    """The production cache: the database table made by core's migration."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "hoptac_cache"}}


@pytest.fixture(autouse=True)
def empty_cache(inline_services):
    """Each test starts with an empty cache: rolled-back test data can reuse ids (SQLite), so a
    fingerprint-keyed entry of an earlier test must not answer for a later one."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Personas create ten users per test; the production PBKDF2 hasher makes that seconds per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def geo(db) -> Geography:
    return build_geography()


@dataclass
class Personas:
    geo: Geography
    admin: object
    province_officer: object
    department_officer: object
    commune_officer: object
    other_commune_officer: object
    alliance_officer: object
    leader: object
    cooperative: object
    other_cooperative: object
    organization: object
    other_organization: object
    outside_organization: object


@pytest.fixture
def personas(geo) -> Personas:
    """Users of every role, and three HTX: one in commune A (represented by `cooperative`),
    one in commune B (represented by `other_cooperative`), one in another province."""
    province_agency = AgencyFactory(code="so-tai-chinh", name="Sở Tài chính", kind="so_nganh", province=geo.province)
    commune_agency = AgencyFactory(
        code="ubnd-a", name=f"UBND {geo.commune_a.full_name}", kind="ubnd_xa", province=geo.province, commune=geo.commune_a
    )
    org = OrganizationFactory(
        name="Hợp tác xã Dịch vụ Nông nghiệp Điện Phước",
        commune=geo.commune_a,
        legacy_commune=geo.legacy_commune_a1,
        province=geo.province,
    )
    other = OrganizationFactory(name="Hợp tác xã Mây tre đan Duy Thành", commune=geo.commune_b, province=geo.province)
    outside = OrganizationFactory(name="Hợp tác xã Thủy sản Thuận An", commune=geo.other_commune, province=geo.other_province)
    coop = UserFactory(username="htx", roles=[Role.COOPERATIVE])
    other_coop = UserFactory(username="htx_khac", roles=[Role.COOPERATIVE])
    org.representatives.add(coop)
    other.representatives.add(other_coop)
    return Personas(
        geo=geo,
        admin=UserFactory(username="quantri", roles=[Role.ADMIN]),
        province_officer=UserFactory(
            username="tinh", roles=[Role.PROVINCE_OFFICER], province=geo.province, agency=province_agency
        ),
        department_officer=UserFactory(username="so", roles=[Role.DEPARTMENT_OFFICER], province=geo.province),
        commune_officer=UserFactory(
            username="xa", roles=[Role.COMMUNE_OFFICER], commune=geo.commune_a, province=geo.province, agency=commune_agency
        ),
        other_commune_officer=UserFactory(
            username="xa_khac", roles=[Role.COMMUNE_OFFICER], commune=geo.commune_b, province=geo.province
        ),
        alliance_officer=UserFactory(username="lienminh", roles=[Role.ALLIANCE_OFFICER], province=geo.province),
        leader=UserFactory(username="lanhdao", roles=[Role.LEADER], province=geo.province),
        cooperative=coop,
        other_cooperative=other_coop,
        organization=org,
        other_organization=other,
        outside_organization=outside,
    )


@pytest.fixture
def client_for(client):
    """client_for(user) returns a test client signed in as `user` (None: anonymous)."""
    from django.test import Client

    def make(user):
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make


# --- Browser tests (Playwright driving Debian's Chromium) -----------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "vi-VN",
        "timezone_id": "Asia/Ho_Chi_Minh",
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture
def screenshot(request):
    """screenshot(page, "step-name") saves a PNG under test-output/screenshots/<test>/."""
    folder = TEST_OUTPUT_DIR / "screenshots" / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 1000))

    def take(page, name: str) -> Path:
        path = folder / f"{next(counter):02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def pytest_collection_modifyitems(config, items):
    # Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by the
    # test itself are still synchronous, so the async-safety guard is switched off for e2e tests.
    if any(item.get_closest_marker("e2e") for item in items):
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


#: Figures the site tests record (record_property), shown after the run: name -> section title.
SITE_FIGURES = {"crawl_pages": "crawl: pages visited per role", "form_attack": "form attack: posts sent"}


def pytest_terminal_summary(terminalreporter):
    """Pages visited per role by the crawl test (tests/test_crawl.py) and posts sent by the form
    attack (tests/test_form_attack.py), also under xdist."""
    for figure, title in SITE_FIGURES.items():
        lines = [
            value
            for reports in terminalreporter.stats.values()
            for report in reports
            if getattr(report, "when", None) == "call"
            for name, value in getattr(report, "user_properties", ())
            if name == figure
        ]
        if lines:
            terminalreporter.write_sep("-", title)
            for line in sorted(lines):
                terminalreporter.write_line(line)
