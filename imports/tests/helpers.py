"""Workbooks for tests, built the way people build them (title blocks, merged headers, totals)."""

import io

import xlsxwriter


def xlsx(rows_by_sheet: dict, *, merged=None, hidden=(), formulas=None) -> bytes:
    """rows_by_sheet: {"Sheet": [[cell, ...], ...]}; merged: {"Sheet": [(r1, c1, r2, c2, value)]}."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for name, rows in rows_by_sheet.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                sheet.write(r, c, value)
        for r1, c1, r2, c2, value in (merged or {}).get(name, []):
            sheet.merge_range(r1, c1, r2, c2, value)
        for r, c, formula, cached in (formulas or {}).get(name, []):
            sheet.write_formula(r, c, formula, None, cached)
        if name in hidden:
            sheet.hide()
    book.close()
    return buffer.getvalue()


REPORT_HEADER = [
    "STT",
    "Mã số HTX",
    "Tên HTX",
    "Xã, phường",
    "Năm",
    "Thành viên chính thức",
    "Lao động thường xuyên",
    "Doanh thu (triệu đồng)",
]
