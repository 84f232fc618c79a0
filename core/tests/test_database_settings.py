"""The database connection is configured as settings.py says, on whichever backend the run uses."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_connection_options_are_in_force():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # JIT compilation cost seconds per dashboard query at national scale (settings.py).
            cursor.execute("SHOW jit")
            assert cursor.fetchone()[0] == "off"
        else:
            # The init command of settings.py ran: synchronous NORMAL (SQLite's default is FULL).
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 1
