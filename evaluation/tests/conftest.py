import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Personas are ten users per test: a fast hasher keeps the suite quick (passwords still check)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
