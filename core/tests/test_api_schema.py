from django.core.management import call_command


def test_the_whole_openapi_schema_builds_without_warnings(tmp_path):
    # Name clashes between apps (two "Cell" serializers, two "kind" enums) make clients generate
    # wrong types; --fail-on-warn turns each into a failure here.
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(target))
    text = target.read_text()
    assert "/api/v1/organizations/" in text and "/api/v1/programs/" in text and "/api/v1/indicators/" in text
