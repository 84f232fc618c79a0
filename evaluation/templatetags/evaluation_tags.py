from django import template

from core.numbers import format_number
from evaluation.rulesets import VERIFICATION_LABELS

register = template.Library()


@register.filter(name="diem")
def points(value) -> str:
    """Points the way score sheets write them: "79,5", "64,75", "80" (no trailing zeros)."""
    if value is None or value == "":
        return ""
    text = format_number(value, 2)
    return text.rstrip("0").rstrip(",") if "," in text else text


@register.filter(name="kiem_chung")
def verification_label(code: str) -> str:
    """A rule entry's verification status in words ("theo tài liệu tham chiếu"), not its code."""
    return VERIFICATION_LABELS.get(code, code)
