"""Agency cells resolved against the catalogue, case by case: matched (directly or through the 2025
succession table), ask (a divided department), group (collective names, as data), unknown (with a
guessed kind to create it)."""

import datetime as dt

import pytest

from accounts.tests.factories import AgencyFactory
from programs.agency_resolution import ASK, GROUP, MATCHED, UNKNOWN, AgencyIndex, collectives_table, guess_kind
from programs.succession import succession_of, table

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(personas, setup):
    province, other = personas.geo.province, personas.geo.other_province
    made = {
        "tc": personas.province_officer.agency,
        "alliance": setup.alliance,
        "xa_a": personas.commune_officer.agency,
        "nnmt": AgencyFactory(code="so-nnmt", name="Sở Nông nghiệp và Môi trường", kind="so_nganh", province=province),
        "nv": AgencyFactory(code="so-nv", name="Sở Nội vụ", kind="so_nganh", province=province),
        "yt": AgencyFactory(code="so-yt", name="Sở Y tế", kind="so_nganh", province=province),
        "vh": AgencyFactory(code="so-vh", name="Sở Văn hóa, Thể thao và Du lịch", kind="so_nganh", province=province),
        "xa_b": AgencyFactory(code="ubnd-b", name="UBND xã B", kind="ubnd_xa", province=province),
        "huyen": AgencyFactory(
            code="ubnd-huyen", name="UBND huyện Duy Xuyên", kind="ubnd_huyen", province=province, valid_to=dt.date(2025, 6, 30)
        ),
        # Namesakes in another province: never taken for this province's.
        "tc_other": AgencyFactory(code="stc-khac", name="Sở Tài chính", kind="so_nganh", province=other),
        "xa_other": AgencyFactory(code="ubnd-khac", name="UBND xã Khác", kind="ubnd_xa", province=other),
    }
    return made


def index(personas, today=None):
    return AgencyIndex(personas.geo.province, today=today)


MATCHES = [
    # (cell text, key of the agency, words of the note)
    ("Sở Tài chính", "tc", ""),
    ("SỞ TÀI CHÍNH TỈNH QUẢNG NAM", "tc", "đọc là “Sở Tài chính” (bỏ địa danh)"),
    ("so-nnmt", "nnmt", ""),
    ("Sở KH&ĐT", "tc", "Sở Kế hoạch và Đầu tư → Sở Tài chính (theo tài liệu tham chiếu)"),
    ("Sở Kế hoạch và Đầu tư tỉnh Quảng Nam", "tc", "→ Sở Tài chính"),
    ("Sở NN&PTNT", "nnmt", "→ Sở Nông nghiệp và Môi trường"),
    ("Sở Tài nguyên và Môi trường", "nnmt", "→ Sở Nông nghiệp và Môi trường"),
    ("Liên minh HTX tỉnh Quảng Nam", "alliance", "(chưa đối chiếu văn bản)"),
    ("- Sở Nội vụ;", "nv", ""),
]


@pytest.mark.parametrize(("text", "key", "note"), MATCHES)
def test_names_match_one_current_agency_of_the_province(text, key, note, catalogue, personas):
    resolution = index(personas).resolve(text)
    assert (resolution.status, resolution.agency_ids) == (MATCHED, [catalogue[key].pk])
    assert note in resolution.note and (note or resolution.note == "")


def test_a_divided_department_asks_with_its_candidates_and_their_functions(catalogue, personas):
    resolution = index(personas).resolve("Sở Lao động - Thương binh và Xã hội")
    assert resolution.status == ASK and resolution.agency_ids == []
    assert [(c.name, c.id, c.verification) for c in resolution.candidates] == [
        ("Sở Nội vụ", catalogue["nv"].pk, "secondary"),
        ("Sở Y tế", catalogue["yt"].pk, "unverified"),
        ("Sở Giáo dục và Đào tạo", None, "unverified"),  # not in the catalogue yet: the person may create it
    ]
    assert "giáo dục nghề nghiệp" in resolution.candidates[2].functions
    assert "Sở Nội vụ" in resolution.message and "Hãy chọn" in resolution.message


GROUPS = [
    # (cell text, today, label, keys of the members, related)
    ("UBND các huyện, thị xã, thành phố", None, "UBND các xã, phường", ["xa_a", "xa_b"], False),
    ("UBND các huyện, thị xã, thành phố", dt.date(2025, 6, 30), "UBND các huyện, thị xã, thành phố", ["huyen"], False),
    ("UBND các xã, phường, thị trấn", None, "UBND các xã, phường", ["xa_a", "xa_b"], False),
    ("Các sở, ban, ngành", None, "Các sở, ban, ngành", ["nnmt", "nv", "vh", "tc", "yt"], False),
    ("các sở, ban ngành liên quan", None, "Các sở, ban, ngành liên quan", ["nnmt", "nv", "vh", "tc", "yt"], True),
    ("Các cơ quan, đơn vị liên quan", None, "Các cơ quan, đơn vị liên quan", None, True),
]


@pytest.mark.parametrize(("text", "today", "label", "keys", "related"), GROUPS)
def test_collective_names_become_the_current_agencies_of_the_province(text, today, label, keys, related, catalogue, personas):
    resolution = index(personas, today).resolve(text)
    assert (resolution.status, resolution.group, resolution.related) == (GROUP, label, related)
    if keys is not None:
        assert sorted(resolution.agency_ids) == sorted(catalogue[key].pk for key in keys)
    assert catalogue["tc_other"].pk not in resolution.agency_ids and catalogue["xa_other"].pk not in resolution.agency_ids


UNKNOWN_NAMES = [
    # (cell text, guessed kind, suggested current name)
    ("Sở Giao thông vận tải", "so_nganh", "Sở Xây dựng"),  # a successor not yet in the catalogue
    ("Sở TT&TT", "so_nganh", "Sở Khoa học và Công nghệ"),
    ("Ban Quản lý các khu kinh tế", "so_nganh", ""),
    ("UBND xã Tam Xuân 1", "ubnd_xa", ""),
    ("Hội Nông dân tỉnh", "doan_the", ""),
    ("Phòng Tài chính - Kế hoạch", "khac", ""),
]


@pytest.mark.parametrize(("text", "kind", "suggested"), UNKNOWN_NAMES)
def test_an_unknown_name_is_kept_with_a_guessed_kind_to_map_or_create(text, kind, suggested, catalogue, personas):
    resolution = index(personas).resolve(text)
    assert (resolution.status, resolution.text, resolution.kind, resolution.suggested_name) == (UNKNOWN, text, kind, suggested)
    assert (suggested or text) in resolution.message


CELLS = [
    # (cell, [(status, text)])
    ("Sở Tài chính, Sở NN&PTNT", [(MATCHED, "Sở Tài chính"), (MATCHED, "Sở NN&PTNT")]),
    ("Sở Văn hóa, Thể thao và Du lịch", [(MATCHED, "Sở Văn hóa, Thể thao và Du lịch")]),
    (
        "Liên minh HTX tỉnh, UBND các huyện, thị xã, thành phố",
        [(MATCHED, "Liên minh HTX tỉnh"), (GROUP, "UBND các huyện, thị xã, thành phố")],
    ),
    ("Sở Tài chính;\nCác sở, ban, ngành liên quan", [(MATCHED, "Sở Tài chính"), (GROUP, "Các sở, ban, ngành liên quan")]),
    ("Trung tâm A, Trung tâm B, Sở Nội vụ", [(UNKNOWN, "Trung tâm A, Trung tâm B"), (MATCHED, "Sở Nội vụ")]),
    ("- Sở Y tế;\n+ Sở LĐ-TB&XH.", [(MATCHED, "Sở Y tế"), (ASK, "Sở LĐ-TB&XH")]),
    ("", []),
]


@pytest.mark.parametrize(("cell", "expected"), CELLS)
def test_a_cell_is_split_into_names_keeping_known_names_with_commas_whole(cell, expected, catalogue, personas):
    assert [(r.status, r.text) for r in index(personas).resolve_cell(cell)] == expected


@pytest.mark.parametrize(
    ("name", "kind"),
    [("Sở Công Thương", "so_nganh"), ("UBND phường Hội An", "ubnd_xa"), ("Liên minh HTX", "lien_minh"), ("Công an tỉnh", "khac")],
)
def test_the_kind_of_a_new_agency_is_guessed_from_its_name(name, kind):
    assert guess_kind(name) == kind


def test_the_tables_are_data_with_their_sources_and_verification_levels():
    succession = table()
    assert "45/2025/NĐ-CP" in succession["sources"]["nd45"]["title"]
    for entry in succession["successions"]:
        assert entry["verification"] in ("verified", "secondary", "unverified")
        assert all(name in succession["sources"] for name in entry.get("sources", ()))
    labour = succession_of("Sở LĐ-TB&XH")
    assert labour.split_verification == ("secondary", "unverified", "unverified")
    assert any("01/NQ-HĐND" in title for title in succession_of("Sở GTVT").sources)
    collectives = collectives_table()
    assert "202/2025/QH15" in collectives["source"]
    assert all(entry.get("verification") in ("verified", "secondary", "unverified") for entry in collectives["collectives"])


def test_a_related_group_narrowed_by_the_person_is_the_agencies_they_picked(catalogue, personas):
    nv, yt, huyen = catalogue["nv"].pk, catalogue["yt"].pk, catalogue["huyen"].pk
    text = "Các sở, ban, ngành liên quan"
    agencies = AgencyIndex(personas.geo.province, choices={text: [nv, yt], "7:Các sở, ngành liên quan": [catalogue["vh"].pk]})
    resolution = agencies.resolve("các sở, ban, ngành liên quan")
    assert (resolution.status, resolution.related, resolution.narrowed) == (GROUP, True, True)
    assert (resolution.agency_ids, resolution.note) == ([nv, yt], "theo lựa chọn khi nhập")
    assert not agencies.resolve("Các sở, ngành liên quan").narrowed  # chosen for row 7 only
    agencies.line = 7
    assert agencies.resolve("Các sở, ngành liên quan").agency_ids == [catalogue["vh"].pk]
    # A group that is not "liên quan" is all its members whatever is chosen; an agency no longer current is dropped.
    agencies = AgencyIndex(personas.geo.province, choices={"Các sở, ban, ngành": [nv], text: [huyen]})
    assert not agencies.resolve("Các sở, ban, ngành").narrowed and len(agencies.resolve("Các sở, ban, ngành").agency_ids) == 5
    assert not agencies.resolve(text).narrowed
