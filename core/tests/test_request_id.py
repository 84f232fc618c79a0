"""Every request has an id: in the X-Request-ID header and on every log line it causes."""

import json
import logging

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from core import request_id
from core.request_id import RequestIdFilter


@pytest.mark.django_db
def test_a_response_carries_a_new_request_id(client):
    first, second = client.get("/healthz")["X-Request-ID"], client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second


@pytest.mark.django_db
def test_the_proxys_request_id_is_kept(client):
    response = client.get("/healthz", headers={"X-Request-ID": "0f3c9a7be21d4c55a1b2c3d4e5f60718"})
    assert response["X-Request-ID"] == "0f3c9a7be21d4c55a1b2c3d4e5f60718"


@pytest.mark.django_db
def test_an_id_that_does_not_look_like_one_is_replaced(client):
    response = client.get("/healthz", headers={"X-Request-ID": "x\nforged log line"})
    assert response["X-Request-ID"] != "x\nforged log line" and len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_the_access_log_line_has_the_id_status_and_user(client_for, personas, caplog):
    with caplog.at_level(logging.INFO, logger="hoptac.request"):
        response = client_for(personas.commune_officer).get("/to-chuc/")
    (record,) = [r for r in caplog.records if r.name == "hoptac.request"]
    assert record.request_id == response["X-Request-ID"]
    assert (record.method, record.path, record.status, record.user_id) == ("GET", "/to-chuc/", 200, personas.commune_officer.pk)


@pytest.mark.django_db
def test_an_error_logged_while_serving_carries_the_id(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/khong-co-trang-nay/")
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert response.status_code == 404
    assert record.request_id == response["X-Request-ID"]


def test_outside_a_request_the_id_is_a_dash():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "message", None, None)
    RequestIdFilter().filter(record)
    assert record.request_id == "-" == request_id.current()


def test_the_json_log_format_is_one_object_per_line_with_the_id_and_the_request_fields():
    options = dict(settings.LOGGING["formatters"]["json"])
    formatter = import_string(options.pop("()"))(**options)
    record = logging.LogRecord("hoptac.request", logging.INFO, __file__, 1, "%s %s %s", ("GET", "/", 200), None)
    record.__dict__.update(method="GET", path="/", status=200)
    RequestIdFilter().filter(record)
    line = json.loads(formatter.format(record))
    assert line["message"] == "GET / 200" and line["level"] == "INFO" and line["logger"] == "hoptac.request"
    assert line["request_id"] == "-" and line["status"] == 200 and "time" in line
