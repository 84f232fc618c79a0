"""The year pickers of the indicator pages, kept under the data fingerprint.

`registry.years` answers which year a page opens on and how far each open year's reports have come
in; both read every annual report the reader may see. The dashboard is opened far more often than
the registry changes, so the answers are cached per reader under the fingerprint of the registry
tables (indicators.freshness): any write makes them unreachable, in every process.
"""

from core.cache import get_or_compute
from indicators.freshness import data_fingerprint
from registry import years

#: Bounded in time as well: a reader's jurisdiction can change without a write to those tables.
YEARS_CACHE_SECONDS = 300


def _reader_key(user) -> str:
    return str(user.pk) if user.is_authenticated else "public"


def default_report_year(user) -> int:
    key = f"indicators:default-year:{_reader_key(user)}:{data_fingerprint()}"
    return get_or_compute(key, lambda: years.default_report_year(user), timeout=YEARS_CACHE_SECONDS)


def report_year_options(user) -> list[years.YearOption]:
    key = f"indicators:year-options:{_reader_key(user)}:{data_fingerprint()}"
    return get_or_compute(key, lambda: years.report_year_options(user), timeout=YEARS_CACHE_SECONDS)
