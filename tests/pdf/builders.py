"""Filings for the print tests, built the way entry and import store them."""

from budgets.models import Filing, Indicator, ProjectForm
from indicators.models import FormLayout, Framework

RULE_65 = "完成全年目标任务得满分；每少完成1%扣0.5分，扣完为止；未按时报送季度进度或数据不实的，每次扣1分；发现弄虚作假的，本项不得分。"


def project_filing(department, layout_code, indicators, year=2024, **form):
    """A 项目支出 form in the given layout with these indicator rows (dicts of Indicator fields)."""
    layout = FormLayout.objects.get(code=layout_code)
    version = Filing.objects.filter(department=department, year=year).count() + 1
    filing = Filing.objects.create(
        department=department, year=year, version=version, framework=Framework.objects.get(code="mof-88"),
        layout=layout, kind=Filing.Kind.PROJECT, department_name=department.name,
    )
    ProjectForm.objects.create(filing=filing, **({"name": "老旧小区提质改造", "annual_goal": "改造3个小区"} | form))
    Indicator.objects.bulk_create([
        Indicator(filing=filing, order=i, **({"period": "annual"} | row)) for i, row in enumerate(indicators, 1)
    ])
    return filing
