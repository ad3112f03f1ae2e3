"""系统管理 → 专项资金 / 部门 → 导出 / 导入 in a browser, as a district 管理员 with the CSP on.

The pages show no English of django-import-export, 「全选」 works (from a static script: the policy
blocks inline handlers), the breadcrumb is the admin's styled one, and an exported file goes back in
through preview and 确认导入 with nothing changed. Screenshots at 1366 and 390 px.
"""

import re

import pytest

from budgets.models import SpecialFund

from .conftest import screenshot
from .test_csp import log_in

# Words that may show: file formats and names, not the library's English.
ALLOWED = {"xlsx", "csv", "CSV", "Excel", "WPS", "MB", "UTF", "GBK", "jinglong"}  # jinglong: a code in the data
WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture
def seeded(transactional_db, seed_filing, admin_user):
    return seed_filing


@pytest.fixture
def violations(page):
    found = []
    page.on("console", lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: found.append(f"page error: {exc}"))
    return found


def english(page):
    text = page.locator("#content").inner_text() + " " + page.locator("ol.breadcrumbs").inner_text()
    return sorted(set(WORD.findall(text)) - ALLOWED)


def column_boxes(page):
    return page.locator('.selectable-field-export-row input[type="checkbox"]')


def test_export_and_import_pages_are_chinese_and_select_all_works(page, live_server, seeded, violations):
    log_in(page, live_server.url + "/admin/login/", "admin_user", "pw-admin_user")
    page.goto(live_server.url + "/admin/budgets/specialfund/")
    page.get_by_role("link", name="导出").click()
    page.wait_for_selector("#select-all-toggle")
    assert english(page) == []
    breadcrumb = page.locator("ol.breadcrumbs")
    assert breadcrumb.evaluate("el => getComputedStyle(el).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    screenshot(page, "reference-export-1366")

    toggle = page.locator("#select-all-toggle")
    count = column_boxes(page).count()
    assert count == 9
    toggle.uncheck()
    assert [column_boxes(page).nth(i).is_checked() for i in range(count)] == [False] * count
    page.get_by_text("全选").click()  # the label toggles it too
    assert [column_boxes(page).nth(i).is_checked() for i in range(count)] == [True] * count
    column_boxes(page).nth(3).uncheck()
    assert not toggle.is_checked()

    page.select_option("select[name=format]", label="csv")
    toggle.check()
    with page.expect_download() as download:
        page.get_by_role("button", name="导出").click()
    data = open(download.value.path(), "rb").read()
    assert "环卫作业服务费" in data.decode("utf-8-sig")

    before = {f.pk: (f.name, f.code, f.amount, f.period_text) for f in SpecialFund.objects.all()}
    page.goto(live_server.url + "/admin/budgets/specialfund/import/")
    assert english(page) == []
    screenshot(page, "reference-import-1366")
    page.set_input_files("input[type=file]", files=[{"name": "专项资金.csv", "mimeType": "text/csv", "buffer": data}])
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_selector("table.import-preview")
    assert "未变 5 条" in page.locator("#content").inner_text()
    assert english(page) == []
    screenshot(page, "reference-import-preview-1366")
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_selector("#result_list")
    assert "导入完成：新增 0 条，更新 0 条，未变 5 条。" in page.locator(".messagelist").inner_text()
    assert {f.pk: (f.name, f.code, f.amount, f.period_text) for f in SpecialFund.objects.all()} == before
    assert violations == []


def test_a_bad_file_gets_a_chinese_message_on_the_page(page, live_server, seeded, violations):
    log_in(page, live_server.url + "/admin/login/", "admin_user", "pw-admin_user")
    page.goto(live_server.url + "/admin/budgets/department/import/")
    page.set_input_files("input[type=file]", files=[{
        "name": "部门.csv", "mimeType": "text/csv",
        "buffer": "部门编码,部门名称,类型\njinglong,井龙街道办事处,街道\n".encode()}])
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_selector("table.ie-invalid")
    text = page.locator("#content").inner_text()
    assert "第2行" in text and "「街道」不是可选值" in text
    assert english(page) == []
    screenshot(page, "reference-import-errors-1366")
    assert violations == []


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_the_pages_fit_a_phone(phone, live_server, seeded):
    log_in(phone, live_server.url + "/admin/login/", "admin_user", "pw-admin_user")
    for path, name in (("specialfund/export/", "reference-export-390"), ("specialfund/import/", "reference-import-390")):
        phone.goto(f"{live_server.url}/admin/budgets/{path}")
        phone.wait_for_selector("ol.breadcrumbs")
        assert english(phone) == []
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390 + 1, f"{path} scrolls sideways ({width} px)"
        screenshot(phone, name)
