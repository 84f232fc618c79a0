"""CSV for Excel users: UTF-8 with a byte-order mark, so Excel opens Vietnamese text correctly; every
string through reports.cells.neutral_text, so none opens as a formula."""

import csv
import io
from collections.abc import Iterable, Sequence

from reports.cells import neutral_text

BOM = "\ufeff"


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_cell(str(header)) for header in headers])
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def _cell(value):
    if value is None:
        return ""
    return neutral_text(value) if isinstance(value, str) else value
