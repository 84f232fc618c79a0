"""The forms people submit, as the pages draw them, for the POST-form attack (tests/test_form_attack.py).

`discover()` crawls the site as one role (tests/crawler.py) and collects every `<form method=post>`
a person can submit (it has a submit button) and every element with `hx-post` on the pages reached: where it posts, its fields and the values
the page filled in (a select's chosen option, a checked box, a textarea's text, the hidden
`version`), its submit buttons. One form per shape is kept (the route it posts to, its field names
and the button pressed), as the crawler samples pages: the fifty member forms of a cooperative are
one form.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve
from lxml import html as lxml_html

from tests.crawler import SKIPPED_PREFIXES, crawl

#: Input types that carry no value of their own (a submit button is added as the button pressed).
NOT_FIELDS = frozenset({"submit", "image", "reset", "button"})


@dataclass(frozen=True)
class Button:
    """A submit button that matters: it sends its name (and value), or posts elsewhere (formaction)."""

    name: str
    value: str
    formaction: str | None


@dataclass(frozen=True)
class SiteForm:
    role: str
    page: str
    #: The path (and query) the form posts to.
    action: str
    route: str
    #: (name, value) as the page filled them, in page order; a multiple select gives several pairs.
    values: tuple[tuple[str, str], ...]
    #: name -> what draws it: an input's type ("text", "hidden", "checkbox", "file", ...; "number"
    #: and "date" for the text inputs of core.forms' numbers and dates), "select", "select-multiple", "textarea".
    kinds: dict[str, str] = field(hash=False, compare=False)
    #: name -> the values a select offers.
    options: dict[str, frozenset[str]] = field(hash=False, compare=False, default_factory=dict)
    #: The named submit button pressed, if the form has any: (name, value).
    button: tuple[str, str] | None = None
    htmx: bool = False
    multipart: bool = False

    @property
    def shape(self) -> str:
        names = sorted({name for name, _value in self.values} | set(self.kinds))
        pressed = "=".join(self.button) if self.button else ""
        return f"{self.route}({','.join(names)})[{pressed}]"

    @property
    def data(self) -> dict[str, str | list[str]]:
        """The POST data as the browser would send it (several values of one name as a list)."""
        data: dict[str, str | list[str]] = {}
        for name, value in self.values:
            if name in data:
                previous = data[name]
                data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
            else:
                data[name] = value
        if self.button:
            data[self.button[0]] = self.button[1]
        return data

    @property
    def fields(self) -> list[str]:
        """The names a person fills or the page carries (not the csrf token, not the button)."""
        return [name for name in self.kinds if name != "csrfmiddlewaretoken"]


def _route(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return f"{match.namespace}:{match.url_name}" if match.namespace else str(match.url_name)


def _action(page: str, value: str | None) -> str | None:
    """The same-site path (and query) a form on `page` posts to; None if elsewhere."""
    parts = urlsplit(urljoin("http://testserver" + page, value or page))
    if parts.netloc != "testserver" or parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return parts.path + ("?" + parts.query if parts.query else "")


def _controls(tree, form) -> list:
    """The form's controls: those inside it and those outside naming it (`form="id"`)."""
    controls = [el for el in form.iter("input", "select", "textarea", "button")]
    form_id = form.get("id")
    if form_id:
        controls += [el for el in tree.iter("input", "select", "textarea", "button") if el.get("form") == form_id]
    return controls


def _fields(controls) -> tuple[list[tuple[str, str]], dict[str, str], dict[str, frozenset[str]], list[Button]]:
    """(values as the page filled them, kind of each name, options of each select, the submit
    buttons that send a name or post elsewhere)."""
    values, kinds, options, buttons = [], {}, {}, []
    for el in controls:
        name = el.get("name")
        tag = el.tag
        kind = (el.get("type") or ("submit" if tag == "button" else "text")).lower()
        if kind == "submit" and (name or el.get("formaction")) and "disabled" not in el.attrib:
            buttons.append(Button(name or "", el.get("value", ""), el.get("formaction")))
        if not name or "disabled" in el.attrib:
            continue
        if tag == "button" or (tag == "input" and kind in NOT_FIELDS):
            continue
        if tag == "select":
            kinds[name] = "select-multiple" if el.get("multiple") is not None else "select"
            offered = el.findall(".//option")
            options[name] = frozenset(_option_value(o) for o in offered)
            chosen = [o for o in offered if "selected" in o.attrib] or offered[:1]
            if el.get("multiple") is not None:
                chosen = [o for o in offered if "selected" in o.attrib]
            values += [(name, _option_value(o)) for o in chosen]
        elif tag == "textarea":
            kinds[name] = "textarea"
            values.append((name, el.text or ""))
        else:
            kinds.setdefault(name, _typed(el, kind))
            if kind == "radio":
                options[name] = options.get(name, frozenset()) | {el.get("value", "on")}
            if kind in ("checkbox", "radio") and "checked" not in el.attrib:
                continue
            if kind == "file":
                continue
            values.append((name, el.get("value", "on" if kind in ("checkbox", "radio") else "")))
    return values, kinds, options, buttons


def _typed(el, kind: str) -> str:
    """What a text input holds, from how the page draws it: "number" (core.forms NumberField's
    inputmode), "date" (core.forms DateInput's placeholder), else its type."""
    if kind == "text" and el.get("inputmode") in ("numeric", "decimal"):
        return "number"
    if kind == "text" and el.get("placeholder") == "dd/mm/yyyy":
        return "date"
    return kind


def _is_submit(el) -> bool:
    kind = (el.get("type") or ("submit" if el.tag == "button" else "text")).lower()
    return kind in ("submit", "image") and "disabled" not in el.attrib


def _option_value(option) -> str:
    value = option.get("value")
    return value if value is not None else option.text_content().strip()


def forms_of_page(role: str, page: str, text: str) -> list[SiteForm]:
    """Every POST form and hx-post element of an HTML page, one per submit button it offers."""
    try:
        tree = lxml_html.fromstring(text)
    except (ValueError, lxml_html.etree.ParserError):
        return []
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        hx_post = element.get("hx-post")
        is_form = element.tag == "form" and (element.get("method") or "get").lower() == "post"
        if not (is_form or hx_post):
            continue
        if not is_form and element.getparent() is not None and _inside_post_form(element):
            continue  # a button of a form already collected
        action = _action(page, hx_post if hx_post is not None else element.get("action"))
        if action is None:
            continue
        if is_form:
            controls = _controls(tree, element)
            if not any(_is_submit(el) for el in controls):
                continue  # a form the page shows read-only (a sheet without its save button)
            values, kinds, options, buttons = _fields(controls)
        else:
            values, kinds, options, buttons = [], {}, {}, []
            if element.get("name"):
                buttons = [Button(element.get("name"), element.get("value", ""), None)]
        for name, value in json.loads(element.get("hx-vals") or "{}").items():
            values.append((name, str(value)))
            kinds[name] = "hidden"
        multipart = (element.get("enctype") or "").lower() == "multipart/form-data"
        for button in buttons or [None]:
            target = _action(page, button.formaction) if button and button.formaction else action
            if target is None:
                continue
            found.append(
                SiteForm(
                    role=role,
                    page=page,
                    action=target,
                    route=_route(target.partition("?")[0]),
                    values=tuple(values),
                    kinds=kinds,
                    options=options,
                    button=(button.name, button.value) if button and button.name else None,
                    htmx=hx_post is not None,
                    multipart=multipart,
                )
            )
    return found


def _inside_post_form(element) -> bool:
    return any(parent.tag == "form" and (parent.get("method") or "get").lower() == "post" for parent in element.iterancestors())


#: Route name endings of the paired forms that create and edit one kind of record.
_FORM_PAIRS = ("_create", "_update", "_edit")


def _stem(route: str) -> str:
    for ending in _FORM_PAIRS:
        if route.endswith(ending):
            return route.removesuffix(ending)
    return route


def completed(form: SiteForm, forms: list[SiteForm]) -> dict[str, str | list[str]]:
    """`form`'s data with the fields the page left empty filled as the same role's edit form of the
    same kind of record has them (an organization's creation form filled like an existing one's edit
    form), so that one wrong field at a time reaches the checks behind the form's own, the service
    and the database. `form.data` when there is no such form."""
    data = form.data
    stem = _stem(form.route)
    sibling = next((f for f in forms if f is not form and f.route != form.route and _stem(f.route) == stem), None)
    if sibling is None or stem == form.route:
        return data
    filled = sibling.data
    for name in form.fields:
        if name == "version" or name not in filled:
            continue
        if data.get(name) in (None, "", []) or (isinstance(data.get(name), str) and not data[name].strip()):
            data[name] = filled[name]
    return data


def discover(client, role: str, *, max_pages: int, per_shape: int = 1) -> tuple[list[SiteForm], int]:
    """The forms of the pages `role` reaches (one per shape), and how many pages were visited."""
    forms: dict[str, SiteForm] = {}

    def collect(url: str, text: str) -> None:
        for form in forms_of_page(role, url, text):
            forms.setdefault(form.shape, form)

    result = crawl(client, max_pages=max_pages, per_shape=per_shape, more_of_each_shape=False, on_page=collect)
    return list(forms.values()), result.pages
