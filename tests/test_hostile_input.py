"""The server errors the fuzz test (tests/security/test_fuzz.py) found, each now a message or a 4xx."""

from django.contrib.auth.models import Group
from django.urls import reverse

from budgets.models import Filing, Indicator
from tests.security import fuzzkit as fk


def filing_form(client, filing):
    url = reverse("admin:budgets_filing_change", args=[filing.pk])
    form = [f for f in fk.forms_of(client.get(url).content.decode()) if f.method == "post" and "logout" not in f.action][0]
    return url, form


def test_a_year_written_as_a_superscript_or_circled_digit_lists_every_year(client, clerk_a, seed_filing):
    client.force_login(clerk_a)
    for year in ["²", "①", "9" * 40]:
        response = client.get("/", {"year": year})
        assert response.status_code == 200
        assert "石峰区井龙街道办事处" in response.content.decode()


def test_a_full_width_year_filters_the_list(client, clerk_a, seed_filing):
    client.force_login(clerk_a)
    assert "石峰区井龙街道办事处" in client.get("/", {"year": "２０２１"}).content.decode()
    assert "石峰区井龙街道办事处" not in client.get("/", {"year": "２０２０"}).content.decode()


def test_an_invisible_nul_in_a_search_is_refused_with_a_chinese_page(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/approvals/auditentry/", {"q": "井龙\x00"})
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


def test_a_department_that_is_not_an_id_gets_a_message_and_keeps_the_typed_text(client, admin_user, seed_filing):
    client.force_login(admin_user)
    url, form = filing_form(client, seed_filing)
    pairs = fk.replace(form.fields, "department", "abc")
    pairs = fk.replace(pairs, "duties", "新的部门职责概述")
    response = client.post(url, form.data(pairs))
    html = response.content.decode()
    assert response.status_code == 200
    assert "所选对象「abc」不存在或不属于本区" in html and "新的部门职责概述" in html


def test_two_attachment1_indicators_with_the_same_row_number_are_named_in_a_chinese_message(
        client, admin_user, seed_filing):
    client.force_login(admin_user)
    url, form = filing_form(client, seed_filing)
    first = dict(form.fields)["indicators-0-order"]
    pairs = fk.replace(form.fields, "indicators-1-order", first)
    pairs = fk.replace(pairs, "indicators-1-name", "改过的指标名称")
    response = client.post(url, form.data(pairs))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"行号{first}已被本表另一行年度指标使用" in html and "改过的指标名称" in html
    assert Indicator.objects.filter(filing=seed_filing, name="改过的指标名称").count() == 0


def test_two_new_indicators_with_the_same_row_number_are_refused_before_saving(client, admin_user, seed_filing):
    client.force_login(admin_user)
    url, form = filing_form(client, seed_filing)
    values = dict(form.fields)
    count = int(values["indicators-TOTAL_FORMS"])
    row = [(n, v) for n, v in form.fields if n.startswith("indicators-0-") and not n.endswith("-id")]
    new = [(n.replace("-0-", f"-{i}-"), v if not n.endswith("-order") else "99") for i in (count, count + 1)
           for n, v in row]
    pairs = fk.replace(form.fields, "indicators-TOTAL_FORMS", str(count + 2)) + new
    html = client.post(url, form.data(pairs)).content.decode()
    assert f"第{count + 2}行与第{count + 1}行的" in html
    assert not Indicator.objects.filter(filing=seed_filing, order=99).exists()


def test_swapping_two_row_numbers_asks_for_two_saves_instead_of_failing(client, admin_user, seed_filing):
    client.force_login(admin_user)
    url, form = filing_form(client, seed_filing)
    values = dict(form.fields)
    pairs = fk.replace(form.fields, "indicators-0-order", values["indicators-1-order"])
    pairs = fk.replace(pairs, "indicators-1-order", values["indicators-0-order"])
    response = client.post(url, form.data(pairs))
    assert response.status_code == 200
    assert "如需互换两行" in response.content.decode()


def test_a_negative_row_count_is_refused_and_nothing_is_saved(client, admin_user, seed_filing):
    client.force_login(admin_user)
    url, form = filing_form(client, seed_filing)
    pairs = fk.replace(form.fields, "indicators-INITIAL_FORMS", "-1")
    pairs = fk.replace(pairs, "duties", "不应保存的文字")
    response = client.post(url, form.data(pairs))
    html = response.content.decode()
    assert response.status_code == 200
    assert "表格的行数信息缺失或不正确" in html and "不应保存的文字" in html
    assert not Filing.objects.filter(duties="不应保存的文字").exists()


def test_a_permission_id_too_large_for_any_column_is_an_invalid_choice(client, django_user_model, db):
    client.force_login(django_user_model.objects.create_superuser("root", password="pw"))
    group = Group.objects.create(name="测试组")
    url = reverse("admin:auth_group_change", args=[group.pk])
    response = client.post(url, {"name": "测试组", "permissions": ["9223372036854775808"]})
    assert response.status_code == 200
    assert "9223372036854775808" in response.content.decode()  # named in the error, not lost


def test_a_search_longer_than_anyone_types_is_refused_with_a_chinese_page(client, admin_user, seed_filing):
    client.force_login(admin_user)
    for url in ["/admin/budgets/filing/", "/admin/autocomplete/?app_label=budgets&model_name=filing"
                                          "&field_name=department"]:
        response = client.get(url, {"q" if "filing/" in url else "term": "长" * 100_000})
        assert response.status_code == 400
        assert "参数过长" in response.content.decode()


def test_an_empty_popup_field_parameter_is_refused_with_a_chinese_page(client, admin_user, seed_filing):
    client.force_login(admin_user)
    response = client.get(reverse("admin:budgets_filing_change", args=[seed_filing.pk]), {"_to_field": ""})
    assert response.status_code == 400
    assert "参数不正确" in response.content.decode()


def test_an_admin_action_on_a_selection_that_is_not_an_id_selects_nothing(client, admin_user, seed_filing):
    client.force_login(admin_user)
    response = client.post("/admin/budgets/filing/", {"action": "delete_selected", "_selected_action": "abc"})
    assert response.status_code == 200
    assert Filing.objects.filter(pk=seed_filing.pk).exists()


def test_a_user_name_longer_than_any_column_is_one_more_wrong_login(client, clerk_a):
    response = client.post("/login/", {"username": "长" * 100000, "password": "x"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()
