from decimal import Decimal

from django.core.management import call_command

from indicators.catalogue import load_catalogue
from indicators.models import Accumulation, Indicator, Method, ScopeLevel, Target


def test_the_migration_loads_the_catalogue_and_national_targets(db):
    assert Indicator.objects.filter(code="htx_total", computation="org_count", parameters={"kind": "htx"}).exists()
    assert Indicator.objects.get(code="trainings_held").method == Method.MANUAL
    target = Target.objects.get(indicator__code="htx_total", document="QĐ 1318/QĐ-TTg")
    assert (target.scope_level, target.year, target.value_min) == (ScopeLevel.COUNTRY, 2025, Decimal(35000))
    assert Target.objects.get(indicator__code="htx_total", document="NQ 20-NQ/TW").year == 2030


def test_provincial_targets_load_once_the_legacy_province_exists_and_reloading_changes_nothing(geo):
    assert not Target.objects.filter(document="QĐ 2735/QĐ-UBND").exists()
    first = load_catalogue()
    target = Target.objects.get(indicator__code="htx_new", document="QĐ 2735/QĐ-UBND")
    assert target.scope_unit == geo.legacy_province
    assert (target.value_min, target.value_max, target.accumulation) == (Decimal(200), Decimal(250), Accumulation.CUMULATIVE)
    assert target.value_label == "200–250"
    assert first.targets_created > 0 and not first.skipped
    counts = (Indicator.objects.count(), Target.objects.count(), Target.history.count())
    second = load_catalogue()
    assert (second.indicators_created, second.indicators_updated, second.targets_created, second.targets_updated) == (0, 0, 0, 0)
    assert (Indicator.objects.count(), Target.objects.count(), Target.history.count()) == counts


def test_the_command_reports_targets_it_cannot_place_yet(db, capsys):
    call_command("indicators_load")
    assert "QĐ 2735/QĐ-UBND" in capsys.readouterr().out


def test_reloading_keeps_what_an_officer_changed_or_deleted_in_seeded_targets(personas):
    from indicators.targets.services import target_delete, target_save

    edited = Target.objects.get(indicator__code="htx_total", document="QĐ 1318/QĐ-TTg")
    edited.value_min = Decimal(36000)
    target_save(user=personas.admin, target=edited)
    deleted = Target.objects.get(indicator__code="htx_total", document="NQ 20-NQ/TW")
    key = {"indicator": deleted.indicator, "year": deleted.year, "document": deleted.document}
    target_delete(user=personas.admin, target=deleted)

    result = load_catalogue()

    assert Target.objects.get(pk=edited.pk).value_min == Decimal(36000)
    assert not Target.objects.filter(**key).exists()
    assert result.targets_kept == 2 and result.targets_updated == 0  # (created: the province plan, now placeable)
