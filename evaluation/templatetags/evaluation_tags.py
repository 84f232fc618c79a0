from django import template

from core.numbers import format_number

register = template.Library()


@register.filter(name="diem")
def points(value) -> str:
    """Points the way score sheets write them: "79,5", "64,75", "80" (no trailing zeros)."""
    if value is None or value == "":
        return ""
    text = format_number(value, 2)
    return text.rstrip("0").rstrip(",") if "," in text else text
