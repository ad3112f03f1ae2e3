"""The wizard's steps, fetched as HTML, filled in from the fields found there and posted back."""

from decimal import Decimal

from django.urls import reverse

from budgets.models import AuditEntry, Indicator, KeyTask, SubItem

from .helpers import flat, page_fields, post_step


def step_url(name, filing, *args):
    return reverse(f"entry:{name}", args=[filing.pk, *args])


def test_basic_step_saves_amounts_typed_with_commas_and_full_width_digits(signed_in, draft):
    url = step_url("step_basic", draft)
    response = post_step(signed_in, url, {"total_amount": "1,482.90", "income_general": "１４８２．９",
                                          "expense_basic": "462.21", "expense_project": "1020.69"}, action="next")
    assert response.status_code == 302
    assert response["Location"] == step_url("step_tasks", draft)
    draft.refresh_from_db()
    assert (draft.total_amount, draft.income_general, draft.expense_project) == (
        Decimal("1482.9"), Decimal("1482.9"), Decimal("1020.69"))
    entry = AuditEntry.objects.get(action="filing.saved")
    assert (entry.data["step"], entry.data["changed"]) == ("basic", ["一般公共预算拨款", "基本支出", "资金总额", "项目支出"])
    assert {"where": str(draft), "field": "资金总额", "old": "", "new": "1482.90"} in entry.data["changes"]


def test_a_bad_amount_is_refused_with_a_chinese_message_and_the_typed_text_stays(signed_in, draft):
    url = step_url("step_basic", draft)
    response = post_step(signed_in, url, {"total_amount": "一千四"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "「一千四」不是数字，请填写金额（万元），如 1482.9。" in html
    assert 'value="一千四"' in html
    draft.refresh_from_db()
    assert draft.total_amount is None


def test_key_tasks_are_added_through_the_spare_rows_and_reordered_by_row_number(signed_in, draft):
    url = step_url("step_tasks", draft)
    response = post_step(signed_in, url, {"duties": "（一）加强党的建设。",
                                          "task-0-item": "事项1", "task-0-order": "2",
                                          "task-1-item": "事项2", "task-1-order": "1", "task-1-amount": "8"})
    assert response.status_code == 302
    assert list(KeyTask.objects.filter(filing=draft).values_list("order", "item", "amount")) == [
        (1, "事项2", Decimal("8")), (2, "事项1", None)]
    # Posting the page back unchanged keeps both rows, and offers fresh spare rows.
    fields = flat(page_fields(signed_in, url))
    assert fields["task-TOTAL_FORMS"] == "4"
    assert post_step(signed_in, url).status_code == 302
    assert KeyTask.objects.filter(filing=draft).count() == 2


def test_indicator_grid_saves_rows_with_parsed_values_and_deletes_ticked_rows(signed_in, draft, frameworks):
    url = step_url("step_indicators", draft)
    level2 = frameworks["hunan-2021"].level1s.get(name="产出指标").level2s.get(name="产出数量")
    response = post_step(signed_in, url, {"ind-0-level2": str(level2.pk), "ind-0-name": "辖区内居民",
                                          "ind-0-value_text": "≥2.4万人"})
    assert response.status_code == 302
    ind = Indicator.objects.get(filing=draft)
    assert (ind.name, ind.value_text, ind.operator, ind.value_number, ind.unit) == (
        "辖区内居民", "≥2.4万人", "≥", Decimal("2.4"), "万人")
    page = signed_in.get(url).content.decode()
    assert f'id="ind-{ind.pk}"' in page
    response = post_step(signed_in, url, {"ind-0-DELETE": "on"})
    assert response.status_code == 302
    assert not Indicator.objects.filter(filing=draft).exists()


def test_sub_items_get_their_numbers_and_children_from_the_order(signed_in, draft):
    url = step_url("step_lines", draft)
    data = flat(page_fields(signed_in, url))
    data.update({"line-0-name": "环卫作业服务费", "line-0-amount": "669.9",
                 "line-1-name": "专项业务经费", "line-1-amount": "40",
                 "line-TOTAL_FORMS": "4",
                 "line-2-name": "党建", "line-2-amount": "8", "line-2-is_child": "on",
                 "line-3-name": "城管工作", "line-3-amount": "10", "line-3-is_child": "on",
                 "action": "save"})
    assert signed_in.post(url, data).status_code == 302
    rows = [(s.order, s.seq, s.name, s.parent.name if s.parent else None)
            for s in SubItem.objects.filter(filing=draft).order_by("order")]
    assert rows == [(1, "一", "环卫作业服务费", None), (2, "二", "专项业务经费", None),
                    (3, "", "党建", "专项业务经费"), (4, "", "城管工作", "专项业务经费")]


def test_a_sheet_is_added_for_a_sub_item_and_takes_its_name(signed_in, draft):
    SubItem.objects.create(filing=draft, order=1, seq="一", name="环卫作业服务费", amount=Decimal("669.9"))
    url = step_url("step_sheets", draft)
    fields = flat(page_fields(signed_in, url))
    line = SubItem.objects.get(filing=draft)
    response = post_step(signed_in, url, {"sub_item": str(line.pk)})
    sheet = line.sheet
    assert response["Location"] == step_url("step_sheet", draft, sheet.pk)
    assert (sheet.name, sheet.amount) == ("环卫作业服务费", Decimal("669.9"))
    sheet_url = step_url("step_sheet", draft, sheet.pk)
    response = post_step(signed_in, sheet_url, {"fund_text": "环卫作业服务费", "funding_general": "669.9",
                                                "period_text": "2021.1.1-2021.12.31"})
    assert response.status_code == 302, response.content.decode()[:3000]
    sheet.refresh_from_db()
    assert (sheet.fund_text, str(sheet.period_start), sheet.fundings.get().amount) == (
        "环卫作业服务费", "2021-01-01", Decimal("669.9"))
    assert "revision" in fields


def test_check_step_links_each_finding_to_its_step_and_row(signed_in, draft):
    response = signed_in.get(step_url("step_check", draft))
    html = response.content.decode()
    assert step_url("step_basic", draft) + "#id_total_amount" in html


def test_home_lists_the_departments_filings_with_progress(signed_in, draft):
    html = signed_in.get(reverse("home")).content.decode()
    assert "我的填报" in html and "新建填报" in html
    assert "0/4 步已完成" in html


def test_check_step_links_a_key_task_finding_to_its_row_on_step_2(signed_in, draft, monkeypatch):
    from budgets.validation import Checker
    from indicators.validation.findings import ATT1, Finding, Location, Severity

    post_step(signed_in, step_url("step_tasks", draft), {"task-0-item": "党建工作", "task-1-item": "环境卫生"})
    second = KeyTask.objects.get(filing=draft, item="环境卫生")
    finding = Finding("R99_KEY_TASK", "重点工作缺少工作目标。",
                      Location(ATT1, row=2, field="key_task_goal", field_label="工作目标",
                               label="附件1 · 年度重点工作计划 第2行 · 工作目标"), Severity.WARNING)
    real = Checker.check_packet
    monkeypatch.setattr(Checker, "check_packet", lambda self, packet: [*real(self, packet), finding])
    check = signed_in.get(step_url("step_check", draft)).content.decode()
    link = step_url("step_tasks", draft) + f"#task-{second.pk}"
    assert f'href="{link}">附件1 · 年度重点工作计划 第2行 · 工作目标</a>' in check
    assert f'id="task-{second.pk}"' in signed_in.get(step_url("step_tasks", draft)).content.decode()
