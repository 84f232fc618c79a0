"""A breadth-first crawler over the site with Django's test client, for the crawl test.

It follows same-site links (`href`, `hx-get`) and redirects from `/`, and records every page's
status so the test can assert that none of them is a server error, a raw traceback or a page with
a template variable left unresolved.

To reach every kind of page within a bounded number of requests it caps how many URLs of one
shape it visits: a shape is the URL pattern plus the names of the query parameters, so the 2,000
organization pages count as one shape (a sample of them is visited) while each list, report and
export is visited.
"""

from __future__ import annotations

import re
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.urls import Resolver404, resolve
from lxml import html as lxml_html

#: Marker rendered in place of a template variable that does not resolve (TEMPLATES' string_if_invalid).
INVALID_MARKER = "@@UNRESOLVED:%s@@"
INVALID_RE = re.compile(r"@@UNRESOLVED:([^@]*)@@")
#: Debug pages and bare server errors: a person must never see these.
TRACEBACK_RE = re.compile(r"Traceback \(most recent call last\)|Exception Value:|Server Error \(500\)")

#: Paths the crawler does not follow: static files, the admin site's bulk actions and the API's
#: browsable renderer (the API has its own schema-driven test).
SKIPPED_PREFIXES = ("/static/", "/media/", "/api/v1/", "/quan-tri/jsi18n/", "/jsi18n/")
#: Query parameters that only change presentation and would multiply a list's shapes.
IGNORED_PARAMS = frozenset({"sort", "order", "o"})


@dataclass
class Visit:
    url: str
    status: int
    source: str
    problem: str = ""
    seconds: float = 0.0


@dataclass
class CrawlResult:
    visits: list[Visit] = field(default_factory=list)
    #: True when every reachable link was visited before the budget ran out.
    exhausted: bool = False

    @property
    def shapes(self) -> set[str]:
        return {shape(*visit.url.partition("?")[::2]) for visit in self.visits}

    @property
    def pages(self) -> int:
        return len(self.visits)

    @property
    def problems(self) -> list[Visit]:
        return [v for v in self.visits if v.problem]

    def statuses(self) -> Counter:
        return Counter(v.status for v in self.visits)


def shape(path: str, query: str) -> str:
    """The URL's pattern and the sorted names of its query parameters."""
    try:
        match = resolve(path)
        route = f"{match.namespace}:{match.url_name}" if match.namespace else str(match.url_name)
    except Resolver404:
        route = path
    names = sorted({name for name, _value in parse_qsl(query, keep_blank_values=True)} - IGNORED_PARAMS)
    return route + "?" + "&".join(names)


def normalise(base: str, link: str) -> str | None:
    """The same-site path and query of `link` (found on page `base`), or None when not to follow."""
    link = link.strip()
    if not link or link.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    parts = urlsplit(urljoin("http://testserver" + base, link))
    if parts.netloc != "testserver" or parts.path.startswith(SKIPPED_PREFIXES):
        return None
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return parts.path + ("?" + query if query else "")


def links(page_url: str, body: str) -> list[tuple[str, bool]]:
    """(url, is_htmx) for every followable link of an HTML page."""
    try:
        tree = lxml_html.fromstring(body)
    except (ValueError, lxml_html.etree.ParserError):
        return []
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute, htmx in (("href", False), ("hx-get", True)):
            value = element.get(attribute)
            url = normalise(page_url, value) if value else None
            if url:
                found.append((url, htmx))
    return found


@dataclass
class _Frontier:
    """The URLs still to visit, each once: `per_shape` URLs of each shape first; URLs over their
    shape's cap wait in `overflow` until every shape has been sampled."""

    per_shape: int
    #: False: URLs over their shape's cap are dropped, the crawl ends once every shape is sampled.
    keep_overflow: bool = True
    queue: deque = field(default_factory=deque)
    overflow: deque = field(default_factory=deque)
    seen: set = field(default_factory=set)
    shapes: Counter = field(default_factory=Counter)

    def __bool__(self) -> bool:
        return bool(self.queue or self.overflow)

    def add(self, url: str, htmx: bool, source: str) -> None:
        if url not in self.seen:
            self.seen.add(url)
            self.queue.append((url, htmx, source))

    def next(self) -> tuple[str, bool, str] | None:
        """The next URL to visit (None: the one taken waits, or is dropped, its shape already sampled)."""
        url, htmx, source = self.queue.popleft() if self.queue else self.overflow.popleft()
        key = shape(*url.partition("?")[::2])
        if self.shapes[key] >= self.per_shape and (self.queue or not self.keep_overflow):
            if self.keep_overflow:
                self.overflow.append((url, htmx, source))
            return None
        self.shapes[key] += 1
        return url, htmx, source


def page_problem(text: str) -> str:
    """What a person must not see on an HTML page: a traceback, a template variable left unresolved."""
    if TRACEBACK_RE.search(text):
        return "traceback"
    unresolved = sorted(set(INVALID_RE.findall(text)))
    return "unresolved: " + ", ".join(unresolved[:5]) if unresolved else ""


#: Called with the URL and text of every HTML page the crawl reaches (e.g. to collect its forms).
PageHook = Callable[[str, str], None]


def visit(client, url: str, *, htmx: bool, source: str, on_page: PageHook | None = None) -> tuple[Visit, list[tuple[str, bool]]]:
    """Request `url`; the visit with its problem, and the (url, is_htmx) it leads to (a redirect's
    target, an HTML page's links)."""
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    started = time.perf_counter()
    response = client.get(url, **headers)
    result = Visit(url=url, status=response.status_code, source=source, seconds=time.perf_counter() - started)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.status_code >= 500:
        result.problem = f"HTTP {response.status_code}"
    if 300 <= response.status_code < 400:
        target = normalise(url.partition("?")[0], response["Location"])
        return result, [(target, False)] if target else []
    if "text/html" not in response.get("Content-Type", ""):
        return result, []
    text = body.decode("utf-8", "replace")
    result.problem = result.problem or page_problem(text)
    if on_page is not None:
        on_page(url, text)
    return result, links(url, text)


def crawl(
    client,
    *,
    start: str = "/",
    max_pages: int = 200,
    per_shape: int = 2,
    more_of_each_shape: bool = True,
    on_page: PageHook | None = None,
) -> CrawlResult:
    """Breadth-first from `start`, at most `max_pages` requests: `per_shape` URLs of each shape
    first, then (`more_of_each_shape`) more of them until the budget is spent. `on_page` sees every
    HTML page reached."""
    result = CrawlResult()
    frontier = _Frontier(per_shape, keep_overflow=more_of_each_shape)
    frontier.add(start, False, "")
    while frontier and result.pages < max_pages:
        taken = frontier.next()
        if taken is None:
            continue
        url, htmx, source = taken
        page, followed = visit(client, url, htmx=htmx, source=source, on_page=on_page)
        result.visits.append(page)
        for link, is_htmx in followed:
            frontier.add(link, is_htmx, url)
    result.exhausted = not frontier
    return result
