"""系统管理 → 部门 / 专项资金 → 导出, then 导入 of that same file, as a district 管理员 does it.

An export re-imports unchanged in every format the page offers; one edited cell is the one change
that lands; whatever goes wrong is a Chinese message naming the row and column, never a database's
English or a 500.
"""

import csv
import datetime
import io
import os
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError
from django.urls import reverse

from budgets.models import Department, SpecialFund

# Text a spreadsheet would run as a formula if it were written as it reads.
FORMULA_NAMES = ['=HYPERLINK("http://example.com/x","点我")', "@SUM(1+1)", "+86-731", "-2 号专项", "\t=1+1",
                 "'=already quoted"]
ENGLISH = re.compile(r"NOT NULL|constraint|IntegrityError|Traceback|Line number|Errors|Import|Select all|[Ff]ield")


@pytest.fixture
def funds(seed_filing, jinglong):
    district = jinglong.district
    SpecialFund.objects.create(district=district, year=2022, name="城市管理专项", code="ZX-01", department=jinglong,
                               amount=Decimal("1482.9"), period_text="2022.1.1-2022.12.31",
                               period_start=datetime.date(2022, 1, 1), period_end=datetime.date(2022, 12, 31))
    SpecialFund.objects.create(district=district, year=2022, name="小数专项", amount=Decimal("0.123456"))
    for i, name in enumerate(FORMULA_NAMES):
        SpecialFund.objects.create(district=district, year=2023, name=name, code=f"F{i}")
    return SpecialFund.objects.filter(district=district)


@pytest.fixture
def departments(jinglong, xiangshiling, finance_bureau):
    Department.objects.filter(pk=xiangshiling.pk).update(is_active=False, order=7)
    return Department.objects.filter(district=jinglong.district)


def rows_of(queryset):
    return {row["id"]: row for row in queryset.values()}


def formats_offered(client, model):
    page = client.get(reverse(f"admin:budgets_{model}_export")).content.decode()
    select = re.search(r'<select name="format".*?</select>', page, re.S).group(0)
    return dict((name, value) for value, name in re.findall(r'<option value="(\d+)"[^>]*>(\w+)</option>', select))


def export(client, model, fmt, exclude=()):
    url = reverse(f"admin:budgets_{model}_export")
    page = client.get(url).content.decode()
    fields = [f for f in re.findall(rf'name="({model}resource_\w+)"', page) if f.split("_", 1)[1] not in exclude]
    response = client.post(url, {"format": formats_offered(client, model)[fmt], "resource": "0",
                                 **{f: "on" for f in fields}})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Disposition"].startswith("attachment")
    return response.content


def preview(client, model, data, name):
    url = reverse(f"admin:budgets_{model}_import")
    formats = formats_offered(client, model)
    response = client.post(url, {"format": formats[name.rsplit(".", 1)[-1]], "resource": "0",
                                 "import_file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    return response.content.decode()


def confirm(client, model, html):
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    hidden.pop("csrfmiddlewaretoken", None)
    assert "import_file_name" in hidden, re.sub(r"\s+", " ", html)[-3000:]
    response = client.post(reverse(f"admin:budgets_{model}_process_import"), hidden)
    assert response.status_code == 302
    return response


def edited_xlsx(data, column, old, new):
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    col = headers.index(column) + 1
    hits = [row for row in range(2, sheet.max_row + 1) if sheet.cell(row, col).value == old]
    assert len(hits) == 1, (old, [sheet.cell(r, col).value for r in range(2, sheet.max_row + 1)])
    sheet.cell(hits[0], col).value = new
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def edited_csv(data, column, old, new):
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    col = rows[0].index(column)
    hits = [row for row in rows[1:] if row[col] == old]
    assert len(hits) == 1
    hits[0][col] = new
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


EDIT = {"xlsx": edited_xlsx, "csv": edited_csv}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_fund_list_exported_reimports_with_nothing_changed(client, admin_user, funds, fmt):
    client.force_login(admin_user)
    assert set(formats_offered(client, "specialfund")) == {"xlsx", "csv"}
    before = rows_of(funds)
    html = preview(client, "specialfund", export(client, "specialfund", fmt), f"专项资金.{fmt}")
    assert "无法导入" not in html and "未通过检查" not in html, html
    assert f"未变 {funds.count()} 条" in html
    assert not ENGLISH.search(re.sub(r"<[^>]+>", " ", html)), ENGLISH.search(re.sub(r"<[^>]+>", " ", html))
    confirm(client, "specialfund", html)
    assert rows_of(funds) == before


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_one_edited_cell_of_the_fund_list_is_the_one_change_that_lands(client, admin_user, funds, fmt):
    client.force_login(admin_user)
    before = {f.pk: f for f in funds}
    old = "1482.9" if fmt == "csv" else 1482.9
    data = EDIT[fmt](export(client, "specialfund", fmt), "专项金额（万元）", old, "1500.25")
    html = preview(client, "specialfund", data, f"专项资金.{fmt}")
    assert "新增 0 条，更新 1 条" in html
    confirm(client, "specialfund", html)
    changed = [(f.name, name) for f in funds.all() for name in ("district_id", "year", "name", "code", "department_id",
                                                            "amount", "period_text", "period_start", "period_end")
               if getattr(f, name) != getattr(before[f.pk], name)]
    assert changed == [("城市管理专项", "amount")]
    assert SpecialFund.objects.get(name="城市管理专项").amount == Decimal("1500.25")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_department_list_exported_reimports_with_nothing_changed(client, admin_user, departments, fmt):
    client.force_login(admin_user)
    assert set(formats_offered(client, "department")) == {"xlsx", "csv"}
    before = rows_of(departments)
    html = preview(client, "department", export(client, "department", fmt), f"部门.{fmt}")
    assert f"未变 {departments.count()} 条" in html, html
    confirm(client, "department", html)
    assert rows_of(departments) == before


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_one_edited_department_name_is_the_one_change_that_lands(client, admin_user, departments, fmt):
    client.force_login(admin_user)
    before = rows_of(departments.exclude(code="jinglong"))
    data = EDIT[fmt](export(client, "department", fmt), "部门名称", "井龙街道办事处", "井龙街道")
    html = preview(client, "department", data, f"部门.{fmt}")
    assert "新增 0 条，更新 1 条" in html
    confirm(client, "department", html)
    assert Department.objects.get(code="jinglong").name == "井龙街道"
    assert rows_of(departments.exclude(code="jinglong")) == before


def test_the_export_shows_yes_and_no_and_reads_them_back(client, admin_user, departments):
    client.force_login(admin_user)
    text = export(client, "department", "csv").decode("utf-8-sig")
    assert ",响石岭街道办事处,街道办事处,7,否" in text
    data = text.replace(",响石岭街道办事处,街道办事处,7,否", ",响石岭街道办事处,街道办事处,7,是").encode()
    confirm(client, "department", preview(client, "department", data, "部门.csv"))
    assert Department.objects.get(code="xiangshiling").is_active is True


def test_formula_text_is_exported_as_text_and_reimports_as_typed(client, admin_user, funds):
    client.force_login(admin_user)
    sheet = openpyxl.load_workbook(io.BytesIO(export(client, "specialfund", "xlsx"))).active
    names = {c.value: c for c in next(iter(sheet.iter_cols(min_col=3, max_col=3, min_row=2)))}
    for name in FORMULA_NAMES:
        assert names[name].data_type == "s", name  # a text cell, never a live formula
    assert names[FORMULA_NAMES[0]].quotePrefix
    text = export(client, "specialfund", "csv").decode("utf-8-sig")
    cells = {row[2] for row in csv.reader(io.StringIO(text, newline=""))}
    for name in FORMULA_NAMES:
        assert name not in cells and "'" + name in cells, name  # Excel shows the text, runs nothing


def test_a_file_without_the_code_column_keeps_every_funds_code(client, admin_user, funds):
    client.force_login(admin_user)
    before = rows_of(funds)
    data = export(client, "specialfund", "xlsx", exclude={"code"})
    assert "专项编码" not in [c.value for c in openpyxl.load_workbook(io.BytesIO(data)).active[1]]
    confirm(client, "specialfund", preview(client, "specialfund", data, "专项资金.xlsx"))
    assert rows_of(funds) == before


def test_a_blank_code_keeps_the_funds_code_and_a_new_fund_gets_none(client, admin_user, funds):
    client.force_login(admin_user)
    data = ("专项名称,预算年度,专项编码\n城市管理专项,2022,\n新建专项,2022,\n").encode()
    html = preview(client, "specialfund", data, "专项资金.csv")
    assert "新增 1 条" in html
    confirm(client, "specialfund", html)
    assert SpecialFund.objects.get(name="城市管理专项").code == "ZX-01"
    assert SpecialFund.objects.get(name="新建专项").code == ""


def test_a_database_refusal_is_a_chinese_row_error_naming_the_column(client, admin_user, funds, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise IntegrityError("NOT NULL constraint failed: budgets_specialfund.code")

    monkeypatch.setattr(SpecialFund, "save", refuse)
    client.force_login(admin_user)
    data = "专项名称,预算年度,专项编码\n新建专项,2022,X1\n".encode()
    html = preview(client, "specialfund", data, "专项资金.csv")
    assert "第2行" in html and "「专项编码」不能为空，数据库未能保存本行" in html
    assert "NOT NULL" not in html and "budgets_specialfund" not in html
    assert "/process_import/" not in html  # nothing to confirm


def test_an_unexpected_failure_in_a_row_is_said_in_chinese(client, admin_user, funds, monkeypatch):
    def broken(self, *args, **kwargs):
        raise RuntimeError("boom in English")

    monkeypatch.setattr(SpecialFund, "save", broken)
    client.force_login(admin_user)
    html = preview(client, "specialfund", "专项名称,预算年度\n新建专项,2022\n".encode(), "专项资金.csv")
    assert "第2行：本行无法导入：系统处理时出错" in html
    assert "boom" not in html and "Traceback" not in html and "RuntimeError" not in html


def test_unknown_and_missing_columns_are_named_in_chinese(client, admin_user, funds):
    client.force_login(admin_user)
    html = preview(client, "specialfund", "专项名字,预算年度\n新建专项,2022\n".encode(), "专项资金.csv")
    assert "第1列「专项名字」不是本表的列" in html and "缺少列：「专项名称」" in html
    assert "import_id_fields" not in html and "/process_import/" not in html


def test_cells_that_cannot_be_read_are_row_errors_naming_row_and_column(client, admin_user, funds):
    client.force_login(admin_user)
    data = "专项名称,预算年度,专项金额（万元）,实施期开始\n甲,2022,一百,\n乙,二〇二二,1,\n丙,2022,1,2022-13-01\n".encode()
    html = preview(client, "specialfund", data, "专项资金.csv")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "有 3 行未通过检查" in text
    assert "第2行 专项金额（万元） ：「一百」不是数字" in text
    assert "第3行 预算年度 ：「二〇二二」不是数字" in text
    assert "第4行 实施期开始 ：「2022-13-01」不是日期" in text
    assert not SpecialFund.objects.filter(name__in=["甲", "乙", "丙"]).exists()


def test_a_second_click_on_confirm_says_so_instead_of_failing(client, admin_user, funds):
    client.force_login(admin_user)
    html = preview(client, "specialfund", "专项名称,预算年度\n新建专项,2022\n".encode(), "专项资金.csv")
    confirm(client, "specialfund", html)
    again = confirm(client, "specialfund", html)
    assert again["Location"] == reverse("admin:budgets_specialfund_import")
    page = client.get(again["Location"]).content.decode()
    assert "这次预览的文件已不存在" in page
    assert SpecialFund.objects.filter(name="新建专项").count() == 1


def test_a_rule_the_database_keeps_is_said_in_its_own_words(client, admin_user, funds):
    client.force_login(admin_user)
    data = "专项名称,预算年度,实施期开始,实施期结束\n倒置专项,2022,2022-12-31,2022-01-01\n".encode()
    html = preview(client, "specialfund", data, "专项资金.csv")
    assert "实施期开始日期不能晚于结束日期。" in html
    assert "CHECK" not in html and "special_fund_period_ordered" not in html
    assert not SpecialFund.objects.filter(name="倒置专项").exists()


def test_the_admin_history_says_in_chinese_that_a_row_came_from_a_file(client, admin_user, funds, jinglong):
    from django.contrib.admin.models import LogEntry

    client.force_login(admin_user)
    data = "专项名称,预算年度,专项金额（万元）\n新建专项,2022,1\n城市管理专项,2022,2\n".encode()
    confirm(client, "specialfund", preview(client, "specialfund", data, "专项资金.csv"))
    messages = {e.object_repr: e.get_change_message() for e in LogEntry.objects.filter(user=admin_user)}
    assert messages == {"新建专项（2022年）": "通过导入文件新增。", "城市管理专项（2022年）": "通过导入文件修改。"}
    history = client.get(reverse("admin:budgets_specialfund_history", args=[SpecialFund.objects.get(name="新建专项").pk]))
    assert "通过导入文件新增。" in history.content.decode() and "import_export" not in history.content.decode()


def test_a_row_that_became_invalid_before_confirm_rolls_the_whole_import_back(client, admin_user, funds, jinglong):
    client.force_login(admin_user)
    data = "专项名称,预算年度,主管部门编码\n甲专项,2022,\n乙专项,2022,jinglong\n".encode()
    html = preview(client, "specialfund", data, "专项资金.csv")
    Department.objects.filter(pk=jinglong.pk).update(code="jinglong-old")  # recoded in another tab meanwhile
    response = confirm(client, "specialfund", html)
    assert response["Location"] == reverse("admin:budgets_specialfund_import")
    page = client.get(response["Location"]).content.decode()
    assert "确认导入时发现错误，没有写入任何数据：第3行" in page and "没有部门「jinglong」" in page
    assert not SpecialFund.objects.filter(name__in=["甲专项", "乙专项"]).exists()


def _kept_uploads(media_root):
    folder = media_root / "django-import-export"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _age(media_root, name, days):
    path = media_root / "django-import-export" / name
    when = (datetime.datetime.now() - datetime.timedelta(days=days)).timestamp()
    os.utime(path, (when, when))


def test_a_preview_nobody_confirmed_is_deleted_by_the_next_import_after_a_day(client, admin_user, funds, settings,
                                                                               tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_user)
    preview(client, "specialfund", "专项名称,预算年度\n没确认的专项,2022\n".encode(), "专项资金.csv")
    (abandoned,) = _kept_uploads(tmp_path)
    _age(tmp_path, abandoned, days=2)

    html = preview(client, "specialfund", "专项名称,预算年度\n新建专项,2022\n".encode(), "专项资金.csv")

    assert abandoned not in _kept_uploads(tmp_path) and len(_kept_uploads(tmp_path)) == 1
    confirm(client, "specialfund", html)
    assert SpecialFund.objects.filter(name="新建专项").exists()


def test_a_preview_of_today_is_kept_for_its_confirm(client, admin_user, funds, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_user)
    first = preview(client, "specialfund", "专项名称,预算年度\n稍后确认的专项,2022\n".encode(), "专项资金.csv")
    _age(tmp_path, _kept_uploads(tmp_path)[0], days=0.5)
    preview(client, "specialfund", "专项名称,预算年度\n另一个专项,2022\n".encode(), "专项资金.csv")

    confirm(client, "specialfund", first)

    assert SpecialFund.objects.filter(name="稍后确认的专项").exists()


def test_the_purge_command_deletes_previews_older_than_a_day(admin_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    folder = tmp_path / "django-import-export"
    folder.mkdir()
    (folder / "old").write_bytes(b"x")
    (folder / "new").write_bytes(b"x")
    _age(tmp_path, "old", days=1.5)
    out = io.StringIO()

    call_command("purge_import_uploads", stdout=out)

    assert _kept_uploads(tmp_path) == ["new"]
    assert "部门、专项资金导入的未确认预览文件 1 个" in out.getvalue()
