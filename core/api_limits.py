"""Limits every API endpoint shares: how many rows one page may hold and how often one client may ask.

`?limit=100000` returned 29,432 members in one response, and `?limit=99999999999999999999` overflowed
the database's integer (a 500); a page now holds at most HOPTAC_API_MAX_LIMIT rows, whatever is asked.
Throttling: anonymous clients by address, signed-in ones by account, at the rates in
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (from the environment).
"""

from django.conf import settings
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class CappedLimitOffsetPagination(LimitOffsetPagination):
    @property
    def max_limit(self) -> int:
        return settings.HOPTAC_API_MAX_LIMIT


class _RateFromSettings:
    """DRF reads the rates once, when the throttle class is defined; these read them when asked, so a
    deployment's (or a test's) settings apply."""

    def get_rate(self):
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]


class AnonThrottle(_RateFromSettings, AnonRateThrottle):
    pass


class UserThrottle(_RateFromSettings, UserRateThrottle):
    pass
