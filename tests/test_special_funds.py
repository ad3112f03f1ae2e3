"""Special funds (专项资金): a district's list per year, linked from 附件3, kept and imported in the admin."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budgets.models import Department, ProjectSheet, SpecialFund

CSV_HEADER = "区划代码,预算年度,专项名称,专项编码,主管部门编码,专项金额（万元）,实施期,实施期开始,实施期结束\n"


def _import(client, model, csv_text, name="funds.csv"):
    """Upload, preview, confirm — the admin's two steps as a browser takes them."""
    url = reverse(f"admin:budgets_{model}_import")
    page = client.get(url).content.decode()
    csv_format = re.search(r'<option value="(\d+)"[^>]*>csv</option>', page).group(1)
    preview = client.post(url, {"format": csv_format, "resource": "0",
                                "import_file": SimpleUploadedFile(name, csv_text.encode("utf-8"))})
    html = preview.content.decode()
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    hidden.pop("csrfmiddlewaretoken", None)
    return preview, html, hidden


def test_the_seed_sheets_link_to_five_funds_of_the_district_year(seed_filing):
    sheets = ProjectSheet.objects.filter(sub_item__filing=seed_filing).select_related("fund")
    assert len(sheets) == 5
    assert all(s.fund is not None for s in sheets)
    assert {s.fund.name for s in sheets} == {s.fund_text.strip() for s in sheets}
    assert all(s.fund.district_id == seed_filing.department.district_id and s.fund.year == 2021 for s in sheets)
    assert SpecialFund.objects.filter(district=seed_filing.department.district, year=2021).count() == 5


def test_a_district_admin_imports_the_fund_list_with_preview_and_confirm(client, admin_user, seed_filing):
    client.force_login(admin_user)
    csv_text = CSV_HEADER + (
        ",2021,环卫作业服务费,ZX-01,jinglong,\"1,482.90\",2021.1.1-2021.12.31,,\n"
        ",2022,新专项,ZX-02,,１２．５,,2022-01-01,2022-12-31\n")
    preview, html, hidden = _import(client, "specialfund", csv_text)
    assert preview.status_code == 200
    assert "环卫作业服务费" in html and "新专项" in html
    assert not SpecialFund.objects.filter(year=2022).exists()  # nothing written by the preview

    done = client.post(reverse("admin:budgets_specialfund_process_import"), hidden)
    assert done.status_code == 302
    existing = SpecialFund.objects.get(year=2021, name="环卫作业服务费")
    assert existing.code == "ZX-01" and str(existing.amount.normalize()) == "1482.9"
    assert existing.department.code == "jinglong"
    assert existing.sheets.count() == 1  # matched, not duplicated: the 附件3 link stays
    new = SpecialFund.objects.get(year=2022)
    assert str(new.amount.normalize()) == "12.5"
    assert new.district == admin_user.membership.department.district


def test_a_fund_row_for_another_district_is_a_row_error_and_nothing_is_written(
        client, admin_user, other_district, seed_filing):
    client.force_login(admin_user)
    before = SpecialFund.objects.count()
    csv_text = CSV_HEADER + f"{other_district.code},2022,别区专项,,,1,,,\n"
    preview, html, hidden = _import(client, "specialfund", csv_text)
    assert "没有区「430202」，或它不属于本区" in html
    assert "/process_import/" not in html  # no 确认导入 button is offered
    assert "import_file_name" not in hidden
    assert SpecialFund.objects.count() == before


def test_a_department_code_of_another_district_cannot_be_taken_over(client, admin_user, other_district):
    theirs = Department.objects.create(district=other_district, code="yuetang", name="月塘街道办事处")
    client.force_login(admin_user)
    preview, html, hidden = _import(client, "department", "区划代码,部门编码,部门名称,类型,排序,启用\n"
                                                           ",yuetang,改名的街道,街道办事处,1,是\n")
    assert "部门编码「yuetang」已被其他区的部门使用" in html
    theirs.refresh_from_db()
    assert theirs.name == "月塘街道办事处"


def test_a_district_admin_exports_only_their_own_funds(client, admin_user, other_district, seed_filing):
    SpecialFund.objects.create(district=other_district, year=2021, name="荷塘区的专项")
    client.force_login(admin_user)
    url = reverse("admin:budgets_specialfund_export")
    page = client.get(url).content.decode()
    csv_format = re.search(r'<option value="(\d+)"[^>]*>csv</option>', page).group(1)
    fields = re.findall(r'name="(specialfundresource_\w+)"', page)
    response = client.post(url, {"format": csv_format, "resource": "0", **{f: "on" for f in fields}})
    text = response.content.decode("utf-8-sig")
    assert "环卫作业服务费" in text
    assert "荷塘区的专项" not in text


@pytest.mark.parametrize("name", ["环卫作业 服务费", " 环卫作业服务费 "])
def test_fund_names_match_whatever_their_spacing(seed_filing, name):
    from budgets.models.funds import match_fund

    fund = match_fund(seed_filing.department.district, 2021, name)
    assert fund.name == "环卫作业服务费"


@pytest.fixture
def two_streets_on_one_fund(seed_filing, xiangshiling, seed_packet):
    from budgets.models import Filing
    from budgets.services.packets import create_filing_from_packet

    theirs = create_filing_from_packet(seed_packet, department=xiangshiling)
    Filing.objects.filter(pk__in=[seed_filing.pk, theirs.pk]).update(status=Filing.Status.SUBMITTED)
    return SpecialFund.objects.get(year=2021, name="环卫作业服务费"), theirs


def test_a_reviewer_lists_every_departments_sub_item_of_one_fund(client, reviewer, two_streets_on_one_fund):
    fund, _ = two_streets_on_one_fund
    client.force_login(reviewer)
    listing = client.get(reverse("fund_list")).content.decode()
    assert "环卫作业服务费" in listing
    html = client.get(reverse("fund_detail", args=[fund.pk])).content.decode()
    table = re.search(r'<table[^>]*data-testid="fund-sheets".*?</table>', html, re.S).group(0)
    assert "井龙街道办事处" in table and "响石岭街道办事处" in table
    assert table.count("井龙街道辖区内环卫作业费") == 2  # each street's own 附件3 wording
    assert "合计" in table


def test_a_reviewer_does_not_see_drafts_under_a_fund(client, reviewer, two_streets_on_one_fund):
    from budgets.models import Filing

    fund, theirs = two_streets_on_one_fund
    Filing.objects.filter(pk=theirs.pk).update(status=Filing.Status.DRAFT)
    client.force_login(reviewer)
    html = client.get(reverse("fund_detail", args=[fund.pk])).content.decode()
    assert "井龙街道办事处" in html
    assert "响石岭街道办事处" not in html


def test_funds_of_another_district_are_not_found(client, other_reviewer, clerk_a, two_streets_on_one_fund):
    fund, _ = two_streets_on_one_fund
    for user in (other_reviewer, clerk_a):
        client.force_login(user)
        assert client.get(reverse("fund_detail", args=[fund.pk])).status_code == 404
        assert "环卫作业服务费" not in client.get(reverse("fund_list")).content.decode()
