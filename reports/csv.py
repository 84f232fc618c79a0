"""CSV for Excel users: UTF-8 with a byte-order mark, so Excel opens Vietnamese text correctly."""

import csv
import io
from collections.abc import Iterable, Sequence

BOM = "\ufeff"


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue().encode("utf-8")
