"""Import a workbook from the command line: the same pipeline as the page, with a progress bar.

manage.py import_workbook FILE [--kind annual_reports] [--year 2024] [--program ID] [--agency "TÊN=ID[,ID…]"]...
    [--user NAME] [--create-missing] [--dry-run] [--commit-valid]

Without --kind, the kind whose columns the file's header matches best is taken (and said); a
decision (.docx, .pdf) is a program's task table. Every kind goes through the same pipeline,
the kinds of other apps too (imports.foreign: support records and activities, program tasks);
for program_tasks, --program names the program, and without it the commit creates the program
the decision's header describes, and --agency answers what the preview asks about the agencies the
table names (the dry run lists those questions).
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from imports import services
from imports.documents import document_format
from imports.foreign import detect_foreign_kind
from imports.kinds import foreign_kind
from imports.models import BatchStatus, RowAction
from imports.reader import FileRefused, read_workbook
from imports.selectors import organizations_to_create
from imports.specs import ImportKind
from imports.staging import GUESSED_FROM_NAME, detect_kind


class Command(BaseCommand):
    help = "Nhập một bảng tính (XLSX, XLS, ODS, CSV) vào sổ đăng ký: đọc, kiểm tra, xem trước rồi ghi."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--kind",
            choices=[kind.value for kind in ImportKind],
            help="Loại dữ liệu; bỏ trống để tự nhận ra theo dòng tiêu đề.",
        )
        parser.add_argument("--year", type=int, help="Năm báo cáo của các trang không ghi năm (trong tiêu đề hay cột Năm).")
        parser.add_argument(
            "--program", type=int, help="program_tasks: mã (id) chương trình; bỏ trống để tạo chương trình mới theo quyết định."
        )
        parser.add_argument(
            "--agency",
            action="append",
            default=[],
            metavar="TÊN=ID",
            help="program_tasks: cơ quan mà bảng ghi bằng TÊN là cơ quan có mã (id) ID, như khi trả lời trên trang xem trước "
            '("27:TÊN=ID": chỉ cho dòng 27); nhóm "… liên quan" là các cơ quan ID,ID,…; lặp lại cho mỗi tên. '
            "Chạy thử để xem các câu hỏi.",
        )
        parser.add_argument("--user", help="Tên đăng nhập của người nhập (mặc định: quản trị viên đầu tiên).")
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Tạo mới các tổ chức mà bảng báo cáo ghi nhưng sổ đăng ký chưa có (cùng lô với báo cáo của chúng).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra và in kết quả xem trước; không ghi gì.")
        parser.add_argument("--commit-valid", action="store_true", help="Ghi các dòng hợp lệ, bỏ qua dòng bị từ chối.")

    def handle(
        self,
        *args,
        file: Path,
        kind=None,
        year=None,
        user=None,
        create_missing=False,
        dry_run=False,
        commit_valid=False,
        **options,
    ):
        if not file.exists():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        actor = self._user(user)
        content = file.read_bytes()
        if kind is None:
            kind = ImportKind.PROGRAM_TASKS if document_format(content) or options.get("program") else None
            kind = kind or self._detect(content, file.name, year)
        extra = self._options(kind, options)
        try:
            batch = services.batch_upload(
                actor=actor,
                kind=kind,
                content=content,
                file_name=file.name,
                year=year,
                options=extra,
                create_missing=create_missing,
            )
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        batch = self._process(batch, content, quiet=options.get("verbosity", 1) == 0)
        self._print_preview(batch)
        if dry_run:
            self.stdout.write("Chạy thử: không ghi gì.")
            return
        self._commit(actor, batch, valid_only=commit_valid)

    def _process(self, batch, content: bytes, *, quiet: bool):
        """Stage the batch with a progress bar (reading, then checking); a refused file ends here."""
        bar = tqdm(total=0, unit=" dòng", desc="Đọc", disable=quiet)

        def progress(*, read=None, validated=None, total=None):
            if total:
                bar.total = total
                bar.set_description("Kiểm tra")
                bar.n = 0
            if read is not None and not bar.total:
                bar.n = read
            if validated is not None:
                bar.n = validated
            bar.refresh()

        batch = services.batch_process(batch=batch, content=content, progress=progress)
        bar.n = bar.total or bar.n
        bar.close()
        if batch.status != BatchStatus.READY:
            raise CommandError(batch.message)
        return batch

    def _print_preview(self, batch) -> None:
        """What the preview page shows: counts, refused and doubtful rows, notices, open questions."""
        self.stdout.write(
            f"Lô #{batch.pk}: {batch.created_count} tạo mới, {batch.updated_count} cập nhật, "
            f"{batch.unchanged_count} không đổi, {batch.rejected_count} bị từ chối, {batch.review_count} nghi trùng."
        )
        if batch.options.get("organizations_new"):
            self.stdout.write(f"Tạo mới {batch.options['organizations_new']} tổ chức cùng với báo cáo của chúng.")
        if batch.options.get("organizations_guessed"):
            self.stdout.write(
                f"Lĩnh vực hoạt động của {batch.options['organizations_guessed']} tổ chức được đoán từ tên "
                "(kiểm tra, sửa nếu cần trên trang xem trước của lô trước khi ghi):"
            )
            for organization in organizations_to_create(batch=batch):
                if organization["guess"]:
                    how = "đoán từ tên" if organization["guess"] == GUESSED_FROM_NAME else "tên không cho biết, tạm ghi"
                    self.stdout.write(f"  ~ {organization['name']}: {organization['field_label']} ({how})")
        if batch.options.get("organizations_missing"):
            self.stdout.write(
                f"{batch.options['organizations_missing']} tổ chức chưa có trong sổ đăng ký: "
                "thêm --create-missing để tạo mới cùng lúc với báo cáo."
            )
        for row in batch.rows.filter(action__in=[RowAction.REJECT, RowAction.REVIEW])[:50]:
            message = row.reason or "; ".join(w["message"] for w in row.warnings)
            self.stdout.write(f"  {row.sheet}!{row.row_number}: {message}")
        for notice in batch.notices[:20]:
            self.stdout.write(f"  * {notice}")
        foreign = foreign_kind(batch.kind)
        for line in foreign.questions(batch) if foreign and foreign.questions else []:
            self.stdout.write(f"  ? {line}")

    def _commit(self, actor, batch, *, valid_only: bool) -> None:
        try:
            batch = services.batch_commit(actor=actor, batch=batch, valid_only=valid_only)
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        except services.ImportRefused as refusal:
            raise CommandError(" ".join(refusal.messages)) from refusal
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {batch.rows_written} dòng (lô #{batch.pk})."))

    def _options(self, kind: str, options: dict) -> dict:
        """What a task table takes with the file: the program, and the answers about agencies (an
        agency's id, or for a "… liên quan" group the list of the ids it stands for), kept as the
        preview keeps them (programs.agency_answers)."""
        if kind != ImportKind.PROGRAM_TASKS:
            return {}
        extra = {"program_id": options["program"]} if options.get("program") else {}
        choices = {}
        for answer in options.get("agency") or []:
            name, _sep, agency_ids = answer.rpartition("=")
            ids = [part.strip() for part in agency_ids.split(",")]
            if not name.strip() or not all(part.isdigit() for part in ids):
                raise CommandError(
                    f'--agency “{answer}”: cần dạng TÊN=ID, ví dụ "Sở LĐ-TB&XH=12", '
                    'hoặc TÊN=ID,ID cho nhóm, ví dụ "Các sở, ban, ngành liên quan=12,15".'
                )
            choices[name.strip()] = int(ids[0]) if len(ids) == 1 else sorted({int(part) for part in ids})
        if choices:
            extra["agency_choices"] = choices
        return extra

    def _detect(self, content: bytes, file_name: str, year) -> str:
        try:
            book = read_workbook(content, file_name)
            kind = detect_kind(book, file_name=file_name, year=year) or detect_foreign_kind(book)
        except FileRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        if kind is None:
            raise CommandError("Không nhận ra loại dữ liệu của tệp (không có dòng tiêu đề phù hợp); hãy ghi rõ --kind.")
        self.stdout.write(f"Loại dữ liệu: {ImportKind(kind).label} ({kind}).")
        return kind

    def _user(self, username):
        users = get_user_model().objects
        if username:
            try:
                return users.get(username=username)
            except users.model.DoesNotExist as error:
                raise CommandError(f"Không có tài khoản “{username}”.") from error
        admin = users.filter(is_superuser=True).order_by("pk").first()
        if admin is None:
            raise CommandError("Hãy chỉ rõ --user (chưa có tài khoản quản trị).")
        return admin
