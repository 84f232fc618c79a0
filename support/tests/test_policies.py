import datetime as dt

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command

from support.models import SupportPolicy
from support.policies import POLICY_FILE, policies_sync


def test_the_policy_file_loads_and_a_second_run_changes_nothing(db):
    first = policies_sync()
    assert first["created"] > 10 and first["updated"] == 0
    assert SupportPolicy.objects.filter(code="nd113-dao-tao", valid_from=dt.date(2024, 11, 1)).exists()
    second = policies_sync()
    assert second == {"created": 0, "updated": 0, "unchanged": first["created"]}
    call_command("support_policies_load")
    assert SupportPolicy.objects.count() == first["created"]


def test_every_entry_names_its_legal_basis_and_verification_status():
    document = yaml.safe_load(POLICY_FILE.read_text(encoding="utf-8"))
    for entry in document["policies"]:
        assert entry["legal_basis"] and entry["verification"] in ("verified", "provisional"), entry["code"]
        if entry["verification"] == "provisional":
            assert entry.get("note"), f"{entry['code']}: a provisional entry says what was not verified"


def test_an_edit_made_in_the_application_survives_until_the_file_changes(db, tmp_path):
    policies_sync()
    policy = SupportPolicy.objects.get(code="qnam-nq25-dao-tao")
    policy.name = "Tên đã sửa trong ứng dụng"
    policy.save()
    policies_sync()
    assert SupportPolicy.objects.get(code="qnam-nq25-dao-tao").name == "Tên đã sửa trong ứng dụng"
    document = yaml.safe_load(POLICY_FILE.read_text(encoding="utf-8"))
    for entry in document["policies"]:
        if entry["code"] == "qnam-nq25-dao-tao":
            entry["verification"] = "verified"
    changed = tmp_path / "policies.yaml"
    changed.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    assert policies_sync(path=changed)["updated"] == 1
    assert SupportPolicy.objects.get(code="qnam-nq25-dao-tao").verification == "verified"


def test_a_broken_file_is_refused_with_a_message_and_nothing_is_written(db, tmp_path):
    broken = tmp_path / "policies.yaml"
    broken.write_text(
        "policies:\n  - {code: a, name: A, legal_basis: X, support_type: dao_tao, funding_source: tinh, valid_from: 2021-01-01}\n"
        "  - {code: b, name: B, legal_basis: X, support_type: bay_bong, funding_source: tinh, valid_from: 2021-01-01}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as error:
        policies_sync(path=broken)
    assert "bay_bong" in error.value.messages[0]
    assert SupportPolicy.objects.count() == 0
