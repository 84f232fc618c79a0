"""The outline of a task table, case by case: markers wherever written, levels as a nested list's,
roles (group, heading, task, detail), numbers, inheritance from headings, rows broken by a page."""

import pytest

from programs.numbering import COLUMNS, outline, read_marker

LEAD, TIME = "Sở Tài chính", "Năm 2022"


def rows(*cells):
    """(line, values) from tuples of up to six cells."""
    return [(line, dict(zip(COLUMNS, (*row, *[""] * (6 - len(row))), strict=True))) for line, row in enumerate(cells, start=5)]


def shape(nodes):
    return [(n.line, n.role, n.number, n.parent.number if n.parent else "") for n in nodes]


MARKERS = [
    # (STT cell, content cell) → (style, label, content left)
    (("I", "NHÓM"), ("roman", "I", "NHÓM")),
    (("IV.", "NHÓM"), ("roman", "IV", "NHÓM")),
    (("1", "Việc"), ("arabic", "1", "Việc")),
    (("2.", "Việc"), ("arabic", "2", "Việc")),
    (("3)", "Việc"), ("arabic", "3", "Việc")),
    (("1.2.", "Việc"), ("dotted", "1.2", "Việc")),
    (("a", "Việc"), ("letter", "a", "Việc")),
    (("đ)", "Việc"), ("letter", "đ", "Việc")),
    (("–", "Việc"), ("dash", "–", "Việc")),
    (("+", "Việc"), ("plus", "+", "Việc")),
    (("", "b) Biên soạn tài liệu"), ("letter", "b", "Biên soạn tài liệu")),
    (("", "- Hội nghị"), ("dash", "-", "Hội nghị")),
    (("III. CỦNG CỐ BỘ MÁY", ""), ("roman", "III", "CỦNG CỐ BỘ MÁY")),  # a group row merged across the table
    (("", "Vốn, tín dụng"), ("", "", "Vốn, tín dụng")),
    (("", "I.Không có khoảng trắng"), ("", "", "I.Không có khoảng trắng")),
]


@pytest.mark.parametrize(("cells", "expected"), MARKERS)
def test_the_marker_is_read_where_it_is_written(cells, expected):
    values = dict(zip(COLUMNS, (*cells, "", "", "", ""), strict=True))
    style, label = read_marker(values)
    assert (style, label, values["content"]) == expected


OUTLINES = {
    "groups, items, sub-items, bullets as details": (
        rows(
            ("I", "NHÓM MỘT"),
            ("1.", "Việc một", LEAD, "", TIME),
            ("-", "chi tiết"),
            ("+", "chi tiết nhỏ"),
            ("2.", "Mục có việc con"),
            ("a)", "Việc con a", LEAD, "", TIME),
            ("", "b) Việc con b", LEAD, "", TIME),
            ("II", "NHÓM HAI"),
            ("1.", "Việc", LEAD, "", TIME),
        ),
        [
            (5, "group", "1", ""),
            (6, "task", "1.1", "1"),
            (7, "detail", "", "1.1"),
            (8, "detail", "", ""),  # under the "-" line
            (9, "heading", "1.2", "1"),
            (10, "task", "1.2.a", "1.2"),
            (11, "task", "1.2.b", "1.2"),
            (12, "group", "2", ""),
            (13, "task", "2.1", "2"),
        ],
    ),
    "a bullet style seen before closes the levels opened after it": (
        rows(
            ("I", "NHÓM"),
            ("1.", "Mục"),
            ("a)", "Mục con"),
            ("-", "Việc gạch", LEAD, "", TIME),
            ("-", "Việc gạch hai", LEAD, "", TIME),
            ("b)", "Việc b", LEAD, "", TIME),
            ("2.", "Việc hai", LEAD, "", TIME),
        ),
        [
            (5, "group", "1", ""),
            (6, "heading", "1.1", "1"),
            (7, "heading", "1.1.a", "1.1"),
            (8, "task", "1.1.a.1", "1.1.a"),
            (9, "task", "1.1.a.2", "1.1.a"),
            (10, "task", "1.1.b", "1.1"),
            (11, "task", "1.2", "1"),
        ],
    ),
    "the older flat layout: numbered groups without agencies, dotted tasks": (
        rows(("1", "NHÓM"), ("1.1", "Việc", LEAD, "", TIME), ("2", "NHÓM HAI"), ("2.1", "Việc", LEAD, "", TIME)),
        [(5, "group", "1", ""), (6, "task", "1.1", "1"), (7, "group", "2", ""), (8, "task", "2.1", "2")],
    ),
    "a group row merged across the whole row, its numeral inside": (
        rows(("II. THỂ CHẾ", ""), ("1", "Việc", LEAD, "", TIME)),
        [(5, "group", "2", ""), (6, "task", "2.1", "2")],
    ),
    "a header row repeated on the next page is skipped": (
        rows(
            ("I", "NHÓM"),
            ("1.", "Việc", LEAD, "", TIME),
            ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"),
            ("(1)", "(2)", "(3)", "(4)", "(5)", "(6)"),
            ("2.", "Việc hai", LEAD, "", TIME),
        ),
        [(5, "group", "1", ""), (6, "task", "1.1", "1"), (9, "task", "1.2", "1")],
    ),
}


@pytest.mark.parametrize("case", OUTLINES)
def test_the_outline_gives_each_row_its_role_number_and_parent(case):
    table, expected = OUTLINES[case]
    assert shape(outline(table)) == expected


def test_details_are_added_to_their_tasks_content():
    nodes = outline(rows(("I", "N"), ("1.", "Việc", LEAD, "", TIME), ("-", "chi tiết"), ("+", "nhỏ hơn")))
    assert nodes[1].values["content"] == "Việc\n- chi tiết\n+ nhỏ hơn"


def test_a_heading_passes_its_lead_coordinating_agencies_and_timeframe_to_rows_that_leave_them_empty():
    nodes = outline(
        rows(
            ("I", "N"),
            ("1.", "Tuyên truyền", "Sở TT&TT", "Liên minh HTX", ""),
            ("a)", "Chuyên mục", "", "", "Hằng năm, trước 15/12"),
            ("b)", "Tài liệu", "Liên minh HTX", "Sở Tư pháp", "Quý I/2021"),
        )
    )
    heading, first, second = nodes[1:]
    assert heading.role == "heading"
    assert (first.values["lead"], first.values["coordinating"], first.inherited) == (
        "Sở TT&TT",
        "Liên minh HTX",
        {"lead", "coordinating"},
    )
    assert (second.values["lead"], second.values["coordinating"], second.inherited) == ("Liên minh HTX", "Sở Tư pháp", set())
    assert first.heading is heading and second.heading is heading


def test_a_group_rows_timeframe_passes_to_its_tasks():
    nodes = outline(rows(("I", "N", "", "", "Thường xuyên"), ("1.", "Việc", LEAD)))
    assert (nodes[1].role, nodes[1].values["timeframe"], nodes[1].inherited) == ("task", "Thường xuyên", {"timeframe"})


def test_a_row_broken_by_a_page_joins_the_row_above_column_by_column():
    nodes = outline(
        rows(
            ("I", "N"),
            ("1.", "Kiện toàn bộ phận quản lý", "", "Sở Nội vụ", ""),
            ("", "nhà nước về kinh tế tập thể", "UBND các huyện, thị xã, thành phố", "", "Năm 2021"),
            ("2.", "Việc hai", LEAD, "", TIME),
        )
    )
    assert shape(nodes) == [(5, "group", "1", ""), (6, "task", "1.1", "1"), (8, "task", "1.2", "1")]
    assert nodes[1].values == {
        "number": "1.",
        "content": "Kiện toàn bộ phận quản lý nhà nước về kinh tế tập thể",
        "lead": "UBND các huyện, thị xã, thành phố",
        "coordinating": "Sở Nội vụ",
        "timeframe": "Năm 2021",
        "output": "",
    }


def test_a_whole_task_without_its_number_is_refused_not_joined():
    nodes = outline(rows(("I", "N"), ("1.", "Việc", LEAD, "", TIME), ("", "Việc khác", LEAD, "", TIME)))
    assert nodes[2].errors == [("number", "Chưa ghi số thứ tự nhiệm vụ.")]
    assert nodes[1].values["content"] == "Việc"


def test_a_lone_item_without_agency_or_timeframe_is_a_task_that_will_ask_for_them():
    nodes = outline(rows(("I", "N"), ("1.", "Việc chưa phân công")))
    assert (nodes[1].role, nodes[1].number) == ("task", "1.1")
