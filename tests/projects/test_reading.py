import pytest
from django.core.management import call_command

from budgets.reading import read_filing
from budgets.text import filing_as_text

pytestmark = pytest.mark.django_db


def test_project_filing_reads_as_one_form_without_attachments(project_filing):
    reading = read_filing(project_filing)

    assert [s.title for s in reading.sections] == ["项目支出绩效目标（申报）表"]
    kinds = [b.kind for b in reading.sections[0].blocks]
    assert kinds[:2] == ["project_header", "project_money"]
    assert "sub_items" not in kinds
    assert [b.title for b in reading.sections[0].blocks if b.kind == "indicators"] == ["长期绩效指标", "年度绩效指标"]


def test_show_filing_prints_the_project_form_header_costs_and_sign_offs(project_filing):
    text = filing_as_text(project_filing)

    assert "附件1" not in text
    assert "项目属性：新增项目□延续项目√" in text
    assert "主管部门：株洲市石峰区住房和城乡建设局" in text
    assert "项目资金：资金总额：968.1918 万元" in text
    assert "    合计 | 968.19 | |" in text
    assert "居民满意度 | ≥90%" in text
    assert "保障措施：街道成立专班，按月调度" in text
    assert "填报人：李四" in text


def test_show_filing_command_shows_a_project_filing(project_filing, capsys):
    call_command("show_filing", "井龙", "2024")
    assert "项目支出绩效目标（申报）表（2024年度）" in capsys.readouterr().out


def test_filing_page_shows_the_project_form(project_filing, client, clerk_a):
    client.force_login(clerk_a)
    html = client.get(f"/filings/{project_filing.pk}/").content.decode()

    assert "项目支出绩效目标（申报）表" in html
    assert "新增项目□延续项目√" in html
    assert "附件1" not in html
    assert "成本测算" in html


def test_project_form_is_not_asked_for_attachment_fields(project_filing):
    from budgets.validation import validate_filing

    findings = validate_filing(project_filing)
    messages = [f.message for f in findings]

    assert not [m for m in messages if "附件" in m], messages
    assert {f.location.label.split(" ")[0] for f in findings} <= {"项目支出绩效目标表"}


def test_project_form_without_annual_goal_is_told_to_fill_it(project_filing):
    from budgets.validation import validate_filing

    project_filing.project_form.annual_goal = ""
    project_filing.project_form.save()

    assert "项目支出绩效目标表未填写年度目标" in [f.message for f in validate_filing(project_filing)]
