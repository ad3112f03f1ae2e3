"""Database guards that protect data whatever path writes it."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from budgets.models import Department, Filing, SubItem


def test_negative_amount_is_refused_by_the_database(seed_filing):
    with pytest.raises(IntegrityError), transaction.atomic():
        Filing.objects.filter(pk=seed_filing.pk).update(total_amount=Decimal("-1"))


def test_negative_sub_item_amount_is_refused_by_the_database(seed_filing):
    line = SubItem.objects.filter(filing=seed_filing).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        SubItem.objects.filter(pk=line.pk).update(amount=Decimal("-0.01"))


def test_department_code_is_unique(jinglong, district):
    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(district=district, code="jinglong", name="另一个井龙")


def test_one_filing_per_department_year_and_version(seed_filing):
    with pytest.raises(IntegrityError), transaction.atomic():
        Filing.objects.create(department=seed_filing.department, year=2021, version=1,
                              framework=seed_filing.framework, department_name="x")


def test_a_second_version_of_the_same_year_is_allowed(seed_filing):
    v2 = Filing.objects.create(department=seed_filing.department, year=2021, version=2,
                               framework=seed_filing.framework, department_name="石峰区井龙街道办事处")
    assert str(v2) == "2021年 石峰区井龙街道办事处（第2版）"


def test_money_keeps_six_decimal_places_exactly(seed_filing):
    Filing.objects.filter(pk=seed_filing.pk).update(expense_basic=Decimal("462.212345"))
    seed_filing.refresh_from_db()
    assert seed_filing.expense_basic == Decimal("462.212345")
    assert isinstance(seed_filing.expense_basic, Decimal)


def test_only_one_finance_bureau_per_district(finance_bureau, district):
    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(district=district, code="czj2", name="第二财政局", kind="finance")


def test_blank_and_zero_amounts_stay_different(seed_filing):
    seed_filing.refresh_from_db()
    assert seed_filing.income_gov_fund is None
    Filing.objects.filter(pk=seed_filing.pk).update(income_gov_fund=0)
    seed_filing.refresh_from_db()
    assert seed_filing.income_gov_fund == 0


def test_frameworks_ship_as_data_with_the_101_cost_split(frameworks):
    fw = frameworks["mof-101"]
    level1 = [l1.name for l1 in fw.level1s.all()]
    assert level1[0] == "成本指标"
    cost = fw.level1s.get(name="成本指标")
    assert [l2.name for l2 in cost.level2s.all()] == ["经济成本指标", "社会成本指标", "生态环境成本指标"]
    hunan = frameworks["hunan-2021"].level1s.get(name="效益指标")
    assert "社会公众及服务对象满意度" in [l2.name for l2 in hunan.level2s.all()]
