"""An administrator can read and correct a whole filing in the admin."""

from django.urls import reverse

from budgets.models import Filing, Indicator


def test_admin_filing_page_shows_attachment_1_with_its_inlines(client, admin_user, seed_filing):
    client.force_login(admin_user)
    html = client.get(reverse("admin:budgets_filing_change", args=[seed_filing.pk])).content.decode()
    assert "附件1 部门整体支出绩效目标表" in html
    assert "附件1 年度绩效指标" in html
    assert "辖区内居民" in html  # an 附件1 indicator
    assert "机械化作业、人工清扫、公厕管养" not in html  # 附件3 indicators are on the sheet pages
    assert "环卫作业服务费" in html  # 附件2 rows


def test_admin_sheet_page_lists_its_indicators(client, admin_user, seed_filing):
    client.force_login(admin_user)
    sheet = Indicator.objects.filter(filing=seed_filing, sheet__isnull=False).first().sheet
    html = client.get(reverse("admin:budgets_projectsheet_change", args=[sheet.pk])).content.decode()
    assert sheet.name in html
    assert "附件3 绩效指标" in html


def test_every_admin_list_page_opens(client, admin_user, seed_filing):
    client.force_login(admin_user)
    for name in ["budgets_district", "budgets_department", "budgets_membership", "budgets_filing", "budgets_keytask",
                 "budgets_projectfunding",
                 "budgets_subitem", "budgets_projectsheet", "indicators_framework", "indicators_level2",
                 "budgets_indicator", "budgets_auditentry"]:
        response = client.get(reverse(f"admin:{name}_changelist"))
        assert response.status_code == 200, name


def test_admin_search_finds_a_filing_by_department_name(client, admin_user, seed_filing, xiangshiling, frameworks):
    Filing.objects.create(department=xiangshiling, year=2021, framework=frameworks["hunan-2021"],
                          department_name="石峰区响石岭街道办事处")
    client.force_login(admin_user)
    response = client.get(reverse("admin:budgets_filing_changelist") + "?q=井龙")
    assert list(response.context["cl"].result_list) == [seed_filing]


def test_filers_cannot_open_the_admin(client, clerk_a):
    client.force_login(clerk_a)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:login") + "?next=" + reverse("admin:index")


def test_empty_choices_are_offered_in_chinese(client, admin_user, seed_filing):
    client.force_login(admin_user)
    html = client.get(reverse("admin:budgets_indicator_add")).content.decode()
    assert "- 请选择 -" in html
    assert "Select an option" not in html


def test_editing_a_value_in_the_admin_updates_its_printed_parts(client, admin_user, seed_filing):
    indicator = Indicator.objects.filter(filing=seed_filing, sheet__isnull=False).exclude(value_text="").first()
    client.force_login(admin_user)
    url = reverse("admin:budgets_indicator_change", args=[indicator.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(filing=indicator.filing_id, sheet=indicator.sheet_id, level2=indicator.level2_id,
                value_text="≥99.5%", filing_revision=form["filing_revision"].value())
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:1500]
    indicator.refresh_from_db()
    assert (indicator.operator, str(indicator.value_number.normalize()), indicator.unit) == ("≥", "99.5", "%")


def test_backwards_implementation_dates_get_a_chinese_message(client, admin_user, seed_filing):
    from budgets.models import ProjectSheet

    sheet = ProjectSheet.objects.filter(sub_item__filing=seed_filing).first()
    client.force_login(admin_user)
    url = reverse("admin:budgets_projectsheet_change", args=[sheet.pk])
    page = client.get(url)
    data = {}
    for form in [page.context["adminform"].form] + [f for fs in page.context["inline_admin_formsets"]
                                                    for f in [fs.formset.management_form, *fs.formset.forms]]:
        for name in form.fields:
            value = form[name].value()
            if value is not None and value is not False:
                data[form.add_prefix(name)] = value
    data.update(period_start="2025-01-01", period_end="2022-01-01")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "实施期开始日期不能晚于结束日期。" in response.content.decode()


def test_admin_adding_a_second_form_of_a_year_needs_its_own_form_number(client, admin_user, seed_filing):
    from django.urls import reverse

    from budgets.models import Filing
    from indicators.models import FormLayout
    from tests.security.forms import extract_form_fields

    client.force_login(admin_user)
    add = reverse("admin:budgets_filing_add")
    fields = {k: v[0] if len(v) == 1 else v for k, v in extract_form_fields(client.get(add).content.decode()).items()}
    fields.update({"department": str(seed_filing.department_id), "year": "2021", "version": "1", "form_no": "0",
                   "kind": "project", "layout": str(FormLayout.objects.get(code="hunan-project").pk),
                   "framework": str(seed_filing.framework_id),
                   "origin": "entered", "department_name": "石峰区井龙街道办事处", "money_unit": "万元"})
    fields = {k: v for k, v in fields.items() if not k.startswith("_") or k == "_save"}
    refused = client.post(add, fields)
    assert refused.status_code == 200
    assert "本单位该年度已有同一表号、同一版本的申报。" in refused.content.decode()
    fields["form_no"] = "1"
    saved = client.post(add, fields)
    assert saved.status_code == 302, [str(e) for e in saved.context["errors"]] if saved.context else saved.status_code
    assert sorted(Filing.objects.values_list("form_no", flat=True)) == [0, 1]
