import io
import re

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.test import override_settings
from django.urls import reverse

from budgets.importexport.export import export_filings
from budgets.models import Filing, ImportBatch

IMPORT = reverse("admin:budgets_filing_import")
EXPORT = reverse("admin:budgets_filing_export")
CHANGELIST = reverse("admin:budgets_filing_changelist")


def _upload(client, data, name="prior.xlsx"):
    return client.post(IMPORT, {"file": _file(data, name)})


def _file(data, name):
    f = io.BytesIO(data)
    f.name = name
    return f


@pytest.fixture
def exported_seed(seed_filing):
    """The seed as an import file, and an empty filing table to import it into."""
    data = export_filings([seed_filing])
    Filing.objects.all().delete()
    return data


def test_admin_uploads_previews_and_confirms(client, admin_user, exported_seed):
    client.force_login(admin_user)
    assert "上传并预览" in client.get(IMPORT).content.decode()

    response = _upload(client, exported_seed)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("admin:budgets_filing_import_preview", args=[batch.pk])
    page = client.get(response.url).content.decode()
    assert "确认导入" in page and "将新增 1 份申报" in page
    assert re.search(r"<td>绩效指标</td><td>\d+</td><td>0</td><td>0</td><td>0</td><td>0</td>", page)
    assert not Filing.objects.exists()

    response = client.post(reverse("admin:budgets_filing_import_confirm", args=[batch.pk]), {"sha256": batch.sha256})
    assert response.status_code == 302
    filing = Filing.objects.get()
    assert filing.origin == Filing.Origin.IMPORTED
    assert filing.audit_entries.filter(action="filing.imported", actor=admin_user).exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED
    assert "导入完成：新增 1 份申报" in client.get(response.url).content.decode()


def test_the_confirm_step_reads_the_upload_from_the_database(client, admin_user, exported_seed, settings, tmp_path):
    # Another process serving the confirm has none of this one's temp or media files.
    client.force_login(admin_user)
    _upload(client, exported_seed)
    batch = ImportBatch.objects.get()
    settings.MEDIA_ROOT = tmp_path / "elsewhere"
    settings.FILE_UPLOAD_TEMP_DIR = None
    response = client.post(reverse("admin:budgets_filing_import_confirm", args=[batch.pk]), {"sha256": batch.sha256})
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["导入完成：新增 1 份申报，更新 0 份，无变化 0 份。"]
    assert Filing.objects.filter(origin=Filing.Origin.IMPORTED).count() == 1


def test_a_confirmed_batch_cannot_be_confirmed_again(client, admin_user, exported_seed):
    client.force_login(admin_user)
    _upload(client, exported_seed)
    batch = ImportBatch.objects.get()
    url = reverse("admin:budgets_filing_import_confirm", args=[batch.pk])
    first = client.post(url, {"sha256": batch.sha256}, follow=True)  # the preview page shows its message
    assert "导入完成：新增 1 份申报" in first.content.decode()
    again = client.post(url, {"sha256": batch.sha256})
    assert again.url == reverse("admin:budgets_filing_import_preview", args=[batch.pk])
    assert [str(m) for m in get_messages(again.wsgi_request)] == ["该导入已由另一个请求确认，无需重复操作。"]
    assert Filing.objects.count() == 1


def test_confirm_rejects_get(client, admin_user, exported_seed):
    client.force_login(admin_user)
    _upload(client, exported_seed)
    batch = ImportBatch.objects.get()
    assert client.get(reverse("admin:budgets_filing_import_confirm", args=[batch.pk])).status_code == 405


def test_a_bad_file_shows_row_errors_and_offers_the_failed_rows(client, admin_user, exported_seed):
    wb = openpyxl.load_workbook(io.BytesIO(exported_seed))
    ws = wb["附件1 资金与职责"]
    headers = [c.value for c in ws[1]]
    ws.cell(row=2, column=headers.index("基本支出") + 1, value="四百")
    out = io.BytesIO()
    wb.save(out)
    client.force_login(admin_user)

    page = client.get(_upload(client, out.getvalue()).url).content.decode()

    assert "发现 1 处错误，未写入任何数据" in page
    assert "「四百」不是数字" in page and "确认导入" not in page
    batch = ImportBatch.objects.get()
    response = client.get(reverse("admin:budgets_filing_import_failed", args=[batch.pk]))
    assert response.status_code == 200
    failed = openpyxl.load_workbook(io.BytesIO(response.content))
    assert failed.sheetnames == ["附件1 资金与职责"]
    row = [c.value for c in failed["附件1 资金与职责"][2]]
    assert "四百" in row and any("「基本支出」列：「四百」不是数字" in str(v) for v in row)
    assert not Filing.objects.exists()


def test_an_unreadable_file_gets_a_message_not_a_500(client, admin_user, frameworks):
    client.force_login(admin_user)
    response = _upload(client, b"\x00\x01garbage", "prior.xlsx")
    page = client.get(response.url).content.decode()
    assert "不是有效的 xlsx 工作簿" in page


@override_settings(IMPORT_MAX_UPLOAD_BYTES=1000)
def test_an_oversized_upload_is_refused(client, admin_user, exported_seed):
    client.force_login(admin_user)
    response = _upload(client, exported_seed)
    # Over the limit but not by much: the form says so, with the way out.
    assert response.status_code == 200
    assert "请按年度分成几个文件，或由管理员用 import_prior_years 命令导入。" in response.content.decode()
    assert not ImportBatch.objects.exists()


@override_settings(IMPORT_MAX_UPLOAD_BYTES=1000)
def test_an_upload_far_over_the_limit_is_refused_before_it_is_read(client, admin_user, frameworks):
    client.force_login(admin_user)
    response = _upload(client, b"x" * (1000 + 1024 * 1024 + 1))
    assert response.status_code == 413
    assert "文件过大，上限为 0 MB" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_only_xlsx_zip_or_csv_are_accepted(client, admin_user, frameworks):
    client.force_login(admin_user)
    response = _upload(client, b"hello", "notes.docx")
    assert "请上传 .xlsx 工作簿" in response.content.decode()


@pytest.mark.parametrize("who", ["clerk_a", "reviewer"])
@pytest.mark.parametrize("url", [IMPORT, EXPORT, reverse("admin:budgets_filing_import_template")])
def test_filers_and_reviewers_get_403(client, cast, who, url):
    client.force_login(cast[who])
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


def test_staff_without_the_admin_role_get_403_and_no_button(client, reviewer):
    reviewer.is_staff = True
    reviewer.save()
    client.force_login(reviewer)
    assert client.get(IMPORT).status_code == 403
    page = client.get(CHANGELIST)
    assert "导入历史数据" not in page.content.decode()


def test_anonymous_users_are_sent_to_the_login(client):
    response = client.get(IMPORT)
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_the_admin_sees_the_buttons(client, admin_user):
    client.force_login(admin_user)
    page = client.get(CHANGELIST).content.decode()
    assert "导入历史数据" in page and EXPORT in page


def test_another_admins_batch_is_not_yours(client, admin_user, exported_seed, django_user_model, finance_bureau):
    from budgets.roles import Role, set_role

    client.force_login(admin_user)
    _upload(client, exported_seed)
    batch = ImportBatch.objects.get()
    other = django_user_model.objects.create_user("admin2", password="x")
    set_role(other, finance_bureau, Role.ADMIN)
    client.force_login(other)
    assert client.get(reverse("admin:budgets_filing_import_preview", args=[batch.pk])).status_code == 403
    assert client.post(reverse("admin:budgets_filing_import_confirm", args=[batch.pk]),
                       {"sha256": batch.sha256}).status_code == 403


def test_template_downloads(client, admin_user):
    client.force_login(admin_user)
    xlsx = client.get(reverse("admin:budgets_filing_import_template"))
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert wb.sheetnames == ["填表说明", "部门", "填报", "附件1 资金与职责", "重点工作", "支出方向（附件2及附件3）", "绩效指标",
                             "项目表", "项目资金", "成本测算", "实施进度", "其他栏目"]
    csv_zip = client.get(reverse("admin:budgets_filing_import_template") + "?format=csv")
    assert csv_zip["Content-Type"] == "application/zip"


def test_export_a_district_year(client, admin_user, seed_filing):
    client.force_login(admin_user)
    assert "预算年度" in client.get(EXPORT).content.decode()
    response = client.post(EXPORT, {"year": 2021, "district": "", "department": "", "format": "xlsx"})
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb["填报"]["A2"].value == "jinglong"
    assert seed_filing.audit_entries.filter(action="filing.exported", actor=admin_user).exists()


def test_export_selected_filings_action(client, admin_user, seed_filing):
    client.force_login(admin_user)
    response = client.post(CHANGELIST, {"action": "export_selected", "_selected_action": [seed_filing.pk]})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_imported_filings_are_read_only_in_the_admin(client, admin_user, seed_filing):
    Filing.objects.filter(pk=seed_filing.pk).update(origin=Filing.Origin.IMPORTED)
    client.force_login(admin_user)
    url = reverse("admin:budgets_filing_change", args=[seed_filing.pk])
    page = client.get(url).content.decode()
    assert "只读" in page and 'name="_save"' not in page
    assert client.post(url, {"department_name": "改过"}).status_code == 403
    line = seed_filing.sub_items.first()
    line_url = reverse("admin:budgets_subitem_change", args=[line.pk])
    assert 'name="_save"' not in client.get(line_url).content.decode()
    sheet = seed_filing.sub_items.filter(sheet__isnull=False).first().sheet
    assert 'name="_save"' not in client.get(reverse("admin:budgets_projectsheet_change", args=[sheet.pk])).content.decode()


def test_entered_filings_stay_editable(client, admin_user, seed_filing):
    client.force_login(admin_user)
    page = client.get(reverse("admin:budgets_filing_change", args=[seed_filing.pk])).content.decode()
    assert 'name="_save"' in page
