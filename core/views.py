"""Site-wide pages: the health check for monitors (the home page is indicators.dashboard.views.home)."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from core.health import run_checks


@never_cache
def healthz(request):
    """JSON for a monitor: 200 when every check passes, 503 otherwise. Anyone may ask (a monitor has
    no account) and sees only ok/fail per check; staff also see the details (free space, the worker's
    last beat), never a setting's value or a secret."""
    results = run_checks()
    healthy = all(ok for ok, _details in results.values())
    body = {"status": "ok" if healthy else "fail", "checks": {name: "ok" if ok else "fail" for name, (ok, _d) in results.items()}}
    if request.user.is_authenticated and request.user.is_staff:
        body["details"] = {name: details for name, (_ok, details) in results.items()}
    return JsonResponse(body, status=200 if healthy else 503)
