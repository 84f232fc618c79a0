"""Request ids: one id per request, in the response's X-Request-ID header and on every log record.

nginx (deploy/nginx) passes its own $request_id so its access log and the application's lines
share the id; without a proxy a fresh one is made. A 500 page or a user's report quoting the id
finds every line the request wrote, in whichever worker it ran.
"""

import contextvars
import logging
import re
import time
import uuid

HEADER = "X-Request-ID"
# An id from outside is kept only if it looks like one (it is written into logs and headers).
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
access_log = logging.getLogger("hoptac.request")


def current() -> str:
    """The id of the request being served ("-" outside a request: commands, the task worker)."""
    return _current.get()


class RequestIdFilter(logging.Filter):
    """Puts `request_id` on every record so formatters (text or JSON) can print it."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs 4xx responses after the middleware chain has returned; those records carry
        # the request itself.
        record.request_id = getattr(getattr(record, "request", None), "request_id", None) or _current.get()
        return True


class RequestIdMiddleware:
    """First in the chain: everything after it, including Django's own error logging, sees the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request_id = given if _VALID.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = _current.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": getattr(getattr(request, "user", None), "pk", None),
                },
            )
            return response
        finally:
            _current.reset(token)
