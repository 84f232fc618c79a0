"""Content-Security-Policy: scripts only from this server or carrying the request's nonce."""

import re
from pathlib import Path

import pytest
from django.conf import settings

NONCE = re.compile(r"'nonce-([^']+)'")
TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]


def policy(response) -> dict[str, list[str]]:
    directives = (part.strip().split() for part in response["Content-Security-Policy"].split(";"))
    return {name: values for name, *values in directives}


@pytest.mark.django_db
def test_pages_carry_a_policy_that_allows_scripts_only_from_this_server_or_with_the_nonce(client_for, personas):
    response = client_for(personas.province_officer).get("/to-chuc/")
    assert response.status_code == 200
    rules = policy(response)
    assert rules["script-src"][0] == "'self'" and NONCE.match(rules["script-src"][1])
    assert rules["object-src"] == ["'none'"] and rules["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in rules["script-src"] and "'unsafe-eval'" not in rules["script-src"]


@pytest.mark.django_db
def test_an_inline_script_carries_the_nonce_of_its_response(client_for, personas):
    response = client_for(personas.province_officer).get("/to-chuc/")
    nonce = NONCE.search(response["Content-Security-Policy"]).group(1)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.content.decode())
    assert inline and all(f'nonce="{nonce}"' in attributes for attributes in inline)


@pytest.mark.django_db
def test_each_response_gets_a_new_nonce(client_for, personas):
    client = client_for(personas.province_officer)
    first, second = (NONCE.search(client.get("/to-chuc/")["Content-Security-Policy"]).group(1) for _ in range(2))
    assert first != second


def test_no_template_has_an_inline_event_handler_or_a_script_without_the_nonce():
    """The policy would block them: handlers go into static/js/hoptac.js (data-confirm, data-autosubmit)."""
    offenders = []
    for folder in TEMPLATE_DIRS:
        for template in folder.rglob("*.html"):
            text = template.read_text()
            if re.search(r"\son[a-z]+\s*=\s*[\"']", text):
                offenders.append(f"{template}: inline event handler")
            for attributes in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", text):
                if "nonce=" not in attributes and "application/json" not in attributes:
                    offenders.append(f"{template}: inline script without nonce")
    assert offenders == []


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_the_api_docs_load_their_assets_from_this_server(client, path):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/" in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "no asset from another server (CDN, Google Fonts)"
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html), "no inline script (the policy would block it)"


@pytest.mark.django_db
def test_the_swagger_ui_start_script_is_served_as_a_script_of_this_server(client):
    response = client.get("/api/docs/?script=")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in response.content.decode()
