"""Schemathesis over the whole OpenAPI schema (/api/schema/), every operation, as a signed-in province
officer: no answer may be a server error or disagree with the schema. Bounded: a fixed number of
generated cases per operation, derandomised so a run is repeatable (issue #13, item 5)."""

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

#: Generated cases per operation (93 operations), after schemathesis' boundary cases: about two minutes of
#: CPU per database on the 2-core machine.
EXAMPLES = 5


#: No rate: the throttles let every request through without counting it (in the cache, a database table).
UNTHROTTLED = {**django_settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}

# Generating the schema needs no database: it is loaded when the module is collected.
with override_settings(REST_FRAMEWORK=UNTHROTTLED):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture(autouse=True)
def unthrottled(settings):
    settings.REST_FRAMEWORK = UNTHROTTLED
    settings.HOPTAC_IMPORT_BACKGROUND = False


@pytest.fixture(autouse=True)
def connection_kept_between_requests():
    """Schemathesis calls the WSGI application itself, which closes the database connection after
    each request (on PostgreSQL, the test's own transaction); Django's test client stops that the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_api_operation_answers_without_a_server_error_and_as_its_schema_says(case, personas):
    token, _created = Token.objects.get_or_create(user=personas.province_officer)
    case.call_and_validate(
        headers={"Authorization": f"Token {token.key}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
