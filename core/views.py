"""Site-wide pages: home (the dashboard once indicators exist) and a health check."""

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render


def home(request):
    return render(request, "core/home.html")


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"}) if request.GET.get("format") == "json" else HttpResponse("ok")
