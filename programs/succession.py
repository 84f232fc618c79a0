"""Agencies named as they were before the 2025 reorganisation, followed to the agency that does
their work now (the succession table programs/data/agency_succession_2025.yaml, with its sources
and, per entry, how far it was verified). Decisions of 2021–2024 name "Sở KH&ĐT", "Sở NN&PTNT",
"Liên minh HTX tỉnh Quảng Nam"; the catalogue holds today's agencies.

A department whose work was divided by function (Sở LĐ-TB&XH) has no single successor: `split`
lists the candidates with the functions each took, and the person chooses (programs.agency_resolution).
"""

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from core.text import compact_key

DATA = Path(__file__).with_name("data") / "agency_succession_2025.yaml"


@dataclass(frozen=True)
class Succession:
    old: str  # the name as the table lists it first
    new: tuple[str, ...] = ()  # the successor(s) taking all of its work
    split: tuple[tuple[str, str], ...] = ()  # (successor, the functions it took) when the work was divided
    verification: str = "unverified"
    sources: tuple[str, ...] = ()  # titles of the texts the entry rests on
    split_verification: tuple[str, ...] = ()  # per part of `split`

    @property
    def note(self) -> str:
        """What the preview says about the match: the rule and how far it was checked."""
        level = VERIFICATION_WORDS.get(self.verification, self.verification)
        return f"{self.old} → {', '.join(self.new or [agency for agency, _functions in self.split])} ({level})"


#: Shown next to a match made through the table (the levels of evaluation.rulesets, plus "unverified").
VERIFICATION_WORDS = {
    "verified": "đã đối chiếu văn bản",
    "secondary": "theo tài liệu tham chiếu",
    "unverified": "chưa đối chiếu văn bản",
}


@functools.cache
def table() -> dict:
    with DATA.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _key(text: str) -> str:
    return compact_key(text.replace("&", " và "))


def _source_titles(ids) -> tuple[str, ...]:
    sources = table().get("sources", {})
    return tuple(sources[name]["title"] for name in ids or ())


@functools.cache
def _by_key() -> dict[str, Succession]:
    found = {}
    default = table()["verification"]
    for entry in table()["successions"]:
        parts = entry.get("split", ())
        succession = Succession(
            old=entry["old"][0],
            new=tuple(entry.get("new", ())),
            split=tuple((part["agency"], part["functions"]) for part in parts),
            verification=entry.get("verification", default),
            sources=_source_titles(entry.get("sources")),
            split_verification=tuple(part.get("verification", default) for part in parts),
        )
        for name in entry["old"]:
            found[_key(name)] = succession
    return found


def succession_of(text: str) -> Succession | None:
    """What became of the agency `text` names, if the table knows it."""
    return _by_key().get(_key(text))


def is_alliance(text: str) -> bool:
    key = _key(text)
    return any(key.startswith(_key(prefix)) for prefix in table()["alliance_prefixes"])


def alliance_verification() -> str:
    return table().get("alliance", {}).get("verification", table()["verification"])
