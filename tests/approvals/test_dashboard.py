"""The district-year dashboard as reviewer and admin_user read it, and its xlsx download."""

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest
from django.urls import reverse

from approvals import services
from approvals.dashboard import stage_days
from budgets.models import Department, Filing, ReviewStage
from budgets.models.money import format_money
from budgets.services.packets import create_filing_from_packet

from .conftest import decide, submit

URL = reverse("review_dashboard")


@pytest.fixture
def other_draft(seed_packet, xiangshiling, cast):
    """clerk_b's unit has started its 2021 packet (a draft with an amount of its own)."""
    filing = create_filing_from_packet(seed_packet, department=xiangshiling)
    Filing.objects.filter(pk=filing.pk).update(total_amount=Decimal("4321.5"), duties="响石岭的部门职责（草稿内容）")
    return filing


def rows_of(page):
    return [chunk for chunk in page.split('data-testid="dashboard-row"')[1:]]


def row_for(page, name):
    return next(row for row in rows_of(page) if name in row.split("</tr>")[0]).split("</tr>")[0]


def test_reviewer_sees_every_unit_of_the_district_with_what_each_has_filed(client, reviewer, clerk_a, ready_filing,
                                                                             other_draft, district):
    Department.objects.create(district=district, code="qingshuitang", name="清水塘街道办事处", kind="street", order=4)
    submit(clerk_a, ready_filing)
    client.force_login(reviewer)
    page = client.get(URL, {"year": 2021}).content.decode()
    assert "石峰区 2021年 审核进度总览" in page
    names = [row.split("<td>")[1].split("</td>")[0] for row in rows_of(page)]
    assert names == ["井龙街道办事处", "响石岭街道办事处", "清水塘街道办事处"]  # the bureau itself is not a unit
    submitted = row_for(page, "井龙街道办事处")
    assert "已送审" in submitted and "部门整体" in submitted
    assert "未填报" in row_for(page, "清水塘街道办事处")


def test_a_draft_shows_its_progress_never_its_content(client, reviewer, other_draft):
    client.force_login(reviewer)
    page = client.get(URL, {"year": 2021}).content.decode()
    draft = row_for(page, "响石岭街道办事处")
    assert "草稿" in draft and "已完成" in draft and "步" in draft
    assert "4321.5" not in page and "部门职责（草稿内容）" not in page
    assert reverse("filing_detail", args=[other_draft.pk]) not in page  # no way into its content either


def test_returns_grade_findings_and_last_event_are_counted(client, reviewer, clerk_a, ready_filing):
    submit(clerk_a, ready_filing)
    decide(reviewer, ready_filing, "C")
    revision = submit(clerk_a, ready_filing)
    decide(reviewer, ready_filing, "C")
    client.force_login(reviewer)
    row = row_for(client.get(URL, {"year": 2021}).content.decode(), "井龙街道办事处")
    cells = [c.split("</td>")[0] for c in row.split("<td")[1:]]
    assert "已退回" in cells[2]
    assert cells[4].endswith(">2")  # rounds returned
    assert cells[6] == ">中"  # latest grade
    assert f">{revision.error_count}</span> / {revision.warning_count}" in cells[7]
    assert "退回修改 · reviewer" in cells[8]


def test_a_decision_taken_back_is_not_counted_as_a_return(client, reviewer, clerk_a, ready_filing):
    submit(clerk_a, ready_filing)
    decide(reviewer, ready_filing, "C")
    ready_filing.refresh_from_db()
    services.undo(reviewer, ready_filing.pk, seen=ready_filing.revision)
    client.force_login(reviewer)
    row = row_for(client.get(URL, {"year": 2021}).content.decode(), "井龙街道办事处")
    cells = [c.split("</td>")[0] for c in row.split("<td")[1:]]
    assert "已送审" in cells[2] and cells[4].endswith(">0") and cells[6] == ">"
    assert "取消审核 · reviewer" in cells[8]


def test_totals_add_the_filed_amounts_and_count_units_by_status(client, reviewer, clerk_a, ready_filing, other_draft):
    submit(clerk_a, ready_filing)
    client.force_login(reviewer)
    page = client.get(URL, {"year": 2021}).content.decode()
    totals = page.split('data-testid="dashboard-totals"')[1].split("</tfoot>")[0]
    assert "2个单位" in totals
    # The draft's 4321.5 is not added in: the total is the submitted filing's amount.
    assert f'<td class="money">{format_money(ready_filing.total_amount)}' in totals
    summary = page.split('data-testid="dashboard-summary"')[1].split("</p>")[0]
    assert "草稿 1" in summary and "已送审 1" in summary


def test_a_year_without_filings_lists_every_unit_as_not_filed(client, admin_user, jinglong, xiangshiling):
    client.force_login(admin_user)
    page = client.get(URL, {"year": 2030}).content.decode()
    assert [("未填报" in row) for row in rows_of(page)] == [True, True]


def test_an_unreadable_year_shows_the_default_year_not_an_error(client, reviewer, ready_filing):
    client.force_login(reviewer)
    response = client.get(URL, {"year": "abc"})
    assert response.status_code == 200
    assert "预算年度：请输入2000到2100之间的年份" in response.content.decode()
    assert "2021年 审核进度总览" in response.content.decode()


def test_a_clerk_may_not_open_the_dashboard(client, clerk_a):
    client.force_login(clerk_a)
    assert client.get(URL).status_code == 403
    assert client.get(reverse("review_dashboard_xlsx")).status_code == 403


def test_another_districts_reviewer_sees_only_their_own_district(client, other_reviewer, ready_filing, clerk_a):
    submit(clerk_a, ready_filing)
    client.force_login(other_reviewer)
    page = client.get(URL, {"year": 2021}).content.decode()
    assert "井龙街道办事处" not in page and "荷塘区" in page


def test_the_queue_and_the_nav_link_to_the_dashboard(client, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("review_queue")).content.decode()
    assert 'data-testid="dashboard-link"' in page and page.count(URL) >= 2


def test_the_xlsx_has_chinese_headers_every_unit_and_totals(client, reviewer, clerk_a, ready_filing, other_draft,
                                                              district):
    Department.objects.create(district=district, code="evil", name="=HYPERLINK(\"http://x\")街道", kind="street", order=9)
    submit(clerk_a, ready_filing)
    client.force_login(reviewer)
    response = client.get(reverse("review_dashboard_xlsx"), {"year": 2021})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    ws = book.active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:7] == ("单位", "表", "状态", "填写进度", "资金总额（万元）", "送审轮次", "退回次数")
    assert "区财政局审核（天）" in rows[0] and "最近操作" in rows[0]
    by_unit = {r[0]: r for r in rows[1:-1]}
    assert by_unit["井龙街道办事处"][2] == "已送审"
    assert Decimal(str(by_unit["井龙街道办事处"][4])) == ready_filing.total_amount
    draft = by_unit["响石岭街道办事处"]
    assert draft[2] == "草稿" and draft[3] and draft[4] is None  # progress, never the amount
    evil = ws.cell(row=[r[0] for r in rows].index('=HYPERLINK("http://x")街道') + 1, column=1)
    assert evil.data_type == "s" and evil.value == '=HYPERLINK("http://x")街道'  # text, not a formula
    assert rows[-1][0] == "合计（3个单位）" and Decimal(str(rows[-1][4])) == ready_filing.total_amount


# --- days at each stage: the timeline read from revisions and decisions ----------------------------

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def at(days):
    return T0 + timedelta(days=days)


def rev(days):
    return SimpleNamespace(created_at=at(days))


def review(days, stage, action, mode="", undone=None):
    return SimpleNamespace(created_at=at(days), stage=stage, action=action, return_mode=mode,
                           undone_at=at(undone) if undone is not None else None)


def test_days_are_summed_per_stage_over_the_rounds_of_a_two_stage_chain():
    revisions = [rev(0), rev(10)]
    reviews = [review(2, 1, "approve"), review(5, 2, "return", "restart"), review(11, 1, "approve"),
               review(14, 2, "approve")]
    assert stage_days(2, "approved", revisions, reviews, [], at(30)) == [3.0, 6.0]


def test_a_direct_return_comes_back_to_the_stage_that_returned_it():
    revisions = [rev(0), rev(10)]
    reviews = [review(1, 1, "approve"), review(4, 2, "return", "direct"), review(12.5, 2, "approve")]
    assert stage_days(2, "approved", revisions, reviews, [], at(30)) == [1.0, 5.5]


def test_the_current_stage_counts_up_to_now_and_a_decision_taken_back_never_happened():
    reviews = [review(2, 1, "approve", undone=3)]
    assert stage_days(2, "submitted", [rev(0)], reviews, [], at(7)) == [7.0, 0.0]


def test_a_withdrawal_ends_the_round():
    assert stage_days(1, "submitted", [rev(0), rev(5)], [], [at(1)], at(6)) == [2.0]


def test_a_two_stage_chain_shows_a_column_per_stage(client, reviewer, clerk_a, ready_filing, finance_bureau):
    ReviewStage.objects.create(district=finance_bureau.district, order=1, name="业务股")
    ReviewStage.objects.create(district=finance_bureau.district, order=2, name="绩效股")
    submit(clerk_a, ready_filing)
    client.force_login(reviewer)
    page = client.get(URL, {"year": 2021}).content.decode()
    assert "业务股（天）" in page and "绩效股（天）" in page


def test_amounts_show_the_decimals_they_were_typed_with(client, reviewer, clerk_a, ready_filing):
    submit(clerk_a, ready_filing)
    Filing.objects.filter(pk=ready_filing.pk).update(total_amount=Decimal("1234.567"),
                                                     money_places={"total_amount": 4})
    client.force_login(reviewer)
    assert "1234.5670" in row_for(client.get(URL, {"year": 2021}).content.decode(), "井龙街道办事处")
    assert "1234.5670" in client.get(reverse("review_queue")).content.decode()


def test_a_unit_with_a_packet_and_a_project_form_has_a_row_for_each(client, reviewer, clerk_a, ready_filing):
    submit(clerk_a, ready_filing)
    Filing.objects.create(department=ready_filing.department, year=2021, form_no=1, kind=Filing.Kind.PROJECT,
                          framework=ready_filing.framework, department_name="井龙街道办事处",
                          status=Filing.Status.APPROVED, total_amount=Decimal("30"))
    client.force_login(reviewer)
    page = client.get(URL, {"year": 2021}).content.decode()
    forms = [row.split("<td>")[2] for row in rows_of(page) if "井龙街道办事处" in row.split("</td>")[0]]
    assert len(forms) == 2 and "部门整体" in forms[0] and "项目表1" in forms[1]
    assert "2个单位" in page.split('data-testid="dashboard-totals"')[1]  # still two units, three rows


def test_a_superuser_chooses_the_district(client, django_user_model, ready_filing, other_district, other_reviewer):
    root = django_user_model.objects.create_superuser(username="root", password="pw-root")
    client.force_login(root)
    page = client.get(URL, {"year": 2021, "district": ready_filing.department.district_id}).content.decode()
    assert "井龙街道办事处" in page and 'aria-label="区"' in page
    assert "井龙街道办事处" not in client.get(URL, {"year": 2021, "district": other_district.pk}).content.decode()
    assert client.get(URL, {"district": "abc"}).status_code == 200
