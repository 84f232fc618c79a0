"""The timeframe cell, case by case: each pattern of programs.timeframes with what it reads."""

import datetime as dt

import pytest

from programs.models import Program
from programs.task_table import parse_timeframe
from programs.timeframes import read_timeframe

D = dt.date

CASES = [
    # (cell, schedule, deadline, due_month, due_day)
    ("Quý I/2022", "once", D(2022, 3, 31), None, None),
    ("Quý II/2021", "once", D(2021, 6, 30), None, None),
    ("quý 3 năm 2023", "once", D(2023, 9, 30), None, None),
    ("Quý IV/ 2021", "once", D(2021, 12, 31), None, None),  # a PDF's line break after "/"
    ("Trước 30/6/2022", "once", D(2022, 6, 30), None, None),
    ("Trước ngày 30 tháng 6 năm 2022", "once", D(2022, 6, 30), None, None),
    ("Chậm nhất ngày 15-10-2021", "once", D(2021, 10, 15), None, None),
    ("Tháng 6/2022", "once", D(2022, 6, 30), None, None),
    ("Tháng 2 năm 2024", "once", D(2024, 2, 29), None, None),
    ("6 tháng đầu năm 2023", "once", D(2023, 6, 30), None, None),
    ("6 tháng cuối năm 2023", "once", D(2023, 12, 31), None, None),
    ("Năm 2022", "once", D(2022, 12, 31), None, None),
    ("Trong năm 2022", "once", D(2022, 12, 31), None, None),
    ("2021 - 2025", "once", D(2025, 12, 31), None, None),
    ("Giai đoạn 2021-2025", "once", D(2025, 12, 31), None, None),
    ("2021 – 2025", "once", D(2025, 12, 31), None, None),
    ("Hằng năm, trước 15/12", "yearly", None, 12, 15),
    ("Hàng năm trước ngày 15 tháng 12", "yearly", None, 12, 15),
    ("Định kỳ hằng năm, trước ngày 20/11", "yearly", None, 11, 20),
    ("Quý I hằng năm", "yearly", None, 3, 31),
    ("Hằng quý, trước ngày 20", "quarterly", None, None, 20),
    ("Thường xuyên", "ongoing", None, None, None),
    ("Thường xuyên, báo cáo trước 15/12", "ongoing", None, 12, 15),
    ("Năm 2021 và các năm tiếp theo", "ongoing", None, None, None),
    ("Từ năm 2021", "ongoing", None, None, None),
]


@pytest.mark.parametrize(("text", "schedule", "deadline", "due_month", "due_day"), CASES)
def test_each_pattern_reads_its_timeframe(text, schedule, deadline, due_month, due_day):
    timeframe = read_timeframe(text)
    assert (timeframe.schedule, timeframe.deadline, timeframe.due_month, timeframe.due_day) == (
        schedule,
        deadline,
        due_month,
        due_day,
    )


ERRORS = [
    ("", "Chưa ghi thời gian thực hiện"),
    ("Hằng năm", "phải ghi ngày đến hạn"),
    ("Định kỳ hằng năm", "phải ghi ngày đến hạn"),
    ("Hằng quý", "phải ghi ngày đến hạn"),
    ("Hằng tháng", "chưa theo dõi nhiệm vụ hằng tháng"),
    ("Hằng năm, trước 31/2", "Không hiểu thời gian thực hiện"),
    ("31/2/2022", "Không hiểu thời gian thực hiện “31/2/2022”"),
    ("Sớm nhất có thể", "Không hiểu thời gian thực hiện"),
]


@pytest.mark.parametrize(("text", "message"), ERRORS)
def test_what_cannot_be_tracked_says_how_to_write_it(text, message):
    with pytest.raises(ValueError, match=message):
        read_timeframe(text)


def test_ongoing_work_without_its_own_day_is_due_with_the_programs_annual_report():
    program = Program(report_due_month=11, report_due_day=30)
    assert parse_timeframe("Thường xuyên", program=program) == {
        "schedule": "ongoing",
        "deadline": "",
        "due_month": 11,
        "due_day": 30,
    }
    assert parse_timeframe("Thường xuyên", program=None)["due_month"] == 12  # the model's default
    assert parse_timeframe("Quý I/2022", program=program)["deadline"] == "2022-03-31"
