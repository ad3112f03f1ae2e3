"""新建填报 of a stand-alone 项目支出绩效目标表 and its own steps, fetched as HTML, filled in and posted back."""

from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.entry.services import create_filing
from budgets.locking import STALE_MESSAGE
from budgets.models import AuditEntry, Filing, Indicator, PendingInput, ProjectForm, SpecialFund, YearDefault
from indicators.models import FormLayout, Level2
from tests.security.forms import extract_form_fields

from .helpers import flat, page_fields, post_step

SICHUAN = "sichuan-2023-project"  # 一级·二级·三级·指标性质·指标值·度量单位（计量单位）·权重
HUNAN = "hunan-project"  # 长期绩效指标 and 年度绩效指标 blocks


def layout(code):
    return FormLayout.objects.get(code=code)


@pytest.fixture
def project(frameworks, clerk_a):
    return create_filing(clerk_a, 2023, kind="project", layout=layout(SICHUAN))


@pytest.fixture
def long_project(frameworks, clerk_a):
    return create_filing(clerk_a, 2023, kind="project", layout=layout(HUNAN))


def url(name, filing):
    return reverse(f"entry:{name}", args=[filing.pk])


def level2_of(filing):
    return Level2.objects.filter(level1__framework=filing.framework).select_related("level1").order_by(
        "level1__order", "order").first()


# --- 新建填报 ----------------------------------------------------------------------------------------

def test_new_filing_offers_project_and_the_active_project_layouts_only(signed_in, frameworks):
    FormLayout.objects.filter(code="daqing").update(is_active=False)
    html = signed_in.get(reverse("entry:new")).content.decode()
    assert "项目支出绩效目标表（单独一张）" in html
    for active in FormLayout.objects.filter(kind="project", is_active=True):
        assert active.name in html
    assert layout("daqing").name not in html
    assert layout("hunan-2021").name not in html  # a 部门整体 layout is no project layout


def test_new_filing_preselects_the_year_defaults_project_layout(signed_in, frameworks, jinglong, clerk_a):
    create_filing(clerk_a, 2022)  # makes 2023 the suggested year
    YearDefault.objects.create(district=jinglong.district, year=2023, layout=layout(SICHUAN),
                               framework=next(iter(frameworks.values())))
    fields = extract_form_fields(signed_in.get(reverse("entry:new")).content.decode())
    assert fields["year"] == ["2023"]
    assert fields["layout"] == [str(layout(SICHUAN).pk)]


def test_choosing_project_creates_a_project_filing_in_that_layout_and_opens_its_first_step(signed_in, frameworks):
    data = flat(extract_form_fields(signed_in.get(reverse("entry:new")).content.decode()))
    data.update({"year": "2023", "kind": "project", "layout": str(layout(SICHUAN).pk)})
    response = signed_in.post(reverse("entry:new"), data)
    filing = Filing.objects.get(year=2023)
    assert response.status_code == 302
    assert response["Location"] == url("project_basic", filing)
    assert (filing.kind, filing.layout.code) == ("project", SICHUAN)
    assert ProjectForm.objects.get(filing=filing).implementing_unit == filing.department.full_name
    page = signed_in.get(response["Location"]).content.decode()
    for title in ("项目基本信息", "项目资金与成本测算", "绩效目标与指标", "检查"):
        assert title in page
    assert "附件2 专项资金汇总" not in page


def test_a_unit_files_its_packet_and_several_project_forms_in_one_year(signed_in, frameworks, clerk_a):
    packet = create_filing(clerk_a, 2023)
    first = create_filing(clerk_a, 2023, kind="project", layout=layout(SICHUAN))
    ProjectForm.objects.filter(filing=first).update(name="老旧小区改造")
    second = create_filing(clerk_a, 2023, kind="project", layout=layout(HUNAN))

    assert [(f.kind, f.form_no) for f in (packet, first, second)] == [("overall", 0), ("project", 1), ("project", 2)]
    home = signed_in.get(reverse("home")).content.decode()
    assert "项目支出绩效目标表：老旧小区改造" in home
    for filing in (packet, first, second):
        assert reverse("entry:start", args=[filing.pk]) in home


def test_a_second_click_on_new_project_opens_the_same_empty_form(signed_in, frameworks):
    data = flat(extract_form_fields(signed_in.get(reverse("entry:new")).content.decode()))
    data.update({"year": "2023", "kind": "project", "layout": str(layout(SICHUAN).pk)})
    first = signed_in.post(reverse("entry:new"), data)
    second = signed_in.post(reverse("entry:new"), data)

    assert Filing.objects.filter(year=2023, kind="project").count() == 1
    assert first["Location"] == second["Location"]


def test_project_without_a_layout_is_refused_in_chinese_and_nothing_is_created(signed_in, frameworks):
    data = flat(extract_form_fields(signed_in.get(reverse("entry:new")).content.decode()))
    data.update({"year": "2023", "kind": "project", "layout": ""})
    response = signed_in.post(reverse("entry:new"), data)
    assert response.status_code == 200
    assert "请选择项目表样。" in response.content.decode()
    assert not Filing.objects.exists()


def test_a_packet_layout_cannot_be_posted_as_a_project_layout(signed_in, frameworks):
    data = flat(extract_form_fields(signed_in.get(reverse("entry:new")).content.decode()))
    data.update({"year": "2023", "kind": "project", "layout": str(layout("hunan-2021").pk)})
    response = signed_in.post(reverse("entry:new"), data)
    assert "请从列表中选择项目表样。" in response.content.decode()
    assert not Filing.objects.exists()


# --- 1 项目基本信息 ----------------------------------------------------------------------------------

def test_basic_step_saves_the_header_with_amounts_typed_with_commas_and_full_width_digits(
        signed_in, project, jinglong):
    fund = SpecialFund.objects.create(district=jinglong.district, year=2023, name="城乡环境综合整治专项")
    response = post_step(signed_in, url("project_basic", project), {
        "name": "井龙街道背街小巷提质改造", "supervisor": "石峰区城管局", "leader": "张三 13800000000",
        "attribute_text": "新增项目□延续项目√", "category_text": "其他", "nature_text": "经常性项目",
        "fund": str(fund.pk), "amount": "1,482.90", "period_text": "2023.1.1-2023.12.31",
        "basis": "《株洲市……》", "overview": "改造小巷12条。", "feasibility": "可行。", "necessity": "必要。",
    }, action="next")
    assert response.status_code == 302
    assert response["Location"] == url("project_money", project)
    form = ProjectForm.objects.get(filing=project)
    assert (form.name, form.supervisor, form.attribute_text, form.fund, form.fund_text, form.amount) == (
        "井龙街道背街小巷提质改造", "石峰区城管局", "新增项目□延续项目√", fund, "城乡环境综合整治专项",
        Decimal("1482.9"))
    assert form.period_start.isoformat() == "2023-01-01"
    entry = AuditEntry.objects.get(action="filing.saved")
    assert entry.data["step"] == "project"
    assert "项目名称" in entry.data["changed"]
    project.refresh_from_db()
    assert project.revision == 2


def test_a_fund_not_in_the_list_is_typed_and_a_full_width_amount_is_read(signed_in, project):
    post_step(signed_in, url("project_basic", project), {"name": "项目甲", "fund_text": "省级专项",
                                                         "amount": "１４８２．９"})
    form = ProjectForm.objects.get(filing=project)
    assert (form.fund, form.fund_text, form.amount) == (None, "省级专项", Decimal("1482.9"))


def test_another_districts_fund_cannot_be_posted(signed_in, project, other_district):
    foreign = SpecialFund.objects.create(district=other_district, year=2023, name="荷塘专项")
    response = post_step(signed_in, url("project_basic", project), {"name": "项目甲", "fund": str(foreign.pk)})
    assert response.status_code == 200
    assert "请从列表中选择本区的专项资金。" in response.content.decode()
    assert ProjectForm.objects.get(filing=project).fund is None


def test_a_missing_name_and_a_bad_amount_are_refused_and_what_was_typed_stays(signed_in, project):
    response = post_step(signed_in, url("project_basic", project), {"name": " ", "amount": "一千四",
                                                                      "overview": "改造小巷12条。"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "请填写项目名称。" in html
    assert "「一千四」不是数字，请填写金额（万元），如 1482.9。" in html
    assert "改造小巷12条。" in html
    assert ProjectForm.objects.get(filing=project).overview == ""


def test_a_period_ending_before_it_starts_is_refused_in_chinese(signed_in, project):
    response = post_step(signed_in, url("project_basic", project), {"name": "项目甲",
                                                                      "period_text": "2023.12.31-2023.1.1"})
    assert response.status_code == 200
    assert "实施期开始日期不能晚于结束日期。" in response.content.decode()


# --- 2 项目资金 / 成本测算 / 实施进度计划 -------------------------------------------------------------

def test_money_cost_and_stage_rows_are_saved_in_order_and_the_total_is_shown(signed_in, project):
    ProjectForm.objects.filter(filing=project).update(amount=Decimal("100"))
    response = post_step(signed_in, url("project_money", project), {
        "money-0-label": "财政拨款", "money-0-source": "区级", "money-0-amount": "80",
        "money-1-label": "自有资金", "money-1-amount": "２０",
        "cost-0-item": "路面", "cost-0-amount": "1,060.5", "cost-0-basis": "3000㎡×350元", "cost-0-order": "2",
        "cost-1-item": "路灯", "cost-1-amount": "40", "cost-1-order": "1",
        "stage-0-stage": "招标", "stage-0-when": "2023年3月", "stage-0-content": "完成招标",
    })
    assert response.status_code == 302
    form = ProjectForm.objects.get(filing=project)
    assert [(m.order, m.label, m.source, m.amount) for m in form.money_rows.all()] == [
        (1, "财政拨款", "区级", Decimal("80")), (2, "自有资金", "", Decimal("20"))]
    assert [(c.order, c.item, c.amount) for c in form.cost_rows.all()] == [
        (1, "路灯", Decimal("40")), (2, "路面", Decimal("1060.5"))]
    assert [(s.stage, s.when, s.content) for s in form.stages.all()] == [("招标", "2023年3月", "完成招标")]
    page = signed_in.get(url("project_money", project)).content.decode()
    assert 'data-testid="money-total">100<' in page
    assert 'data-testid="cost-total">1100.5<' in page


def test_a_money_row_is_deleted_with_its_checkbox(signed_in, project):
    post_step(signed_in, url("project_money", project), {"money-0-label": "财政拨款", "money-0-amount": "80",
                                                          "money-1-label": "自有资金", "money-1-amount": "20"})
    post_step(signed_in, url("project_money", project), {"money-0-DELETE": "on"})
    form = ProjectForm.objects.get(filing=project)
    assert [(m.order, m.label) for m in form.money_rows.all()] == [(1, "自有资金")]


def test_a_cost_row_with_an_amount_but_no_item_is_refused(signed_in, project):
    response = post_step(signed_in, url("project_money", project), {"cost-0-amount": "5"})
    assert response.status_code == 200
    assert "请填写测算项目。" in response.content.decode()


# --- 3 绩效目标与指标 --------------------------------------------------------------------------------

def test_the_grid_has_the_layouts_columns_and_stores_operator_unit_and_weight(signed_in, project):
    page = signed_in.get(url("project_targets", project)).content.decode()
    for label in ("指标性质", "度量单位", "权重"):
        assert f">{label}</th>" in page
    assert 'data-testid="block-implementation"' not in page  # this layout has the annual block only
    l2 = level2_of(project)
    response = post_step(signed_in, url("project_targets", project), {
        "period_goal": "三年内完成全部背街小巷改造。", "annual_goal": "改造小巷12条。",
        "ind-0-level1": str(l2.level1_id), "ind-0-level2": str(l2.pk), "ind-0-name": "改造小巷数量",
        "ind-0-operator": "≥", "ind-0-value_text": "12", "ind-0-unit": "条", "ind-0-weight": "20",
    })
    assert response.status_code == 302
    form = ProjectForm.objects.get(filing=project)
    assert (form.period_goal, form.annual_goal) == ("三年内完成全部背街小巷改造。", "改造小巷12条。")
    row = Indicator.objects.get(filing=project)
    assert (row.sheet, row.period, row.level2, row.name, row.operator, row.value_number, row.unit, row.weight) == (
        None, "annual", l2, "改造小巷数量", "≥", Decimal("12"), "条", Decimal("20"))
    assert AuditEntry.objects.get(action="filing.saved").data["step"] == "targets"


def test_a_layout_with_a_direction_column_lets_the_filer_type_it_under_the_forms_label(signed_in, clerk_a, frameworks):
    wuhai = create_filing(clerk_a, 2023, kind="project", layout=layout("wuhai-2021-project"))
    page = signed_in.get(url("project_targets", wuhai)).content.decode()
    assert ">指标性质</th>" in page and ">指标方向</th>" in page  # 正向/反向 under 指标性质, ≥/= under 指标方向
    l2 = level2_of(wuhai)
    response = post_step(signed_in, url("project_targets", wuhai), {
        "annual_goal": "规范回收市场。", "ind-0-level1": str(l2.level1_id), "ind-0-level2": str(l2.pk),
        "ind-0-name": "出差人数", "ind-0-direction": "正向", "ind-0-operator": "=", "ind-0-value_text": "8",
        "ind-0-weight": "4",
    })
    assert response.status_code == 302
    row = Indicator.objects.get(filing=wuhai)
    assert (row.direction, row.operator, row.value_number, row.weight) == ("正向", "=", Decimal("8"), Decimal("4"))
    assert "正向" in signed_in.get(reverse("filing_detail", args=[wuhai.pk])).content.decode()


def test_a_layout_with_long_term_and_annual_blocks_gets_a_grid_for_each(signed_in, long_project):
    page = signed_in.get(url("project_targets", long_project)).content.decode()
    assert "长期绩效指标" in page and "年度绩效指标" in page
    l2 = level2_of(long_project)
    post_step(signed_in, url("project_targets", long_project), {
        "imp-0-level1": str(l2.level1_id), "imp-0-level2": str(l2.pk), "imp-0-name": "三年改造小巷",
        "imp-0-value_text": "≥36条",
        "ind-0-level1": str(l2.level1_id), "ind-0-level2": str(l2.pk), "ind-0-name": "当年改造小巷",
        "ind-0-value_text": "≥12条", "ind-0-remark": "备注一",
    })
    rows = Indicator.objects.filter(filing=long_project).order_by("period")
    assert [(r.period, r.name, r.value_text, r.remark) for r in rows] == [
        ("annual", "当年改造小巷", "≥12条", "备注一"), ("implementation", "三年改造小巷", "≥36条", "")]


def test_an_indicator_without_a_tier_is_refused_and_nothing_is_saved(signed_in, project):
    response = post_step(signed_in, url("project_targets", project), {"annual_goal": "目标",
                                                                        "ind-0-name": "改造小巷数量"})
    assert response.status_code == 200
    assert "请选择二级指标。" in response.content.decode()
    assert ProjectForm.objects.get(filing=project).annual_goal == ""


def test_the_row_check_answers_for_a_long_term_row(signed_in, long_project):
    l2 = level2_of(long_project)
    response = signed_in.post(reverse("entry:check_row", args=[long_project.pk]), {
        "row_prefix": "imp-0", "imp-0-level2": str(l2.pk), "imp-0-name": "三年改造小巷",
        "imp-0-value_text": "≥36条"})
    assert response.status_code == 200
    assert "36" in response.content.decode()
    bad = signed_in.post(reverse("entry:check_row", args=[long_project.pk]), {"row_prefix": "other-0"})
    assert bad.status_code == 400


# --- guards ------------------------------------------------------------------------------------------

def test_another_departments_clerk_gets_404_on_the_project_steps(client, clerk_b, project):
    client.force_login(clerk_b)
    for name in ("project_basic", "project_money", "project_targets"):
        assert client.get(url(name, project)).status_code == 404
    assert client.post(url("project_basic", project), {"revision": "1", "name": "改"}).status_code == 404
    assert ProjectForm.objects.get(filing=project).name == ""


def test_packet_steps_are_not_found_on_a_project_form_and_project_steps_not_on_a_packet(
        signed_in, project, clerk_a):
    assert signed_in.get(url("step_basic", project)).status_code == 404
    assert signed_in.get(url("step_lines", project)).status_code == 404
    assert signed_in.get(reverse("entry:start", args=[project.pk]))["Location"] == url("project_basic", project)
    project.delete()
    packet = create_filing(clerk_a, 2023)
    assert signed_in.get(url("project_basic", packet)).status_code == 404
    assert signed_in.get(url("step_check", packet)).status_code == 200


def test_a_stale_page_does_not_overwrite_a_newer_save(signed_in, project):
    stale = flat(page_fields(signed_in, url("project_basic", project)))
    post_step(signed_in, url("project_basic", project), {"name": "新名称"})
    stale.update({"name": "旧页面的名称", "action": "save"})
    response = signed_in.post(url("project_basic", project), stale)
    assert response.status_code == 200
    assert STALE_MESSAGE in response.content.decode()
    assert ProjectForm.objects.get(filing=project).name == "新名称"


def test_a_reviewer_cannot_save_a_submitted_project_form(client, reviewer, project):
    Filing.objects.filter(pk=project.pk).update(status=Filing.Status.SUBMITTED)
    client.force_login(reviewer)
    assert "您可以查看，不能修改" in client.get(url("project_basic", project)).content.decode()
    response = client.post(url("project_basic", project), {"revision": str(project.revision), "name": "改"})
    assert response.status_code == 403
    assert ProjectForm.objects.get(filing=project).name == ""


def test_leaving_a_step_with_bad_input_keeps_it_aside_for_recovery(signed_in, project):
    response = post_step(signed_in, url("project_money", project), {"cost-0-amount": "一千"}, action="next")
    assert response["Location"] == url("project_targets", project)
    kept = PendingInput.objects.get(path=url("project_money", project))
    assert kept.data["cost-0-amount"] == ["一千"]
    page = signed_in.get(url("project_money", project)).content.decode()
    assert "恢复您未保存的内容" in page


def test_a_missing_first_tier_shows_on_the_targets_step_and_a_missing_name_on_the_first(signed_in, project):
    page = signed_in.get(url("step_check", project)).content.decode()
    assert "至少填写一个有指标值的三级指标" in page
    assert f'href="{url("project_targets", project)}#grid-ind"' in page  # its grid: no cell of the table is "the 一级"
    assert f'href="{url("project_basic", project)}#id_name"' in page
