"""Which cache every process shares: the database table by default, Redis when CACHE_URL says so."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection


def _caches_with(**env) -> dict:
    code = "import django, json; django.setup(); from django.conf import settings; print(json.dumps(settings.CACHES['default'], default=str))"
    environment = {key: value for key, value in os.environ.items() if key != "CACHE_URL"} | env
    environment["DJANGO_SETTINGS_MODULE"] = "hoptac.settings"
    out = subprocess.run(
        [sys.executable, "-c", code], env=environment, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_the_default_cache_is_a_table_of_the_database():
    default = _caches_with()
    assert default["BACKEND"] == "django.core.cache.backends.db.DatabaseCache" and default["LOCATION"] == "hoptac_cache"


def test_cache_url_switches_to_redis():
    redis = _caches_with(CACHE_URL="redis://127.0.0.1:6379/1")
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://127.0.0.1:6379/1"


@pytest.mark.django_db
def test_the_migrations_create_the_cache_table():
    assert "hoptac_cache" in connection.introspection.table_names()
