import pytest

from registry.models import Status, StatusEvent
from support.tests.factories import SupportPolicyFactory


@pytest.fixture
def policy(db):
    return SupportPolicyFactory(code="qnam-dao-tao", name="Hỗ trợ đào tạo (Quảng Nam)")


@pytest.fixture
def dissolved(personas):
    """personas.other_organization (commune B) dissolved on 01/03/2023."""
    import datetime as dt

    from registry.services import organization_refresh_status

    org = personas.other_organization
    StatusEvent.objects.create(organization=org, status=Status.DISSOLVED, effective_on=dt.date(2023, 3, 1))
    organization_refresh_status(organization=org)
    return org


@pytest.fixture
def pipeline(settings, tmp_path):
    """The import pipeline as the pages run it, processing at once (no worker) and keeping the
    uploaded files under a temporary MEDIA_ROOT."""
    settings.HOPTAC_IMPORT_BACKGROUND = False
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
