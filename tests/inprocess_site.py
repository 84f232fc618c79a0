"""Serves the site to a Playwright page from inside the test, through Django's test client.

The demo of tests/conftest.py lives in a transaction of the test's own connection, which a live
server thread on PostgreSQL cannot see; answering the browser's requests here, in the test thread
(Playwright's sync API calls route handlers in it), lets the browser read the demo on either
database, with one browser context for every role (the client is switched, not the cookies).

Django keeps its connections in context-local storage and Playwright calls the handlers in its own
greenlet (its own context), so the handler puts the test's connections back before each request.
"""

from pathlib import Path
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.db import connections

ORIGIN = "http://hoptac.test"


class InProcessSite:
    def __init__(self, client):
        self.client = client
        self.connections = {alias: connections[alias] for alias in connections}

    def attach(self, context) -> None:
        context.route("**/*", self.handle)

    def handle(self, route) -> None:
        for alias, connection in self.connections.items():
            connections[alias] = connection
        request = route.request
        url = urlsplit(request.url)
        if f"{url.scheme}://{url.netloc}" != ORIGIN:
            route.abort()  # nothing leaves the machine (the pages use no CDN; a stray request must not hang)
            return
        if url.path.startswith("/static/"):
            found = finders.find(url.path.removeprefix("/static/"))
            if found:
                route.fulfill(path=Path(found))
            else:
                route.fulfill(status=404, body="")
            return
        path = url.path + (f"?{url.query}" if url.query else "")
        headers = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in request.headers.items() if k.lower().startswith("hx-")}
        if request.method == "GET":
            response = self.client.get(path, **headers)
        else:
            response = self.client.generic(
                request.method, path, request.post_data_buffer or b"", request.headers.get("content-type", ""), **headers
            )
        body = b"".join(response.streaming_content) if response.streaming else response.content
        route.fulfill(
            status=response.status_code,
            headers={k: v for k, v in response.headers.items() if k.lower() != "content-length"},
            body=body,
        )
