"""The validate_filing command, the settings admin, and validation's fixed query budget."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets.models import RuleOverride, ValidationSettings
from budgets.validation import validate_attachment, validate_filing, validate_sub_item

from .builders import build, packet


def run(*args):
    from io import StringIO

    out = StringIO()
    try:
        call_command("validate_filing", *args, stdout=out)
        status = 0
    except SystemExit as e:
        status = e.code
    return status, out.getvalue()


def test_the_command_lists_the_seed_findings_and_exits_1_on_errors(seed_filing):
    status, out = run("jinglong", "2021")
    assert status == 1
    assert out.startswith("2021年 石峰区井龙街道办事处：错误 23 个，警告 49 个，提示 1 个")
    assert "环卫作业服务费：每月55.83万元×12=669.96万元，与项目金额669.9万元相差0.06万元" in out


def test_the_command_prints_json_with_code_severity_location_and_message(seed_filing):
    status, out = run("井龙街道", "2021", "--format", "json")
    data = json.loads(out)
    assert status == 1 and len(data) == 73
    monthly = next(f for f in data if f["code"] == "R09_MONTHLY_COST")
    assert monthly["severity"] == "warning"
    assert monthly["location"]["attachment"] == "附件3" and monthly["location"]["row"] == 4
    assert monthly["data"]["product"] == "669.96"


def test_the_command_exits_0_when_there_are_only_warnings(frameworks, jinglong):
    data = packet()
    data["indicators"][3]["value_text"] = "提升"
    build(jinglong, data)
    status, out = run("jinglong", "2022")
    assert status == 0 and "警告 1 个" in out


def test_the_command_says_which_department_it_cannot_find(db):
    with pytest.raises(CommandError, match="没有找到部门「不存在」") as raised:
        run("不存在", "2021")
    # Not 1, which means "the filing has errors".
    assert raised.value.returncode == 2


def test_one_attachment_or_one_row_can_be_validated_on_its_own(seed_filing):
    sheet = seed_filing.sub_items.get(name="环卫作业服务费").sheet
    on_sheet = validate_attachment(seed_filing, "附件3", sheet=sheet)
    assert on_sheet and all(f.location.sheet_id == sheet.pk for f in on_sheet)
    assert {f.location.attachment for f in validate_attachment(seed_filing, "附件1")} == {"附件1"}
    assert validate_sub_item(seed_filing.sub_items.get(name="党建")) == []


def test_validation_runs_in_a_fixed_number_of_queries_whatever_the_size(seed_filing, frameworks, jinglong):
    small = build(jinglong, packet())
    counts = []
    for filing in (seed_filing, small):
        with CaptureQueriesContext(connection) as ctx:
            validate_filing(filing.pk)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 9


def test_the_admin_edits_a_districts_settings_in_chinese(client, admin_user, district):
    client.force_login(admin_user)
    html = client.get(reverse("admin:budgets_validationsettings_add")).content.decode()
    assert "金额核对容差（万元）" in html and "满意度下限（%）" in html and "R09_MONTHLY_COST" in html
    response = client.post(reverse("admin:budgets_validationsettings_add"), {
        "district": district.pk, "money_tolerance": "0.01", "cost_tolerance": "0.1", "satisfaction_floor": "85",
        "max_name_length": "20", "vague_words": "增长、提升", "grade_words": "好、差",
        "overrides-TOTAL_FORMS": "1", "overrides-INITIAL_FORMS": "0",
        "overrides-0-code": "R06_OPERATOR_MISSING", "overrides-0-severity": "warning",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    settings = ValidationSettings.objects.get(district=district)
    assert RuleOverride.objects.get(settings=settings).severity == "warning"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("satisfaction_floor", "150", "满意度下限应在0到100之间。"),
    ("satisfaction_floor", "-1", "满意度下限应在0到100之间。"),
    ("money_tolerance", "-0.01", "容差不能为负数。"),
    ("cost_tolerance", "-5", "容差不能为负数。"),
    ("max_name_length", "0", "最长字数至少为1。"),
])
def test_the_admin_cannot_save_impossible_settings(client, admin_user, district, field, value, message):
    client.force_login(admin_user)
    data = {
        "district": district.pk, "money_tolerance": "0.01", "cost_tolerance": "0.1", "satisfaction_floor": "85",
        "max_name_length": "20", "vague_words": "增长", "grade_words": "好",
        "overrides-TOTAL_FORMS": "0", "overrides-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:budgets_validationsettings_add"), {**data, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ValidationSettings.objects.filter(district=district).exists()


def test_a_district_override_changes_what_the_seed_blocks_on(seed_filing, district):
    settings = ValidationSettings.objects.create(district=district)
    RuleOverride.objects.create(settings=settings, code="R06_OPERATOR_MISSING", severity="warning")
    RuleOverride.objects.create(settings=settings, code="R06_UNIT_MISSING", severity="warning")
    status, out = run("jinglong", "2021")
    assert status == 0 and "错误 0 个，警告 72 个" in out
