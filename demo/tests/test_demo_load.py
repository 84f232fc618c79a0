"""`manage.py demo_load`: the one entry point that loads every part of the demo, in order."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from evaluation.models import Assessment
from programs.models import Program
from registry.models import Organization
from support.models import SupportRecord

pytestmark = pytest.mark.django_db


def test_it_loads_every_part_in_order_and_prints_the_logins():
    out = io.StringIO()
    call_command("demo_load", seed=11, scale=0.02, stdout=out)
    assert Organization.objects.exists() and Program.objects.exists()
    assert SupportRecord.objects.exists() and Assessment.objects.exists()
    assert User.objects.filter(username="htx", represented_organizations__isnull=False).exists()
    output = out.getvalue()
    assert output.index("tổ chức") < output.index("tên đăng nhập | mật khẩu")
    assert "http://127.0.0.1:8000/" in output


def test_a_second_run_with_if_empty_keeps_the_organizations_and_the_program():
    call_command("demo_load", seed=11, scale=0.02, stdout=io.StringIO())
    organizations = set(Organization.objects.values_list("pk", flat=True))
    programs = Program.objects.count()
    out = io.StringIO()
    call_command("demo_load", seed=11, scale=0.02, if_empty=True, address="http://may-chu:8000/", stdout=out)
    assert set(Organization.objects.values_list("pk", flat=True)) == organizations
    assert Program.objects.count() == programs
    assert "http://may-chu:8000/" in out.getvalue()
