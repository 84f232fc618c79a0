import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas fixture creates ten users; the production hasher makes that take seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
