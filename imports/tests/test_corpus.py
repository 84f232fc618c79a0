"""Every file of the realistic corpus (imports/tests/corpus) imports with its expected outcome,
row by row, through the command and through the pages; a second import changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from imports.models import ImportBatch, RowAction
from imports.tests.corpus.build import GENERATORS, CorpusFile, World
from registry.models import AnnualReport, Member, Organization
from registry.tests.factories import OrganizationFactory

MODELS = {"annual_reports": AnnualReport, "members": Member, "organizations": Organization}


@pytest.fixture(autouse=True)
def synchronous(settings):
    settings.HOPTAC_IMPORT_BACKGROUND = False


@pytest.fixture
def world(personas) -> World:
    zero = OrganizationFactory(
        name="Hợp tác xã Điện An",
        registration_code="0401234567",
        commune=personas.geo.commune_a,
        legacy_commune=personas.geo.legacy_commune_a2,
        province=personas.geo.province,
    )
    return World(organization=personas.organization, other=personas.other_organization, zero_code=zero)


def _record(corpus: CorpusFile, values: dict, geo):
    """The record an expected row describes, found by what identifies it."""
    model = MODELS[corpus.kind]
    if corpus.kind == "annual_reports" and "organization_name" in values:  # created with its report
        return model.objects.get(organization__name=values["organization_name"], year=values["year"])
    if corpus.kind == "annual_reports":
        return model.objects.get(organization_id=values["organization_id"], year=values["year"])
    if corpus.kind == "members":
        return model.objects.get(organization_id=values["organization_id"], name=values["name"])
    commune = getattr(geo, values["commune_id"])
    return model.objects.get(name=values["name"], commune=commune)


def _assert_outcome(corpus: CorpusFile, batch: ImportBatch, geo, *, again: bool) -> None:
    assert batch.status in ("ready", "committed"), batch.message
    creates = [row for row in corpus.rows if row.action == "create"]
    rejects = [row for row in corpus.rows if row.action == "reject"]
    unchanged = [row for row in corpus.rows if row.action == "unchanged"]
    expected_counts = (
        (0, 0, len(creates) + len(unchanged), len(rejects))
        if again
        else (
            len(creates),
            0,
            len(unchanged),
            len(rejects),
        )
    )
    counts = (batch.created_count, batch.updated_count, batch.unchanged_count, batch.rejected_count)
    assert counts == expected_counts, (corpus.name, counts, list(batch.rows.values_list("row_number", "errors")))
    for expected in rejects:
        row = batch.rows.get(row_number=expected.row, action=RowAction.REJECT)
        assert expected.reason in row.reason, (corpus.name, row.reason)
    for expected in creates:
        record = _record(corpus, expected.values, geo)
        for name, value in expected.values.items():
            if name == "organization_name":
                assert record.organization.name == value, (corpus.name, expected.row)
                continue
            if name == "commune_id":
                value = getattr(geo, value).pk
            assert getattr(record, name) == value, (corpus.name, expected.row, name)
    for fragment in corpus.notices:
        assert any(fragment in notice for notice in batch.notices), (corpus.name, fragment, batch.notices)


def _snapshot(kind: str) -> list:
    return list(MODELS[kind].objects.order_by("pk").values())


@pytest.mark.django_db
@pytest.mark.parametrize("generator", GENERATORS, ids=lambda g: g.__name__)
def test_each_corpus_file_imports_through_the_command_twice_without_naming_its_kind(generator, world, personas, tmp_path):
    corpus = generator(world)
    path = tmp_path / corpus.name
    path.write_bytes(corpus.content)
    before = MODELS[corpus.kind].objects.count()
    flags = ["--create-missing"] if corpus.create_missing else []
    call_command("import_workbook", str(path), "--user", "tinh", "--commit-valid", *flags, verbosity=0)
    batch = ImportBatch.objects.latest("pk")
    assert batch.kind == corpus.kind
    _assert_outcome(corpus, batch, personas.geo, again=False)
    created = len([row for row in corpus.rows if row.action == "create"])
    assert MODELS[corpus.kind].objects.count() == before + created
    state = _snapshot(corpus.kind)
    call_command("import_workbook", str(path), "--user", "tinh", "--commit-valid", *flags, verbosity=0)
    _assert_outcome(corpus, ImportBatch.objects.latest("pk"), personas.geo, again=True)
    assert _snapshot(corpus.kind) == state


@pytest.mark.django_db
@pytest.mark.parametrize("generator", GENERATORS, ids=lambda g: g.__name__)
def test_each_corpus_file_imports_through_the_pages_twice(generator, world, personas, client_for):
    corpus = generator(world)
    client = client_for(personas.province_officer)
    state = None
    for again in (False, True):
        upload = SimpleUploadedFile(corpus.name, corpus.content)
        response = client.post(reverse("imports:batch_list"), {"kind": corpus.kind, "file": upload})
        assert response.status_code == 302
        batch = ImportBatch.objects.latest("pk")
        preview = client.get(reverse("imports:batch_detail", args=[batch.pk]))
        assert preview.status_code == 200
        missing = batch.options.get("organizations_missing")
        if corpus.create_missing and missing:
            assert f"Tạo mới {missing} tổ chức" in preview.content.decode()
            client.post(reverse("imports:batch_create_missing", args=[batch.pk]))  # the person confirms
            batch.refresh_from_db()
            assert (batch.options["organizations_new"], batch.options["organizations_missing"]) == (missing, 0)
        client.post(reverse("imports:batch_commit", args=[batch.pk]), {"valid_only": "on"})
        batch.refresh_from_db()
        _assert_outcome(corpus, batch, personas.geo, again=again)
        if again:
            assert _snapshot(corpus.kind) == state
        state = _snapshot(corpus.kind)
