"""Posting to the site's forms as an attacker or a careless user would, and judging the answer
(tests/test_form_attack.py).

Every attack runs in a savepoint rolled back afterwards (`attack()`), so each starts from the same
demo and none leaves anything behind for the next one or for the other site tests. Whether a POST
changed anything is read from a fingerprint of the database (`Fingerprint`): the row count of every
table of the project's apps (their history tables included), the latest `updated_at` and the sum of
the `version`s where a table has them. One query, so it can be taken after every POST.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.contrib.messages import constants as message_levels
from django.core.cache import cache as django_cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from tests.crawler import TRACEBACK_RE
from tests.site_forms import SiteForm

SCRIPT = "<script>alert('hoptac')</script>"
#: 11,000 characters: more than any text column of the schema holds.
LONG = "Hợp tác xã " * 1000
#: Vietnamese typed in decomposed form (a Mac keyboard, text pasted from a PDF): the pages store NFC.
NFD = unicodedata.normalize("NFD", "Hợp tác xã Dịch vụ Nông nghiệp Điện Phước")
#: An id no row has.
MISSING_ID = "99999999"
#: Stand-ins resolved per field: an id of a row outside the user's province or commune, a list.
FOREIGN_ID = "<an id from another province or commune>"
A_LIST = "<a list instead of one value>"

#: The wrong values of the attack (a field meets some of those VALUES_BY_KIND gives its kind).
WRONG_VALUES = (
    "",
    LONG,
    SCRIPT,
    NFD,
    "1e309",
    "-1",
    "99999999999999999999",
    "31/02/2025",
    "hai tỷ",
    MISSING_ID,
    FOREIGN_ID,
    A_LIST,
)

#: The wrong values a field meets, by what it holds (each value of WRONG_VALUES is in some of them):
#: a picker or a hidden field holds an id, a number field an amount, a date field a date. Every
#: field meets the first ones of its kind (the id of a row the user must not reach and one the
#: database cannot hold, the amount in words, the impossible date, the script), then others in turn
#: (`wrong_values_of`).
VALUES_BY_KIND = {
    "choice": ((FOREIGN_ID, "99999999999999999999"), (SCRIPT, MISSING_ID, "-1", A_LIST, "")),
    "number": (("hai tỷ",), ("1e309", "99999999999999999999", "-1", "", A_LIST, SCRIPT)),
    "date": (("31/02/2025",), ("hai tỷ", "99999999999999999999", "-1", "", A_LIST)),
    "text": ((SCRIPT,), (LONG, NFD, "", A_LIST, "1e309", MISSING_ID)),
    "file": ((SCRIPT,), ("", LONG, NFD)),
}
_KIND_OF = {"select": "choice", "select-multiple": "choice", "radio": "choice", "checkbox": "choice", "hidden": "choice"}


def wrong_values_of(form: SiteForm, name: str, turn: int, *, others: int = 1) -> list[str]:
    """The wrong values field `name` meets: the first ones of its kind, and `others` of the rest
    from the `turn`-th on (the caller counts turns over fields and forms so each value comes round)."""
    kind = form.kinds.get(name, "text")
    first, rest = VALUES_BY_KIND[_KIND_OF.get(kind, kind if kind in VALUES_BY_KIND else "text")]
    return [*first, *(rest[(turn + step) % len(rest)] for step in range(others))]


#: The tables a fingerprint covers: the project's apps and the API tokens (sessions, the lockout
#: log, the task queue and the cache change on any request and are not what a form writes).
FINGERPRINT_APPS = frozenset(
    {"geo", "accounts", "registry", "imports", "evaluation", "programs", "indicators", "support", "reports", "portal"}
) | {"authtoken", "auth"}


# --- The database fingerprint --------------------------------------------------------------------


@cache
def _fingerprint_query() -> tuple[str, tuple[str, ...]]:
    quote = connection.ops.quote_name
    parts, labels = [], []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in FINGERPRINT_APPS or not model._meta.managed or model._meta.proxy:
            continue
        table = quote(model._meta.db_table)
        names = {f.name for f in model._meta.concrete_fields}
        parts.append(f"(SELECT COUNT(*) FROM {table})")
        labels.append(f"{model._meta.label} rows")
        if "updated_at" in names:
            parts.append(f"(SELECT MAX({quote('updated_at')}) FROM {table})")
            labels.append(f"{model._meta.label} updated_at")
        if "version" in names:
            parts.append(f"(SELECT SUM({quote('version')}) FROM {table})")
            labels.append(f"{model._meta.label} versions")
    return "SELECT " + ", ".join(parts), tuple(labels)


@dataclass(frozen=True)
class Fingerprint:
    values: dict[str, object]

    @classmethod
    def take(cls) -> Fingerprint:
        sql, labels = _fingerprint_query()
        with connection.cursor() as cursor:
            cursor.execute(sql)
            row = cursor.fetchone()
        return cls(dict(zip(labels, row, strict=True)))

    def changes(self, later: Fingerprint) -> list[str]:
        """What differs in `later`: "registry.Member rows 120→121"."""
        return [f"{label} {value}→{later.values[label]}" for label, value in self.values.items() if later.values[label] != value]

    def unrecorded(self, later: Fingerprint) -> list[str]:
        """The history-tracked models (django-simple-history) that changed in `later` while their
        history table did not grow: a change nobody can trace."""
        missing = []
        for label, history_label in _tracked().items():
            changed = any(
                self.values.get(f"{label} {what}") != later.values.get(f"{label} {what}")
                for what in ("rows", "updated_at", "versions")
            )
            grew = later.values[f"{history_label} rows"] > self.values[f"{history_label} rows"]
            if changed and not grew:
                missing.append(label)
        return missing


@cache
def _tracked() -> dict[str, str]:
    """{model label: its history model's label} for every model with django-simple-history."""
    tracked = {}
    for model in apps.get_models():
        if model._meta.app_label in FINGERPRINT_APPS and hasattr(model, "history") and hasattr(model.history, "model"):
            tracked[model._meta.label] = model.history.model._meta.label
    return tracked


# --- Wrong values ----------------------------------------------------------------------------------


@dataclass
class ForeignIds:
    """Ids of rows the attacking role must not reach, by what a field names (an organization, a
    commune, an agency): `for_field("borrower")`."""

    organization: str
    unit: str
    agency: str

    def for_field(self, name: str) -> str:
        base = name.rsplit("-", 1)[-1]  # a formset's "schedule-0-organization"
        if "agenc" in base:
            return self.agency
        if base in ("commune", "legacy_commune", "province", "scope"):
            return self.unit
        if "organization" in base or base in ("borrower", "member_cooperative"):
            return self.organization
        return MISSING_ID


def wrong_value(value: str, name: str, form: SiteForm, foreign: ForeignIds):
    """The value posted for field `name` of `form` when attacked with `value` (a file for a file input)."""
    if value == FOREIGN_ID:
        value = foreign.for_field(name)
    if form.kinds.get(name) == "file":
        content = "1;2\n" if value == A_LIST else value
        return SimpleUploadedFile(f"{SCRIPT}.xlsx", content.encode(), content_type="application/octet-stream")
    if value == A_LIST:
        return ["1", "2"]
    return value


def not_offered(form: SiteForm, data: dict) -> list[str]:
    """The select fields of `data` holding a value the page did not offer."""
    wrong = []
    for name, options in form.options.items():
        posted = data.get(name)
        if posted is None:
            continue
        values = posted if isinstance(posted, list) else [posted]
        if form.kinds.get(name) != "select-multiple":
            values = values[-1:]  # a one-value select reads the last of several posted values (QueryDict.get)
        if any(str(value) not in options for value in values):
            wrong.append(name)
    return wrong


# --- Posting and judging ---------------------------------------------------------------------------


@dataclass
class Outcome:
    status: int
    #: The request was refused: an error status, a redirect to the sign-in page, the form shown
    #: again (a 200 HTML answer to a plain POST) or a redirect carrying an error message.
    refused: bool
    #: What must never happen, whatever was posted: a 5xx, a traceback, the script echoed.
    problems: list[str] = field(default_factory=list)
    #: The fingerprint's changes, and the tracked models changed without history.
    changes: list[str] = field(default_factory=list)
    unrecorded: list[str] = field(default_factory=list)
    #: The page answered with the form again and says what is wrong (an alert or a field's error).
    says_why: bool = False
    #: For an accepted post: the text of the page it leads to (when asked for).
    next_page: str = ""


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _page_problems(response, body: bytes) -> list[str]:
    problems = []
    if response.status_code >= 500:
        problems.append(f"HTTP {response.status_code}")
    if "text/html" in response.get("Content-Type", ""):
        text = body.decode("utf-8", "replace")
        if TRACEBACK_RE.search(text):
            problems.append("a traceback")
        if SCRIPT in text:
            problems.append("the <script> came back unescaped")
    return problems


def _error_message_queued(response) -> bool:
    request = getattr(response, "wsgi_request", None)
    storage = getattr(request, "_messages", None)
    return storage is not None and any(m.level >= message_levels.ERROR for m in storage._queued_messages)


def attack(client, form: SiteForm, data: dict, *, before: Fingerprint, follow: bool = False) -> Outcome:
    """POST `data` to `form`'s action with `client`, judge the answer, then roll everything back.

    `follow`: for an accepted post that redirects, also open the page it leads to (inside the same
    savepoint), to see what the stored values look like there."""
    headers = {"HTTP_HX_REQUEST": "true"} if form.htmx else {}
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    with transaction.atomic():
        response = client.post(form.action, data, **headers)
        body = _body(response)
        status = response.status_code
        login = reverse("accounts:login")
        refused = (
            status >= 400
            or (300 <= status < 400 and response["Location"].startswith(login))
            or (300 <= status < 400 and _error_message_queued(response))
            or (status == 200 and not form.htmx and "text/html" in response.get("Content-Type", ""))
        )
        outcome = Outcome(status=status, refused=refused, problems=_page_problems(response, body))
        text = body.decode("utf-8", "replace") if "text/html" in response.get("Content-Type", "") else ""
        outcome.says_why = 'role="alert"' in text or "invalid-feedback" in text
        try:
            after = Fingerprint.take()
        except DatabaseError as error:  # PostgreSQL: the view swallowed a database error
            outcome.problems.append(f"the transaction was left broken: {error}")
        else:
            outcome.changes = before.changes(after)
            outcome.unrecorded = before.unrecorded(after)
            if follow and not refused and 300 <= status < 400:
                page = client.get(response["Location"])
                outcome.next_page = _body(page).decode("utf-8", "replace")
                outcome.problems += [f"{problem} on {response['Location']}" for problem in _page_problems(page, _body(page))]
        transaction.set_rollback(True)
    # What the post did outside the database: the cache it filled, the session it ended.
    django_cache.clear()
    client.cookies.clear()
    for name, value in cookies.items():
        client.cookies[name] = value
    return outcome
