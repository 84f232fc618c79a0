import pytest
from django.core.management import CommandError, call_command

from imports.tests.helpers import REPORT_HEADER, xlsx
from registry.models import AnnualReport


@pytest.mark.django_db
def test_the_command_imports_with_dry_run_and_commit_valid(personas, tmp_path, capsys):
    path = tmp_path / "bc.xlsx"
    path.write_bytes(
        xlsx(
            {
                "S": [
                    REPORT_HEADER,
                    [1, personas.organization.registration_code, "", "", 2024, 10, 2, 1],
                    [2, "1", "", "", 2024, 1, 1, 1],
                ]
            }
        )
    )
    call_command("import_workbook", str(path), "--kind", "annual_reports", "--user", "quantri", "--dry-run")
    assert not AnnualReport.objects.exists()
    assert "1 tạo mới" in capsys.readouterr().out
    with pytest.raises(CommandError, match="bị từ chối"):
        call_command("import_workbook", str(path), "--kind", "annual_reports", "--user", "quantri")
    assert not AnnualReport.objects.exists()
    call_command("import_workbook", str(path), "--kind", "annual_reports", "--user", "quantri", "--commit-valid")
    assert AnnualReport.objects.count() == 1
    call_command("import_workbook", str(path), "--kind", "annual_reports", "--user", "quantri", "--commit-valid")
    assert AnnualReport.objects.count() == 1 and "1 không đổi" in capsys.readouterr().out
