"""Open what people send (XLSX, XLS, ODS, CSV) into plain rows, refusing what is not safe to read.

The checks run before any parsing: size on disk, declared uncompressed size of the zip parts
(zip bombs), encryption, file type by content (not by name). python-calamine then reads the
cached values of every cell. Cells holding a formula without a cached value come back empty from
calamine, so for XLSX they are found by scanning the sheet XML (only the sheets that contain
formulas at all, and only when asked: a sheet whose data cells are all filled cannot hold one, and
the scan decompresses the sheet again); for XLS and ODS that check is not possible and such cells
read as empty.
"""

import csv
import io
import re
import struct
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from core.numbers import format_number
from imports import extent as extents

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
SPREADSHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


class FileRefused(Exception):
    """The file as a whole cannot be imported; the message says why, in Vietnamese."""


@dataclass
class RawSheet:
    name: str
    rows: list[list]
    hidden: bool = False
    merged: list = field(default_factory=list)  # [((row, col), (row, col)), ...] zero-based, inclusive
    #: Finds the formula cells without a cached value (XLSX); see `uncached_formulas`.
    formula_scan: Callable[[], set] | None = None

    @cached_property
    def uncached_formulas(self) -> set:
        """(row, col) zero-based of formula cells that have no cached value (they read as empty)."""
        return self.formula_scan() if self.formula_scan is not None else set()


@dataclass
class RawWorkbook:
    format: str  # xlsx | xls | ods | csv
    sheets: list[RawSheet]

    @property
    def row_count(self) -> int:
        return sum(len(sheet.rows) for sheet in self.sheets)


def sniff_format(data: bytes, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if not data:
        raise FileRefused(_("Tệp rỗng: không có dữ liệu để nhập."))
    if len(data) > settings.HOPTAC_IMPORT_MAX_BYTES:
        raise FileRefused(
            _("Tệp quá lớn (%(size)s MB); giới hạn là %(limit)s MB.")
            % {"size": len(data) // 2**20, "limit": settings.HOPTAC_IMPORT_MAX_BYTES // 2**20}
        )
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_MARK in data:
            raise FileRefused(_("Bảng tính được đặt mật khẩu. Hãy bỏ mật khẩu rồi gửi lại."))
        return "xls"
    if data.startswith(ZIP_MAGIC):
        return _sniff_zip(data)
    if extension in {"csv", "txt"}:
        return "csv"
    raise FileRefused(_("Tệp “%(name)s” không phải là bảng tính (XLSX, XLS, ODS hoặc CSV).") % {"name": filename})


def _sniff_zip(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise FileRefused(_("Bảng tính bị hỏng, không mở được.")) from error
    declared = sum(info.file_size for info in infos)
    if declared > settings.HOPTAC_IMPORT_MAX_UNCOMPRESSED_BYTES:
        raise FileRefused(
            _("Bảng tính khi giải nén quá lớn (%(size)s MB; giới hạn %(limit)s MB). Hãy chia nhỏ tệp.")
            % {"size": declared // 2**20, "limit": settings.HOPTAC_IMPORT_MAX_UNCOMPRESSED_BYTES // 2**20}
        )
    names = {info.filename for info in infos}
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names and "mimetype" in names:
        return "ods"
    raise FileRefused(_("Tệp nén này không phải là bảng tính XLSX hoặc ODS."))


def read_workbook(data: bytes, filename: str) -> RawWorkbook:
    kind = sniff_format(data, filename)
    if kind == "csv":
        book = RawWorkbook("csv", [RawSheet(filename.rsplit(".", 1)[0][:31] or "CSV", _read_csv(data))])
    else:
        book = RawWorkbook(kind, _read_calamine(data, kind))
    if book.row_count > settings.HOPTAC_IMPORT_MAX_ROWS:
        raise FileRefused(
            _("Bảng tính có %(rows)s dòng, vượt giới hạn %(limit)s dòng. Hãy chia nhỏ tệp.")
            % {"rows": f"{book.row_count:,}".replace(",", "."), "limit": f"{settings.HOPTAC_IMPORT_MAX_ROWS:,}".replace(",", ".")}
        )
    if not any(any(cell not in ("", None) for cell in row) for sheet in book.sheets for row in sheet.rows):
        raise FileRefused(_("Bảng tính không có dữ liệu."))
    return book


def _read_calamine(data: bytes, kind: str) -> list[RawSheet]:
    row_budget = settings.HOPTAC_IMPORT_MAX_ROWS
    cell_budget = settings.HOPTAC_IMPORT_MAX_CELLS
    if kind != "xlsx":
        # calamine reads every sheet of an ODS or XLS file as it opens it: bound them all first.
        for name, extent in _measure(extents.ods_extents if kind == "ods" else extents.xls_extents, data).items():
            _refuse_beyond(name, extent, max_cells=cell_budget, max_rows=row_budget)
            cell_budget -= extent.cells
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        metadata = workbook.sheets_metadata
    except Exception as error:  # calamine raises its own error types, and PanicException
        if "password" in str(error).lower() or type(error).__name__ == "PasswordError":
            raise FileRefused(_("Bảng tính được đặt mật khẩu. Hãy bỏ mật khẩu rồi gửi lại.")) from error
        raise FileRefused(_("Bảng tính bị hỏng hoặc không đúng định dạng, không mở được.")) from error
    sheet_paths = _sheet_paths(data) if kind == "xlsx" else {}
    archive = zipfile.ZipFile(io.BytesIO(data)) if kind == "xlsx" else None
    sheets = []
    for meta in metadata:
        if "WorkSheet" not in str(meta.typ):
            continue  # chart sheets, macro sheets
        if archive is not None:
            # An XLSX sheet is read only when asked for: bound each one just before.
            if meta.name not in sheet_paths:
                raise FileRefused(_("Không đọc được trang “%(sheet)s”: bảng tính bị hỏng.") % {"sheet": meta.name})
            extent = _measure(extents.xlsx_extent, archive, sheet_paths[meta.name])
            _refuse_beyond(meta.name, extent, max_cells=cell_budget, max_rows=row_budget)
            cell_budget -= extent.cells
        try:
            sheet = workbook.get_sheet_by_name(meta.name)
            if sheet.height > row_budget:
                raise FileRefused(
                    _("Trang “%(sheet)s” có %(rows)s dòng, vượt giới hạn %(limit)s dòng. Hãy chia nhỏ tệp.")
                    % {"sheet": meta.name, "rows": sheet.height, "limit": settings.HOPTAC_IMPORT_MAX_ROWS}
                )
            rows = sheet.to_python(skip_empty_area=False)
            merged = list(sheet.merged_cell_ranges or [])
        except FileRefused:
            raise
        except Exception as error:
            raise FileRefused(_("Không đọc được trang “%(sheet)s”: bảng tính bị hỏng.") % {"sheet": meta.name}) from error
        row_budget -= len(rows)
        sheets.append(
            RawSheet(
                name=meta.name,
                rows=rows,
                hidden=meta.visible != SheetVisibleEnum.Visible,
                merged=merged,
                formula_scan=partial(_uncached_formulas, data, sheet_paths[meta.name]) if meta.name in sheet_paths else None,
            )
        )
    return sheets


def _measure(measure: Callable, *args):
    """Run one of imports.extent's measures with the configured limits; a file it cannot walk is corrupt."""
    try:
        return measure(*args, max_cells=settings.HOPTAC_IMPORT_MAX_CELLS, max_rows=settings.HOPTAC_IMPORT_MAX_ROWS)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError, struct.error) as error:
        raise FileRefused(_("Bảng tính bị hỏng hoặc không đúng định dạng, không mở được.")) from error


def _refuse_beyond(name: str, extent: "extents.Extent", *, max_cells: int, max_rows: int) -> None:
    if extent.exceeds(max_cells=max_cells, max_rows=max_rows):
        raise FileRefused(
            _(
                "Trang “%(sheet)s” trải trên vùng A1:%(corner)s (%(cells)s ô, tính cả ô trống đến ô có dữ liệu xa nhất), "
                "vượt giới hạn %(limit)s ô hoặc %(rows)s dòng. Hãy xóa các ô thừa ở xa vùng dữ liệu, hoặc chia nhỏ tệp, rồi gửi lại."
            )
            % {
                "sheet": name,
                "corner": extent.corner,
                "cells": format_number(extent.cells),
                "limit": format_number(max_cells),
                "rows": format_number(max_rows),
            }
        )


_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _sheet_paths(data: bytes) -> dict[str, str]:
    """Per sheet name, the path of its XML in the archive."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    paths = {}
    for sheet in book.iter(f"{SPREADSHEET_NS}sheet"):
        target = targets.get(sheet.get(f"{REL_NS}id"), "")
        paths[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return paths


def _uncached_formulas(data: bytes, path: str) -> set:
    """The cells of the sheet at `path` whose formula has no cached value (never calculated by Excel)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    try:
        with archive.open(path) as stream:
            if not _contains_formula(stream):
                return set()  # the common case: no formulas, no XML parsing
        with archive.open(path) as stream:
            return _scan_formulas(stream)
    except KeyError:
        return set()


def _contains_formula(stream) -> bool:
    tail = b""
    while chunk := stream.read(1 << 20):
        window = tail + chunk
        if b"<f>" in window or b"<f " in window or b"<x:f" in window:
            return True
        tail = chunk[-8:]
    return False


def _scan_formulas(stream) -> set:
    cells = set()
    for _event, element in ElementTree.iterparse(stream):
        if element.tag != f"{SPREADSHEET_NS}c":
            continue
        formula = element.find(f"{SPREADSHEET_NS}f")
        if formula is not None:
            value = element.find(f"{SPREADSHEET_NS}v")
            inline = element.find(f"{SPREADSHEET_NS}is")
            if (value is None or value.text in (None, "")) and inline is None:
                match = _CELL_REF.match(element.get("r", ""))
                if match:
                    cells.add((int(match.group(2)) - 1, _column_index(match.group(1))))
        element.clear()
    return cells


VIETNAMESE_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ") | {chr(code) for code in (0x300, 0x301, 0x303, 0x309, 0x323)}


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; then Windows-1258 (Vietnamese) or Windows-1252; else refuse."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1258", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "cp1252" or VIETNAMESE_LETTERS & set(text):
            return nfc_lines(text)
    raise FileRefused(
        _("Không nhận ra bảng mã của tệp CSV. Hãy lưu lại bằng Excel với kiểu “CSV UTF-8 (Comma delimited)” rồi gửi lại.")
    )


def nfc_lines(text: str) -> str:
    # cp1258 writes tone marks as combining characters; NFC joins them to the letters.
    return unicodedata.normalize("NFC", text)


def _read_csv(data: bytes) -> list[list]:
    text = decode_csv(data)
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    # Counted before parsing: a file of 50 MB of separators would otherwise become 50 million cells.
    lines = text.count("\n") + 1
    if lines > settings.HOPTAC_IMPORT_MAX_ROWS or lines + text.count(delimiter) > settings.HOPTAC_IMPORT_MAX_CELLS:
        raise FileRefused(
            _("Tệp CSV có %(rows)s dòng, %(cells)s ô, vượt giới hạn %(max_rows)s dòng hoặc %(max_cells)s ô. Hãy chia nhỏ tệp.")
            % {
                "rows": format_number(lines),
                "cells": format_number(lines + text.count(delimiter)),
                "max_rows": format_number(settings.HOPTAC_IMPORT_MAX_ROWS),
                "max_cells": format_number(settings.HOPTAC_IMPORT_MAX_CELLS),
            }
        )
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
