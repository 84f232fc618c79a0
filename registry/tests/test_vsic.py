import pytest

from registry import vsic
from registry.models import Field


@pytest.mark.parametrize(
    ("code", "field"),
    [
        ("A", Field.AGRICULTURE),
        ("0111", Field.AGRICULTURE),
        ("03", Field.AGRICULTURE),
        ("C1010", Field.INDUSTRY),
        ("4100", Field.INDUSTRY),
        ("K", Field.FINANCE),
        ("6419", Field.FINANCE),
        ("4711", Field.TRADE),
        ("55", Field.TRADE),
    ],
)
def test_it_maps_a_code_to_its_field_of_activity(code, field):
    assert vsic.field_for(code) == field


@pytest.mark.parametrize("code", ["", "Z", "04", "1", "123456", "A1010", "ab"])
def test_it_rejects_malformed_or_unknown_codes(code):
    assert vsic.field_for(code) is None


@pytest.mark.parametrize(
    ("code", "field"), [("0893", Field.AGRICULTURE), ("08930", Field.AGRICULTURE), ("B0893", Field.AGRICULTURE)]
)
def test_salt_extraction_vsic_0893_is_agriculture_though_section_b(code, field):
    assert vsic.field_for(code) == field


@pytest.mark.parametrize("code", ["B", "05", "0810", "0891", "0899", "089", "08"])
def test_mining_other_than_salt_stays_industry(code):
    assert vsic.field_for(code) == Field.INDUSTRY
