"""The fixed cast every test picks from.

clerk_a   — 填报人 of 井龙街道办事处 (district 石峰区); the seed filing is theirs
clerk_b   — 填报人 of 响石岭街道办事处 (same district)
reviewer  — 审核人 of 石峰区财政局
other_reviewer — 审核人 of 荷塘区财政局 (another district)
admin_user — 管理员 of 石峰区
"""

import json
from pathlib import Path

import pytest
from django.http import HttpRequest
from django.test import Client

from budgets.demo.loader import SEED_PACKET
from budgets.models import Department, District
from budgets.roles import Role, set_role
from budgets.services.packets import create_filing_from_packet
from indicators.frameworks import sync_library
from indicators.models import Framework

REPO = Path(__file__).resolve().parent.parent
# The seed as the project received it, kept byte-exact in the repository (see tests/data/README.md).
SEED_TEXT = REPO / "tests" / "data" / "2021-jinglong-performance-targets.txt"


class AxesAwareClient(Client):
    """The test client whose login() passes a request, as django-axes' docs recommend for tests.

    Django's Client.login() calls authenticate() without one, which axes' backend refuses (it cannot
    throttle what it cannot place); a blank HttpRequest keeps axes on for every test.
    """

    def login(self, **credentials):
        credentials.setdefault("request", HttpRequest())
        return super().login(**credentials)


@pytest.fixture
def client():
    return AxesAwareClient()


@pytest.fixture
def frameworks(db):
    # Migrations load them, but TransactionTestCase-style flushes can empty the tables.
    sync_library()
    return {fw.code: fw for fw in Framework.objects.all()}


@pytest.fixture
def district(db):
    return District.objects.create(code="430204", name="株洲市石峰区", short_name="石峰区")


@pytest.fixture
def other_district(db):
    return District.objects.create(code="430202", name="株洲市荷塘区", short_name="荷塘区")


@pytest.fixture
def jinglong(district):
    return Department.objects.create(district=district, code="jinglong", name="井龙街道办事处", kind="street", order=2)


@pytest.fixture
def xiangshiling(district):
    return Department.objects.create(district=district, code="xiangshiling", name="响石岭街道办事处", kind="street", order=3)


@pytest.fixture
def finance_bureau(district):
    return Department.objects.create(district=district, code="shifeng-czj", name="石峰区财政局", kind="finance", order=1)


@pytest.fixture
def other_finance_bureau(other_district):
    return Department.objects.create(district=other_district, code="hetang-czj", name="荷塘区财政局", kind="finance")


def _user(django_user_model, username, department, role):
    user = django_user_model.objects.create_user(username=username, password="pw-" + username)
    set_role(user, department, role)
    return user


@pytest.fixture
def clerk_a(django_user_model, jinglong):
    return _user(django_user_model, "clerk_a", jinglong, Role.FILER)


@pytest.fixture
def clerk_b(django_user_model, xiangshiling):
    return _user(django_user_model, "clerk_b", xiangshiling, Role.FILER)


@pytest.fixture
def reviewer(django_user_model, finance_bureau):
    return _user(django_user_model, "reviewer", finance_bureau, Role.REVIEWER)


@pytest.fixture
def other_reviewer(django_user_model, other_finance_bureau):
    return _user(django_user_model, "other_reviewer", other_finance_bureau, Role.REVIEWER)


@pytest.fixture
def admin_user(django_user_model, finance_bureau):
    return _user(django_user_model, "admin_user", finance_bureau, Role.ADMIN)


@pytest.fixture
def seed_packet():
    return json.loads(SEED_PACKET.read_text(encoding="utf-8"))


@pytest.fixture
def seed_filing(frameworks, jinglong, seed_packet):
    """The 2021 井龙街道 filing, loaded the way load_demo loads it."""
    return create_filing_from_packet(seed_packet, department=jinglong)


@pytest.fixture
def cast(clerk_a, clerk_b, reviewer, other_reviewer, admin_user):
    return {"clerk_a": clerk_a, "clerk_b": clerk_b, "reviewer": reviewer,
            "other_reviewer": other_reviewer, "admin_user": admin_user}
