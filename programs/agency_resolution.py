"""What an agency cell of a task table names, against the catalogue of current agencies.

Each name in a cell resolves to one of four outcomes the preview shows and the person acts on:

- matched: one current agency, by its name, short name or code, or through the 2025 succession
  table ("Sở KH&ĐT" → Sở Tài chính) with a note saying so and how far that rule was verified;
- ask: several candidates and the person chooses (Sở LĐ-TB&XH, whose work was divided by function);
- group: a collective name ("UBND các huyện, thị xã, thành phố", "các sở, ban, ngành liên quan")
  standing for a set of current agencies of the province (programs/data/agency_collectives.yaml);
  a "liên quan" group is only those concerned, so the person narrows it to the agencies they pick
  (an answer of the preview, kept as a list of ids: `narrowed`);
- unknown: nothing found; the text is kept with a guessed kind so the person maps it to an agency or
  creates it (programs.services.create_agency_from_import).

Nothing is written here.
"""

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Agency
from core.text import compact_key, nfc, search_key
from programs.succession import VERIFICATION_WORDS, alliance_verification, is_alliance, succession_of

COLLECTIVES = Path(__file__).with_name("data") / "agency_collectives.yaml"
MATCHED, ASK, GROUP, UNKNOWN = "matched", "ask", "group", "unknown"
#: Bullets and punctuation around a name in a cell ("- Sở Tài chính;", "+ UBND các xã.").
STRIP = " -–+•*.;:"
#: "Sở Tài chính tỉnh Quảng Nam": the place after a department's name, dropped for a second try.
PLACE_SUFFIX = re.compile(r"\s+(?:tỉnh|thành phố|tp\.?)\s+\S.*$", re.IGNORECASE)
#: A guess of the kind of an unknown agency from how its name starts (search keys), for "create".
KIND_PREFIXES = (
    (("so ", "ban quan ly", "ban dan toc", "thanh tra", "van phong ubnd", "cuc ", "chi cuc"), Agency.Kind.DEPARTMENT),
    (("ubnd xa", "ubnd phuong", "uy ban nhan dan xa", "uy ban nhan dan phuong", "ubnd dac khu"), Agency.Kind.COMMUNE_COMMITTEE),
    (("ubnd huyen", "ubnd thi xa", "uy ban nhan dan huyen", "ubnd thanh pho"), Agency.Kind.DISTRICT_COMMITTEE),
    (("lien minh",), Agency.Kind.ALLIANCE),
    (("hoi ", "doan ", "mat tran", "uy ban mttq", "tinh doan", "lien doan lao dong"), Agency.Kind.MASS_ORGANIZATION),
)


@dataclass
class Candidate:
    name: str
    id: int | None = None  # None: not yet in the catalogue (the person may create it)
    functions: str = ""  # the part of a divided department's work this one took
    verification: str = ""


@dataclass
class Resolution:
    text: str  # the name as the cell writes it
    status: str  # MATCHED | ASK | GROUP | UNKNOWN
    agency_ids: list[int] = field(default_factory=list)  # matched: one; group: its current members
    agency_names: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)  # ask: the choices
    group: str = ""  # group: its label
    related: bool = False  # group of "liên quan": only the agencies concerned, the person narrows it
    narrowed: bool = False  # related group: `agency_ids` are those the person picked in the preview
    note: str = ""  # how it was found (a succession rule and its verification level)
    kind: str = ""  # unknown: the guessed Agency.Kind for creating it
    suggested_name: str = ""  # unknown: the current name to create (a successor not yet in the catalogue)

    @property
    def message(self) -> str:
        """Why the cell needs the person (the row's error text); empty when nothing is to be done."""
        if self.status == ASK:
            options = "; ".join(f"{c.name} ({c.functions})" for c in self.candidates)
            return _(
                "“%(old)s” đã được chia cho nhiều cơ quan theo chức năng từ năm 2025: %(options)s. "
                "Hãy chọn cơ quan hiện nay đảm nhận nhiệm vụ này."
            ) % {"old": self.text, "options": options}
        if self.status == GROUP and not self.agency_ids:
            return _("Chưa có cơ quan nào thuộc nhóm “%(group)s” trong danh mục cơ quan của tỉnh.") % {"group": self.group}
        if self.status == UNKNOWN and self.suggested_name:
            return _("“%(old)s” nay là “%(new)s”, chưa có trong danh mục cơ quan: hãy chọn hoặc tạo cơ quan này.") % {
                "old": self.text,
                "new": self.suggested_name,
            }
        if self.status == UNKNOWN:
            return _("Không tìm thấy “%(name)s” trong danh mục cơ quan: hãy chọn cơ quan tương ứng hoặc tạo mới.") % {
                "name": self.text
            }
        return ""


@dataclass(frozen=True)
class Collective:
    label: str
    kinds: tuple[str, ...]
    related: bool
    verification: str


@functools.cache
def collectives_table() -> dict:
    with COLLECTIVES.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@functools.cache
def _collectives_by_key(today: dt.date) -> dict[str, Collective]:
    data = collectives_table()
    found = {}
    for entry in data["collectives"]:
        current = entry
        if entry.get("until") and today >= entry["until"]:
            current = {**entry, **entry["then"]}  # the tier was abolished: the kinds that took its work
        collective = Collective(
            label=current["label"],
            kinds=tuple(current["kinds"]),
            related=bool(entry.get("related")),
            verification=entry.get("verification", data["verification"]),
        )
        for name in entry["names"]:
            found[compact_key(name)] = collective
    return found


def collective_of(text: str, *, today: dt.date | None = None) -> Collective | None:
    return _collectives_by_key(today or timezone.localdate()).get(compact_key(text))


def guess_kind(name: str) -> str:
    key = search_key(name)
    for prefixes, kind in KIND_PREFIXES:
        if key.startswith(prefixes):
            return kind
    return Agency.Kind.OTHER


class AgencyIndex:
    """The catalogue, keyed for matching; the agencies of `province` win over namesakes elsewhere."""

    def __init__(self, province=None, *, today: dt.date | None = None, choices: Mapping[str, int] | None = None):
        self.today = today or timezone.localdate()
        self.line: int | None = None  # the table row being read, for choices made for one row
        self.province_id = getattr(province, "pk", province)
        current = Q(valid_to__isnull=True) | Q(valid_to__gte=self.today)
        agencies = list(Agency.objects.filter(current))
        agencies.sort(key=lambda agency: agency.province_id != self.province_id)
        self.by_pk = {agency.pk: agency for agency in agencies}
        self.by_key: dict[str, Agency] = {}
        for agency in agencies:
            for text in (agency.name, agency.short_name, agency.code):
                if text:
                    self.by_key.setdefault(compact_key(text), agency)
        local = [a for a in agencies if self.province_id is None or a.province_id in (self.province_id, None)]
        self.local = local
        self.alliances = [a for a in local if a.kind == Agency.Kind.ALLIANCE]
        self.choices, self.narrowings = self._choices(choices or {})

    def _choices(self, choices: Mapping[str, int | list[int]]) -> tuple[dict, dict]:
        """What the person chose in the preview for a name: {"Sở LĐ-TB&XH": id} for every row, or
        {"27:Sở LĐ-TB&XH": id} for row 27 only (a divided department's successor depends on the task);
        for a "liên quan" group, the agencies it stands for: {"Các sở, ban, ngành liên quan": [id, …]}
        (by row the same way). As ({(row, name key): agency}, {(row, name key): [agency, …]}). A
        choice of an agency no longer current is ignored (the name is resolved as if not chosen)."""
        single, several = {}, {}
        for text, chosen in choices.items():
            line, _sep, name = text.partition(":") if text.split(":", 1)[0].isdigit() else ("", "", text)
            key = (int(line) if line else None, compact_key(name))
            if isinstance(chosen, list):
                agencies = [self.by_pk[agency_id] for agency_id in chosen if agency_id in self.by_pk]
                if agencies:
                    several[key] = agencies
            elif chosen in self.by_pk:
                single[key] = self.by_pk[chosen]
        return single, several

    # --- One name ---------------------------------------------------------------------------

    def find(self, text: str) -> Agency | None:
        """The one agency `text` names (directly or through the succession table), else None."""
        resolution = self.resolve(text)
        return self.by_pk[resolution.agency_ids[0]] if resolution.status == MATCHED else None

    def resolve(self, text: str) -> Resolution:
        text = nfc(text).strip(STRIP)
        for attempt in (self._chosen, self._direct, self._collective, self._succession, self._alliance):
            if (resolution := attempt(text)) is not None:
                return resolution
        return Resolution(text, UNKNOWN, kind=guess_kind(text))

    def _matched(self, text: str, agency: Agency, note: str = "") -> Resolution:
        return Resolution(text, MATCHED, agency_ids=[agency.pk], agency_names=[agency.name], note=note)

    def _chosen(self, text: str) -> Resolution | None:
        key = compact_key(text)
        agency = self.choices.get((self.line, key)) or self.choices.get((None, key))
        return self._matched(text, agency, _("theo lựa chọn khi nhập")) if agency else None

    def _direct(self, text: str) -> Resolution | None:
        if agency := self.by_key.get(compact_key(text)):
            return self._matched(text, agency)
        bare = PLACE_SUFFIX.sub("", text)
        if bare == text or is_alliance(text):
            return None  # an Alliance named with its (old) province goes through the succession rule
        if agency := self.by_key.get(compact_key(bare)):
            return self._matched(text, agency, _("đọc là “%(name)s” (bỏ địa danh)") % {"name": agency.name})
        return None

    def _collective(self, text: str) -> Resolution | None:
        collective = collective_of(text, today=self.today)
        if collective is None:
            return None
        key = compact_key(text)
        chosen = (self.narrowings.get((self.line, key)) or self.narrowings.get((None, key))) if collective.related else None
        if chosen:
            return Resolution(
                text,
                GROUP,
                agency_ids=[a.pk for a in chosen],
                agency_names=[a.name for a in chosen],
                group=collective.label,
                related=True,
                narrowed=True,
                note=_("theo lựa chọn khi nhập"),
            )
        members = [a for a in self.local if a.kind in collective.kinds]
        return Resolution(
            text,
            GROUP,
            agency_ids=[a.pk for a in members],
            agency_names=[a.name for a in members],
            group=collective.label,
            related=collective.related,
            note=VERIFICATION_WORDS.get(collective.verification, collective.verification),
        )

    def _succession(self, text: str) -> Resolution | None:
        succession = succession_of(text) or succession_of(PLACE_SUFFIX.sub("", text))
        if succession is None:
            return None
        if succession.split:
            candidates = [
                Candidate(name, getattr(self.by_key.get(compact_key(name)), "pk", None), functions, level)
                for (name, functions), level in zip(succession.split, succession.split_verification, strict=True)
            ]
            return Resolution(text, ASK, candidates=candidates, note=succession.note)
        for name in succession.new:
            if agency := self.by_key.get(compact_key(name)):
                return self._matched(text, agency, succession.note)
        return Resolution(text, UNKNOWN, note=succession.note, kind=Agency.Kind.DEPARTMENT, suggested_name=succession.new[0])

    def _alliance(self, text: str) -> Resolution | None:
        if "," in text or not is_alliance(text):
            return None  # a list starting with the Alliance is not the Alliance
        if len(self.alliances) == 1:  # an old province's Alliance: the merged province's
            level = VERIFICATION_WORDS.get(alliance_verification(), "")
            return self._matched(text, self.alliances[0], f"{text} → {self.alliances[0].name} ({level})")
        return Resolution(text, UNKNOWN, kind=Agency.Kind.ALLIANCE)

    # --- A whole cell -------------------------------------------------------------------------

    def resolve_cell(self, text: str) -> list[Resolution]:
        """Each name in a cell. Names are separated by ";" or new lines; commas separate names too,
        except inside a name the catalogue or the collective table knows ("Sở Văn hóa, Thể thao và
        Du lịch", "UBND các huyện, thị xã, thành phố"): the longest known run of pieces is taken
        first, and neighbouring unknown pieces are kept together as one unknown name."""
        found: list[Resolution] = []
        for part in re.split(r"[;\n]+", text or ""):
            pieces = [p.strip(STRIP) for p in part.split(",")]
            pieces = [p for p in pieces if p]
            found.extend(self._resolve_pieces(pieces))
        return found

    def _resolve_pieces(self, pieces: list[str]) -> list[Resolution]:
        found: list[Resolution] = []
        unknown: list[str] = []
        start = 0
        while start < len(pieces):
            for end in range(len(pieces), start, -1):
                resolution = self.resolve(", ".join(pieces[start:end]))
                if resolution.status != UNKNOWN or resolution.suggested_name:
                    break
            else:
                unknown.append(pieces[start])
                start += 1
                continue
            if unknown:
                found.append(self.resolve(", ".join(unknown)))
                unknown = []
            found.append(resolution)
            start = end
        if unknown:
            found.append(self.resolve(", ".join(unknown)))
        return found
