"""Reports whose fixed wording comes from a DOCX template (docxtpl) a province may replace.

Each report kind ships a template (`<app>/docx/<key>.docx`) holding its title, headings and the
sentences around the figures, with Jinja placeholders: `{{ year }}` for a value, `{{p table }}` on a
paragraph of its own for a block (a table, a list) the builder fills, `{{p closing }}` for the
"Nơi nhận" and signer block. The letterhead is put on top and `official.finalize` lays the whole
document out, so a replaced template changes wording only, never the NĐ 30 layout.

Apps register their kinds at start-up (`register`) with a sample for the preview; this module
knows no domain model.
"""

import datetime as dt
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from django.utils.translation import gettext as _
from docx import Document
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from reports import official
from reports.models import ReportTemplate

Block = Callable[[object], None]  # fills a container (a docxtpl sub-document) with layout blocks


@dataclass(frozen=True)
class Filling:
    """What a builder puts into its template."""

    header: official.OfficialHeader
    closing: official.Closing
    values: Mapping[str, object] = field(default_factory=dict)
    blocks: Mapping[str, Block] = field(default_factory=dict)


@dataclass(frozen=True)
class TemplateKind:
    key: str
    label: str
    shipped: Path
    #: The variables and blocks the template may use, with what each means (shown on the page).
    variables: Mapping[str, str]
    sample: Callable[[], Filling]


def table_block(headers, rows, *, numeric=(), empty: str = "") -> Block:
    """A block holding one table; with no rows, the sentence `empty` ("Không có." unless given)."""

    def fill(container) -> None:
        if rows:
            official.add_table(container, headers, rows, numeric=numeric)
        else:
            official.add_text(container, empty or _("Không có."))

    return fill


def sample_filling(values: Mapping[str, object], blocks: Mapping[str, Block], *, issuer="Sở Tài chính", symbol="STC") -> Filling:
    """A template preview: the kind's made-up figures inside a made-up letterhead and closing."""
    header = official.OfficialHeader(
        issuer=issuer,
        issuer_parent="UBND thành phố Đà Nẵng",
        number=official.report_number(symbol),
        place="Đà Nẵng",
        date=dt.date.today(),
    )
    closing = official.Closing(
        signer_title="Phó Giám đốc",
        on_behalf="KT. Giám đốc",
        signer_name="Nguyễn Văn A",
        recipients=("UBND thành phố (b/c)", "Lưu: VT"),
    )
    return Filling(header=header, closing=closing, values=values, blocks=blocks)


class TemplateError(ValueError):
    """The template cannot be rendered (syntax, unknown variable) or breaks the layout."""


_KINDS: dict[str, TemplateKind] = {}


def register(kind: TemplateKind) -> None:
    _KINDS[kind.key] = kind


def kinds() -> list[TemplateKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.label)


def kind(key: str) -> TemplateKind:
    return _KINDS[key]


def current(key: str) -> ReportTemplate | None:
    """The newest change of the key's template (None: never changed)."""
    return ReportTemplate.objects.filter(key=key).first()


def active_bytes(key: str) -> bytes:
    change = current(key)
    if change is not None and change.content is not None:
        return bytes(change.content)
    return kind(key).shipped.read_bytes()


def _environment() -> jinja2.Environment:
    # Sandboxed: an uploaded template is text from a user, so it may not reach Python internals
    # ("{{ ''.__class__ }}"). Strict: a misspelt placeholder is an error, not a silent blank.
    return SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)


def render(key: str, filling: Filling, *, template: bytes | None = None) -> bytes:
    """The finished DOCX: the template (the active one unless given) filled, letterhead on top,
    NĐ 30 layout over all of it."""
    source = DocxTemplate(io.BytesIO(template if template is not None else active_bytes(key)))
    context: dict[str, object] = dict(filling.values)
    blocks = {**filling.blocks, "closing": lambda container: official.add_closing(container, filling.closing)}
    for name, fill in blocks.items():
        subdocument = source.new_subdoc()
        fill(subdocument)
        context[name] = subdocument
    try:
        source.render(context, _environment(), autoescape=True)
    except jinja2.TemplateError as error:
        raise TemplateError(str(error)) from error
    buffer = io.BytesIO()
    source.save(buffer)
    document = Document(io.BytesIO(buffer.getvalue()))
    _letterhead_on_top(document, filling.header)
    official.finalize(document)
    return official.to_bytes(document)


def _letterhead_on_top(document, header: official.OfficialHeader) -> None:
    body = document.element.body
    before = len(body)
    official.letterhead(document, header)
    added = list(body)[before - 1 : -1]  # appended before the final sectPr
    first = body[0]
    for element in added:
        first.addprevious(element)


def check_uploaded(key: str, content: bytes) -> bytes:
    """The sample rendered with an uploaded template; TemplateError if it fails or drops the
    closing block."""
    try:
        rendered = render(key, kind(key).sample(), template=content)
    except TemplateError:
        raise
    except Exception as error:  # not a DOCX at all, or XML docxtpl cannot read
        raise TemplateError(str(error)) from error
    document = Document(io.BytesIO(rendered))
    text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    if "Nơi nhận:" not in text:
        raise TemplateError("{{p closing }}")
    return rendered
