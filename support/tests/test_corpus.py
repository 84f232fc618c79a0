"""The support lists of the realistic corpus (imports/tests/corpus) import with their expected
outcome, row by row, through the command and through the pages; a second import changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from imports.models import ImportBatch, RowAction
from imports.tests.corpus.build import SUPPORT_GENERATORS, CorpusFile, World
from registry.tests.factories import OrganizationFactory
from support.models import SupportRecord
from support.tests.factories import SupportPolicyFactory

pytestmark = pytest.mark.usefixtures("pipeline")


@pytest.fixture
def world(personas) -> World:
    zero = OrganizationFactory(
        name="Hợp tác xã Điện An",
        registration_code="0401234567",
        commune=personas.geo.commune_a,
        legacy_commune=personas.geo.legacy_commune_a2,
        province=personas.geo.province,
    )
    training = SupportPolicyFactory(code="qnam-nq25-dao-tao", name="Hỗ trợ đào tạo, bồi dưỡng nguồn nhân lực HTX")
    trade = SupportPolicyFactory(code="qnam-nq25-xttm", name="Hỗ trợ xúc tiến thương mại, mở rộng thị trường")
    return World(
        organization=personas.organization,
        other=personas.other_organization,
        zero_code=zero,
        policies=(training.name, trade.name),
    )


def _assert_outcome(corpus: CorpusFile, batch: ImportBatch, author, *, again: bool) -> None:
    assert batch.status in ("ready", "committed"), batch.message
    assert batch.kind == corpus.kind
    creates = [row for row in corpus.rows if row.action == "create"]
    rejects = [row for row in corpus.rows if row.action == "reject"]
    expected = (0, 0, len(creates), len(rejects)) if again else (len(creates), 0, 0, len(rejects))
    counts = (batch.created_count, batch.updated_count, batch.unchanged_count, batch.rejected_count)
    assert counts == expected, (corpus.name, counts, list(batch.rows.values_list("row_number", "errors")))
    for row in rejects:
        assert row.reason in batch.rows.get(row_number=row.row, action=RowAction.REJECT).reason
    for row in creates:
        values = row.values
        record = SupportRecord.objects.get(
            organization_id=values["organization_id"], policy__name=values["policy_name"], supported_on=values["supported_on"]
        )
        found = {name: getattr(record, name) for name in ("amount", "content", "decision_ref")}
        assert found == {name: values[name] for name in found}, (corpus.name, row.row)
        assert record.agency == author.agency
        if not again:
            assert batch.rows.get(row_number=row.row).target_id == record.pk
    for fragment in corpus.notices:
        assert any(fragment in notice for notice in batch.notices), (corpus.name, fragment, batch.notices)


def _snapshot() -> list:
    return list(SupportRecord.objects.order_by("pk").values())


@pytest.mark.django_db
@pytest.mark.parametrize("generator", SUPPORT_GENERATORS, ids=lambda g: g.__name__)
def test_each_support_list_imports_through_the_command_twice_without_naming_its_kind(generator, world, personas, tmp_path):
    corpus = generator(world)
    path = tmp_path / corpus.name
    path.write_bytes(corpus.content)
    call_command("import_workbook", str(path), "--user", "tinh", "--commit-valid", verbosity=0)
    _assert_outcome(corpus, ImportBatch.objects.latest("pk"), personas.province_officer, again=False)
    assert SupportRecord.objects.count() == len([row for row in corpus.rows if row.action == "create"])
    state = _snapshot()
    call_command("import_workbook", str(path), "--user", "tinh", "--commit-valid", verbosity=0)
    _assert_outcome(corpus, ImportBatch.objects.latest("pk"), personas.province_officer, again=True)
    assert _snapshot() == state


@pytest.mark.django_db
@pytest.mark.parametrize("generator", SUPPORT_GENERATORS, ids=lambda g: g.__name__)
def test_each_support_list_imports_through_the_pages_twice(generator, world, personas, client_for):
    corpus = generator(world)
    client = client_for(personas.province_officer)
    state = None
    for again in (False, True):
        upload = SimpleUploadedFile(corpus.name, corpus.content)
        response = client.post(reverse("support:import"), {"kind": corpus.kind, "file": upload})
        batch = ImportBatch.objects.latest("pk")
        assert response["Location"] == reverse("imports:batch_detail", args=[batch.pk])
        preview = client.get(response["Location"]).content.decode()
        assert "Kinh phí hỗ trợ (triệu đồng) Tổng số" in preview  # the two-level header, read together
        client.post(reverse("imports:batch_commit", args=[batch.pk]), {"valid_only": "on"})
        batch.refresh_from_db()
        _assert_outcome(corpus, batch, personas.province_officer, again=again)
        if again:
            assert _snapshot() == state
        state = _snapshot()
