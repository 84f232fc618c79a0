"""The demo province for the site-wide tests (crawl, parameter fuzz), built once per test run by
the demo loaders at a small scale, inside a transaction rolled back after the last of them.

All tests of this package share one xdist group (`--dist loadgroup` in `make test`), so one worker
builds the demo once and runs them one after another; no other test sees the demo rows.
"""

import pytest
from django.core.management import call_command
from django.db import transaction

#: One demo login per role (registry/demo/accounts.py); None: anonymous.
ROLES = ("anonymous", "admin", "tinh", "so", "xa", "lienminh", "htx", "lanhdao")
#: Small enough to build in seconds, big enough that every list has several pages.
DEMO_SCALE = "0.04"


@pytest.fixture(scope="package")
def demo_site(django_db_setup, django_db_blocker):
    """Load the demo (geography, indicators, organizations, program, support, accounts,
    assessments) and yield; everything is rolled back afterwards."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            for command, *args in (
                ("geo_load",),
                ("indicators_load",),
                ("demo_load", "--seed", "2025", "--scale", DEMO_SCALE),
                ("program_demo_load",),
                ("support_demo_load", "--seed", "2025"),
                ("demo_accounts",),
                ("evaluation_demo_load", "--province", "48"),
            ):
                call_command(command, *args, verbosity=0, stdout=_Null(), stderr=_Null())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


class _Null:
    def write(self, text):
        return len(text)

    def flush(self):
        pass


@pytest.fixture
def demo_client(demo_site, db):
    """demo_client(role, language) is a test client signed in as that demo role (or anonymous)."""
    from django.test import Client

    from accounts.models import User

    def make(role: str, language: str = "vi") -> Client:
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(User.objects.get(username=role))
        client.cookies["django_language"] = language
        return client

    return make
