"""Agencies named as they were before the 2025 reorganisation, followed to the agency that does
their work now (the succession table programs/data/agency_succession_2025.yaml, with its source
and verification level). Decisions of 2021–2024 name "Sở KH&ĐT", "Sở NN&PTNT", "Liên minh HTX
tỉnh Quảng Nam"; the catalogue holds today's agencies."""

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


@functools.cache
def table() -> dict:
    with DATA.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _key(text: str) -> str:
    return compact_key(text.replace("&", " và "))


@functools.cache
def _by_key() -> dict[str, Succession]:
    found = {}
    for entry in table()["successions"]:
        succession = Succession(
            old=entry["old"][0],
            new=tuple(entry.get("new", ())),
            split=tuple((part["agency"], part["functions"]) for part in entry.get("split", ())),
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
