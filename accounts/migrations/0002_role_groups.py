"""Create one Django group per role (core.roles.Role)."""

from django.db import migrations

ROLES = ["admin", "province_officer", "department_officer", "commune_officer", "alliance_officer", "cooperative", "leader"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
