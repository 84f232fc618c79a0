"""Vietnamese people, households, hamlets and legal entities, drawn from a seeded random source."""

import random
from dataclasses import dataclass

from registry.demo import vocabulary as words


@dataclass(frozen=True)
class Person:
    name: str
    male: bool
    birth_year: int


def _weighted(rng: random.Random, pairs) -> str:
    names, weights = zip(*pairs, strict=True)
    return rng.choices(names, weights=weights)[0]


def person(rng: random.Random, *, male: bool | None = None, upland: bool = False, born: tuple[int, int] = (1955, 1995)) -> Person:
    if male is None:
        male = rng.random() < 0.6
    family = _weighted(rng, words.UPLAND_FAMILY_NAMES if upland and rng.random() < 0.7 else words.FAMILY_NAMES)
    middle = rng.choice(words.MALE_MIDDLE if male else words.FEMALE_MIDDLE)
    given = rng.choice(words.MALE_GIVEN if male else words.FEMALE_GIVEN)
    return Person(f"{family} {middle} {given}", male, rng.randint(*born))


def citizen_id(rng: random.Random, who: Person, *, province_code: int) -> str:
    """A 12-digit citizen identity number shaped like the real ones: birth province (3 digits),
    sex-and-century digit, two digits of the birth year, six random digits."""
    century_digit = (0 if who.birth_year < 2000 else 2) + (0 if who.male else 1)
    return f"{province_code:03d}{century_digit}{who.birth_year % 100:02d}{rng.randrange(10**6):06d}"


def household_name(who: Person) -> str:
    return f"Hộ {'ông' if who.male else 'bà'} {who.name}"


def legal_entity_name(rng: random.Random, place: str) -> str:
    return f"{rng.choice(words.LEGAL_ENTITY_PREFIXES)} {rng.choice(words.LEGAL_ENTITY_WORDS)} {place}"


def hamlet(rng: random.Random, *, urban: bool) -> str:
    """ "Thôn Phú Bình" in a rural commune, "Tổ dân phố 7" or "Tổ dân phố An Mỹ" in a ward."""
    if urban:
        return f"Tổ dân phố {rng.randint(1, 40)}" if rng.random() < 0.5 else f"Tổ dân phố {_hamlet_words(rng)}"
    return f"Thôn {_hamlet_words(rng)}" if rng.random() < 0.8 else f"Thôn {rng.randint(1, 12)}"


def _hamlet_words(rng: random.Random) -> str:
    first, second = rng.choice(words.HAMLET_FIRST), rng.choice(words.HAMLET_SECOND)
    while second == first:
        second = rng.choice(words.HAMLET_SECOND)
    return f"{first} {second}"


def initials(label: str) -> str:
    """ "Dịch vụ Nông nghiệp" → "DVNN" (short names in the registry are written that way)."""
    return "".join(word[0].upper() for word in label.split() if word not in {"và", "Và"})
