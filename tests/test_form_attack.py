"""The forms people submit, attacked (the POST side of the crawl and the parameter fuzz).

The forms are found by crawling the demo as each officer role and the cooperative's account
(tests/site_forms.py): every `<form method=post>` a person can submit and every `hx-post`, one per
shape; and the forms a page shows only after a post (the self-assessment sheet a cooperative has
just opened, an import batch a commune officer has just uploaded). Each of them is posted

(a) as the page filled it, and a creation form filled like the same record's edit form;
(b) with each field in turn set to wrong values (empty, 11,000 characters, a `<script>`,
    decomposed Vietnamese, "1e309", "-1", a 20-digit number, 31/02/2025, "hai tỷ", an id no row
    has, an id from another province or commune, a list): the telling ones of its kind and one
    more in turn (tests/form_attack.py VALUES_BY_KIND), the other fields filled as in (a);
(c) with a stale, missing, empty or malformed `version` where the form carries one;
(d) by whom must not: anonymous and every role to whom its page is refused or does not offer
    it; and the commune officer's and the cooperative's forms aimed at another commune's
    organization and another cooperative.

Always: no 5xx, no traceback, no `<script>` echoed unescaped. A refused request changes nothing in
the database and, when it shows the form again, says what is wrong; an accepted one records the
history of what it changed (tests/form_attack.py: the fingerprint); no value the page did not offer
in a select is accepted; accepted text is stored NFC. Every attack is rolled back (a savepoint)
before the next, and what the module adds to the demo is rolled back after it.
"""

import dataclasses
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, override_settings
from django.urls import resolve, reverse

from tests.form_attack import (
    FOREIGN_ID,
    NFD,
    SCRIPT,
    VALUES_BY_KIND,
    WRONG_VALUES,
    Fingerprint,
    ForeignIds,
    attack,
    not_offered,
    wrong_value,
    wrong_values_of,
)
from tests.site_forms import SiteForm, completed, discover, forms_of_page

#: The roles whose forms are attacked (the officers and the cooperative's account), in the order a
#: form shape is given to one of them for (b) and (c): the commune officer and the cooperative
#: first, whose wrong ids are the likeliest. The administrator may post every form, and reaches
#: none the province officer does not.
ATTACKERS = ("xa", "htx", "so", "lienminh", "tinh", "lanhdao")
#: Pages a discovery crawl may open per role; each role's site is sampled (one page per shape) in fewer.
DISCOVERY_PAGES = 250
#: Forms left alone: signing out ends the session the other attacks use; the language switch is
#: Django's own and writes nothing.
LEFT_ALONE = frozenset({"accounts:logout", "set_language"})
#: Forms that save part of what they carry before refusing the rest with an error message, by
#: design: a progress report's text is saved as a draft before the evidence file posted with it is
#: attached (or refused), so that attaching never loses what was typed (programs/views.py
#: _after_report_saved). Their form shown again with errors still changes nothing.
SAVES_BEFORE_REFUSING = frozenset({"programs:report_detail"})

#: One worker builds the demo once and runs these tests one after another (tests/conftest.py).
pytestmark = pytest.mark.xdist_group("site")


def _client(role: str) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(get_user_model().objects.get(username=role))
    client.cookies["django_language"] = "vi"
    return client


@dataclasses.dataclass
class Site:
    #: {role: the forms its crawl reached}
    forms: dict[str, list[SiteForm]]
    #: {role: ids of rows it must not reach}
    foreign: dict[str, ForeignIds]


@pytest.fixture(scope="module")
def site(demo_site, django_db_blocker):
    """The forms of the demo, found once for the module's tests (GETs only), and rows of another
    province to attack them with, made before the crawl so that a page offering them shows them.
    All in a savepoint rolled back after the module: the other site tests never see them."""
    inline = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    memory = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "discovery"}}
    with django_db_blocker.unblock(), override_settings(TASKS=inline, CACHES=memory):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            foreign = _foreign_ids()
            forms = {}
            for role in ATTACKERS:
                found, _pages = discover(_client(role), role, max_pages=DISCOVERY_PAGES)
                forms[role] = [form for form in found if form.route not in LEFT_ALONE]
            yield Site(forms, foreign)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _foreign_ids() -> dict[str, ForeignIds]:
    """For the province's officers an organization, a commune and an agency of another province;
    the commune officer gets an organization of another commune, the cooperative another cooperative."""
    from accounts.models import Agency
    from accounts.tests.factories import AgencyFactory
    from geo.models import AdminUnit
    from registry.models import Organization
    from registry.tests.factories import OrganizationFactory

    User = get_user_model()
    xa, htx = User.objects.get(username="xa"), User.objects.get(username="htx")
    commune = AdminUnit.objects.communes().current().exclude(parent=xa.province).order_by("code").first()
    outside = OrganizationFactory(commune=commune, province=commune.parent, name="Hợp tác xã Ngoài tỉnh")
    agency = AgencyFactory(
        code="ngoai-tinh", name="Sở Nông nghiệp tỉnh khác", kind=Agency.Kind.DEPARTMENT, province=commune.parent
    )
    elsewhere = ForeignIds(organization=str(outside.pk), unit=str(commune.pk), agency=str(agency.pk))
    other_commune = Organization.objects.filter(province=xa.province).exclude(commune=xa.commune).order_by("pk").first()
    own = htx.represented_organizations.get()
    other_cooperative = (
        Organization.objects.filter(kind=own.kind, province=own.province).exclude(pk=own.pk).order_by("pk").first()
    )
    ids = dict.fromkeys(ATTACKERS, elsewhere)
    ids["xa"] = dataclasses.replace(elsewhere, organization=str(other_commune.pk))
    ids["htx"] = dataclasses.replace(elsewhere, organization=str(other_cooperative.pk))
    return ids


@pytest.fixture
def clients(site, db):
    made = {}

    def client(role: str) -> Client:
        if role not in made:
            made[role] = _client(role)
        return made[role]

    return client


@pytest.fixture
def media(settings, tmp_path):
    """Uploads (evidence, import files) land in a temporary folder, not in var/media, and an
    uploaded file is read at once (the background task would run after a commit that never comes)."""
    settings.MEDIA_ROOT = tmp_path
    settings.HOPTAC_IMPORT_BACKGROUND = False


def _shapes(forms: dict[str, list[SiteForm]]) -> list[SiteForm]:
    """One form per shape over every role, given to the first of ATTACKERS that reached it."""
    chosen: dict[str, SiteForm] = {}
    for role in ATTACKERS:
        for form in forms.get(role, []):
            chosen.setdefault(form.shape, form)
    return list(chosen.values())


def _judge(outcome, what: str, *, form: SiteForm, data: dict | None = None) -> list[str]:
    """The standard's failures in `outcome` of posting `what` to `form`."""
    where = f"{form.role} {form.action} [{form.shape}] {what}"
    failures = [f"{where}: {problem}" for problem in outcome.problems]
    saves_first = form.route in SAVES_BEFORE_REFUSING and outcome.status == 302
    if outcome.refused and outcome.changes and not saves_first:
        failures.append(f"{where}: refused ({outcome.status}) yet changed {outcome.changes}")
    if outcome.unrecorded:
        failures.append(f"{where}: changed {outcome.unrecorded} without history")
    if outcome.refused and outcome.status == 200 and not outcome.says_why:
        failures.append(f"{where}: the form came back without saying what is wrong")
    if data is not None and not outcome.refused and outcome.changes and (fields := not_offered(form, data)):
        failures.append(f"{where}: accepted values the page did not offer in {fields}")
    if NFD in outcome.next_page:
        failures.append(f"{where}: decomposed (NFD) text stored and shown as typed")
    return failures


# --- The four attacks, on any set of forms ---------------------------------------------------------


def _as_filled(clients, forms: dict[str, list[SiteForm]], before: Fingerprint, posts: Counter) -> list[str]:
    failures = []
    for role, role_forms in forms.items():
        for form in role_forms:
            data = completed(form, role_forms)
            for what, posted in (("as filled", form.data), ("filled like its edit form", data)):
                if what != "as filled" and posted == form.data:
                    continue
                outcome = attack(clients(role), form, posted, before=before)
                failures += _judge(outcome, what, form=form, data=posted)
                posts["(a)"] += 1
                posts["(a) accepted"] += not outcome.refused
    return failures


def _wrong_values(clients, forms, foreign, before: Fingerprint, posts: Counter) -> list[str]:
    failures = []
    turn = 0
    for form in _field_shapes(forms):
        client, base = clients(form.role), completed(form, forms[form.role])
        for name in _sampled_fields(form):
            turn += 1
            for value in wrong_values_of(form, name, turn):
                data = {**base, name: wrong_value(value, name, form, foreign[form.role])}
                # The page an accepted text leads to shows it stored (a password is never shown).
                follow = value in (SCRIPT, NFD) and form.kinds.get(name) != "password"
                outcome = attack(client, form, data, before=before, follow=follow)
                label = FOREIGN_ID if value == FOREIGN_ID else repr(value[:20])
                failures += _judge(outcome, f"{name}={label}", form=form, data=data)
                posts["(b)"] += 1
                posts["(b) accepted"] += not outcome.refused
    return failures


def _field_shapes(forms: dict[str, list[SiteForm]]) -> list[SiteForm]:
    """One form per route and fields: the buttons of one form (a report's "save", "submit" and
    "attach") post the same fields, whose wrong values are tried once."""
    chosen: dict[tuple, SiteForm] = {}
    for form in _shapes(forms):
        chosen.setdefault((form.route, tuple(sorted(form.kinds))), form)
    return list(chosen.values())


def _sampled_fields(form: SiteForm) -> list[str]:
    """The fields (b) attacks: all but a formset's rows after its first (the same fields again)
    and the version, which (c) attacks."""
    fields = []
    for name in form.fields:
        row = name.partition("-")[2].partition("-")[0]
        if name != "version" and not (row.isdigit() and row != "0"):
            fields.append(name)
    return fields


def _versions(clients, forms, before: Fingerprint, posts: Counter) -> list[str]:
    failures = []
    for form in _shapes(forms):
        version = form.data.get("version")
        if not (isinstance(version, str) and version.isdigit()):
            continue  # no version, or a creation form
        client, base = clients(form.role), completed(form, forms[form.role])
        stale = str(int(version) - 1) if int(version) > 0 else str(int(version) + 1)
        without = {name: value for name, value in base.items() if name != "version"}
        for what, data in (
            (f"version {stale} (the page showed {version})", {**base, "version": stale}),
            ("no version", without),
            ("an empty version", {**base, "version": ""}),
            ("version 'abc'", {**base, "version": "abc"}),
        ):
            outcome = attack(client, form, data, before=before)
            failures += _judge(outcome, what, form=form)
            if not outcome.refused:
                failures.append(f"{form.role} {form.action} {what}: accepted ({outcome.status})")
            posts["(c)"] += 1
    return failures


def _wrong_roles(clients, forms, before: Fingerprint, posts: Counter) -> list[str]:
    failures, pages = [], {}
    for form in _shapes(forms):
        for role in ("anonymous", *ATTACKERS):
            if role == form.role or not _must_not(clients(role), role, form, pages):
                continue
            outcome = attack(clients(role), form, form.data, before=before)
            failures += [f"as {role}: {failure}" for failure in _judge(outcome, "", form=form)]
            if not outcome.refused:
                failures.append(f"as {role}: {form.action} [{form.shape}] accepted ({outcome.status})")
            posts["(d)"] += 1
    return failures


def _must_not(client, role: str, form: SiteForm, pages: dict) -> bool:
    """Whether `role` must be refused `form`: its page is refused to the role, or shows it no form
    posting to the same address."""
    key = (role, form.page)
    if key not in pages:
        response = client.get(form.page)
        login = reverse("accounts:login")
        if response.status_code >= 400 or (300 <= response.status_code < 400 and response["Location"].startswith(login)):
            pages[key] = None
        elif response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            pages[key] = {f.action for f in forms_of_page(role, form.page, response.content.decode())}
        else:
            pages[key] = set()
    offered = pages[key]
    return offered is None or form.action not in offered


def _report(record_property, posts: Counter, forms: int) -> None:
    figures = ", ".join(f"{attack} {count}" for attack, count in sorted(posts.items()))
    record_property("form_attack", f"{forms} forms: {figures} posts")


# --- The tests ---------------------------------------------------------------------------------------


def test_every_form_as_the_page_filled_it(site, clients, media, record_property):
    """(a) The forms as each role's pages filled them, and creation forms filled like an edit form."""
    posts = Counter()
    failures = _as_filled(clients, site.forms, Fingerprint.take(), posts)
    _report(record_property, posts, sum(map(len, site.forms.values())))
    assert not failures, "\n".join(failures)


def test_every_field_of_every_form_with_wrong_values(site, clients, media, record_property):
    """(b) Each field in turn gets wrong values of its kind (form_attack.VALUES_BY_KIND), the
    other fields filled as in (a)."""
    assert {value for first, rest in VALUES_BY_KIND.values() for value in first + rest} == set(WRONG_VALUES)
    posts = Counter()
    failures = _wrong_values(clients, site.forms, site.foreign, Fingerprint.take(), posts)
    _report(record_property, posts, len(_field_shapes(site.forms)))
    assert not failures, "\n".join(failures)


def test_a_stale_or_missing_version_is_refused(site, clients, media, record_property):
    """(c) An edit posted with a version older than its page showed, none, an empty or a malformed
    one, is refused and changes nothing."""
    posts = Counter()
    failures = _versions(clients, site.forms, Fingerprint.take(), posts)
    _report(record_property, posts, len(_shapes(site.forms)))
    assert posts["(c)"] >= 40, "too few forms carrying a version were found"
    assert not failures, "\n".join(failures)


def test_whom_a_page_refuses_or_does_not_offer_a_form_cannot_post_it(site, clients, media, record_property):
    """(d) Each form posted as filled by anonymous and every other role to whom its page is refused
    or does not offer it."""
    posts = Counter()
    failures = _wrong_roles(clients, site.forms, Fingerprint.take(), posts)
    _report(record_property, posts, len(_shapes(site.forms)))
    assert not failures, "\n".join(failures)


def test_the_commune_officer_and_the_cooperative_cannot_post_to_others_records(site, clients, media, record_property):
    """(d) The commune officer's and the cooperative's forms of their own organization, posted to
    another commune's organization and another cooperative (the organization's id changed in the
    address, the rest as the page filled it)."""
    before, failures, posts = Fingerprint.take(), [], Counter()
    for role in ("xa", "htx"):
        for form in site.forms[role]:
            match = resolve(form.action.partition("?")[0])
            name = {"registry": "pk", "evaluation": "org_id"}.get(match.namespace)
            if name not in match.kwargs:
                continue
            kwargs = {**match.kwargs, name: int(site.foreign[role].organization)}
            moved = dataclasses.replace(form, action=reverse(f"{match.namespace}:{match.url_name}", kwargs=kwargs))
            outcome = attack(clients(role), moved, form.data, before=before)
            failures += _judge(outcome, "on another's organization", form=moved)
            if not outcome.refused:
                failures.append(f"{role} {moved.action}: accepted on another's organization ({outcome.status})")
            posts["(d) elsewhere"] += 1
    _report(record_property, posts, posts["(d) elsewhere"])
    assert posts["(d) elsewhere"] >= 8, "too few forms of an organization were found"
    assert not failures, "\n".join(failures)


def test_the_forms_a_page_shows_only_after_a_post(site, clients, media, record_property):
    """(a)–(d) on the forms the demo shows only once something was posted: the self-assessment
    sheet the cooperative opens, the review of an import batch the commune officer uploads."""
    from tests.site_pages import _upload_preview

    opening = next(form for form in site.forms["htx"] if form.route == "evaluation:assessment")
    sheet = clients("htx").post(opening.action, opening.data)
    assert sheet.status_code == 302, f"the sheet was not opened ({sheet.status_code})"
    pages = {"htx": sheet["Location"], "xa": _upload_preview(clients("xa"))}
    forms = {}
    for role, page in pages.items():
        found = forms_of_page(role, page, clients(role).get(page).content.decode())
        forms[role] = [form for form in found if form.route not in LEFT_ALONE]
    routes = {form.route for role_forms in forms.values() for form in role_forms}
    assert {"evaluation:assessment_action", "imports:batch_commit"} <= routes, f"reached only {sorted(routes)}"
    before, posts = Fingerprint.take(), Counter()
    failures = _as_filled(clients, forms, before, posts)
    failures += _wrong_values(clients, forms, site.foreign, before, posts)
    failures += _versions(clients, forms, before, posts)
    failures += _wrong_roles(clients, forms, before, posts)
    _report(record_property, posts, len(_shapes(forms)))
    assert not failures, "\n".join(failures)
