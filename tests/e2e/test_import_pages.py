"""The admin exports a year and uploads the file again: the preview lists each filing as 无变化, and
confirming changes nothing; the pages read at a desktop's width and a phone's."""

import pytest
from django.urls import reverse

from budgets.models import Filing, ImportBatch

from .conftest import screenshot
from .test_csp import log_in


@pytest.fixture
def seeded(transactional_db, seed_filing, admin_user):
    return seed_filing


def test_the_export_imports_back_as_no_change(page, live_server, seeded, tmp_path):
    revision = Filing.objects.get(pk=seeded.pk).revision
    log_in(page, live_server.url + "/admin/login/", "admin_user", "pw-admin_user")
    page.wait_for_selector("#content")
    page.goto(live_server.url + reverse("admin:budgets_filing_export"))
    assert "原样再导入不会修改任何数据" in page.locator("#content-main").inner_text()
    screenshot(page, "import-export-page")
    with page.expect_download() as download:
        page.get_by_role("button", name="导出").click()
    exported = tmp_path / "2021.xlsx"
    download.value.save_as(exported)

    page.goto(live_server.url + reverse("admin:budgets_filing_import"))
    page.set_input_files("input[type=file]", str(exported))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_selector("table.ie-counts")
    text = page.locator("#content-main").inner_text()
    assert "文件与系统中的数据相同，确认导入不会修改任何数据" in text
    assert page.locator("tr", has_text="2021年 石峰区井龙街道办事处").inner_text().split() == [
        "2021年", "石峰区井龙街道办事处", "无变化"]
    screenshot(page, "import-preview-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "import-preview-390")
    page.set_viewport_size({"width": 1366, "height": 900})

    page.get_by_role("button", name="确认导入").click()
    page.wait_for_selector(".messagelist")
    assert "导入完成：新增 0 份申报，更新 0 份，无变化 1 份。" in page.locator(".messagelist").inner_text()
    screenshot(page, "import-done")
    assert ImportBatch.objects.get().status == ImportBatch.Status.IMPORTED
    assert Filing.objects.get(pk=seeded.pk).revision == revision
