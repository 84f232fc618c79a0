"""The policy data file (support/rules/policies.yaml): reading it and applying it to the database."""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.text import nfc
from support.models import FundingSource, SupportPolicy, SupportType, Verification

POLICY_FILE = Path(__file__).parent / "rules" / "policies.yaml"
POLICY_FIELDS = (
    "name",
    "legal_basis",
    "support_type",
    "funding_source",
    "valid_from",
    "valid_to",
    "verification",
    "source_url",
    "note",
)


@dataclass(frozen=True)
class Limits:
    """Plausibility limits of the data file: amounts beyond them are refused as typing errors."""

    max_record_amount: int
    max_activity_cost: int
    max_loan_principal: int
    max_service_fee: int


@cache
def _document(path: Path = POLICY_FILE) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def limits() -> Limits:
    return Limits(**{key: int(value) for key, value in _document()["limits"].items()})


def _entry_hash(entry: dict) -> str:
    return hashlib.sha256(json.dumps(entry, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def _validated(entry: dict, index: int) -> dict:
    where = _("mục %(index)s (%(code)s)") % {"index": index, "code": entry.get("code", "?")}
    values = {name: entry.get(name) for name in POLICY_FIELDS}
    for name in ("name", "legal_basis", "support_type", "funding_source", "valid_from"):
        if not values[name]:
            raise ValidationError(_("Tệp chính sách, %(where)s: thiếu trường “%(field)s”.") % {"where": where, "field": name})
    choices = {"support_type": SupportType, "funding_source": FundingSource, "verification": Verification}
    values["verification"] = values["verification"] or Verification.PROVISIONAL
    for name, enum in choices.items():
        if values[name] not in enum.values:
            raise ValidationError(
                _("Tệp chính sách, %(where)s: giá trị “%(value)s” của “%(field)s” không hợp lệ.")
                % {"where": where, "value": values[name], "field": name}
            )
    for name in ("valid_from", "valid_to"):
        if values[name] is not None and not isinstance(values[name], dt.date):
            raise ValidationError(
                _("Tệp chính sách, %(where)s: “%(field)s” phải là ngày YYYY-MM-DD.") % {"where": where, "field": name}
            )
    if values["valid_to"] and values["valid_to"] < values["valid_from"]:
        raise ValidationError(_("Tệp chính sách, %(where)s: ngày hết hiệu lực trước ngày áp dụng.") % {"where": where})
    for name in ("name", "legal_basis", "note"):
        values[name] = nfc(values[name] or "")
    values["source_url"] = values["source_url"] or ""
    return values


@transaction.atomic
def policies_sync(*, path: Path = POLICY_FILE) -> dict[str, int]:
    """Create the policies of the file that are missing; update those whose entry changed.

    Returns counts {"created", "updated", "unchanged"}. Running it twice changes nothing.
    """
    with open(path, encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    seen = set()
    for index, entry in enumerate(document.get("policies") or [], start=1):
        code = entry.get("code")
        if not code or code in seen:
            raise ValidationError(
                _("Tệp chính sách, mục %(index)s: mã trống hoặc trùng (“%(code)s”).") % {"index": index, "code": code}
            )
        seen.add(code)
        values = _validated(entry, index)
        digest = _entry_hash(entry)
        policy = SupportPolicy.objects.filter(code=code).first()
        if policy is None:
            policy = SupportPolicy(code=code, loaded_hash=digest, **values)
            policy.full_clean()
            policy.save()
            counts["created"] += 1
        elif policy.loaded_hash != digest:
            for name, value in values.items():
                setattr(policy, name, value)
            policy.loaded_hash = digest
            policy.full_clean()
            policy.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts
