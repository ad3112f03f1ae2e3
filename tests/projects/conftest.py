"""A project filing (项目支出绩效目标（申报）表) of 井龙街道, typed as a Hunan project form prints it."""

from datetime import date
from decimal import Decimal

import pytest

from budgets.models import Filing, Indicator, ProjectCost, ProjectForm, ProjectMoney, ProjectStage
from indicators.models import FormLayout, Framework


@pytest.fixture
def project_filing(frameworks, jinglong):
    filing = Filing.objects.create(
        department=jinglong, year=2024, framework=Framework.objects.get(code="mof-88"),
        layout=FormLayout.objects.get(code="hunan-project"), kind=Filing.Kind.PROJECT,
        department_name="株洲市石峰区井龙街道办事处",
    )
    form = ProjectForm.objects.create(
        filing=filing, name="老旧小区提质改造", supervisor="株洲市石峰区住房和城乡建设局",
        implementing_unit="井龙街道办事处", leader="张三 0731-28888888",
        attribute_text="新增项目□延续项目√", category_text="专项业务费√其他□", fund_text="城市更新专项",
        amount=Decimal("968.1918"), amount_text="968.1918", period_text="2024年1月-2024年12月",
        period_start=date(2024, 1, 1), period_end=date(2024, 12, 31),
        basis="《石峰区城市更新实施方案》", period_goal="完成辖区老旧小区改造", annual_goal="改造3个小区",
        safeguards="街道成立专班，按月调度", filled_by="李四", signed_by="王五", signed_on="2024年1月10日",
    )
    ProjectMoney.objects.create(form=form, order=1, label="其中：财政拨款", source="区级", amount=Decimal("900"))
    ProjectMoney.objects.create(form=form, order=2, label="自有资金", amount=Decimal("68.1918"), amount_text="68.1918")
    ProjectCost.objects.create(form=form, order=1, item="外墙改造", amount=Decimal("600"), basis="2万平方米×300元")
    ProjectCost.objects.create(form=form, order=2, item="管网改造", amount=Decimal("368.19"), basis="按预算",
                               last_year="350")
    ProjectStage.objects.create(form=form, order=1, stage="招标", when="2024年3月", content="完成施工招标")
    for period, order, l1, l2, name, value in [
        ("implementation", 1, "产出指标", "数量指标", "改造小区个数", "≥10个"),
        ("annual", 1, "产出指标", "数量指标", "年度改造小区个数", "3个"),
        ("annual", 2, "满意度指标", "服务对象满意度指标", "居民满意度", "≥90%"),
    ]:
        Indicator.objects.create(filing=filing, period=period, order=order, level1_name=l1, level2_name=l2,
                                 name=name, value_text=value)
    return filing
