"""Imported history stays as imported: the admin's add, change and delete pages refuse its rows."""

import pytest
from django.urls import reverse

from budgets.models import Filing, Indicator, KeyTask, ProjectFunding, ProjectSheet, SubItem

READ_ONLY = "这份申报是历史导入的数据，只读"


@pytest.fixture
def imported(seed_filing):
    Filing.objects.filter(pk=seed_filing.pk).update(origin=Filing.Origin.IMPORTED)
    seed_filing.refresh_from_db()
    return seed_filing


def _post_add(client, model, data):
    return client.post(reverse(f"admin:{model}_add"), data)


def test_admin_cannot_add_a_key_task_to_an_imported_filing(client, admin_user, imported):
    client.force_login(admin_user)
    before = KeyTask.objects.count()
    response = _post_add(client, "budgets_keytask", {"filing": imported.pk, "order": 99, "item": "新增事项"})
    assert response.status_code == 200
    assert READ_ONLY in response.content.decode()
    assert KeyTask.objects.count() == before


def test_admin_cannot_add_a_sub_item_to_an_imported_filing(client, admin_user, imported):
    client.force_login(admin_user)
    before = SubItem.objects.count()
    response = _post_add(client, "budgets_subitem", {
        "filing": imported.pk, "order": 99, "seq": "六", "name": "新支出方向", "amount": "1",
        "sheet-TOTAL_FORMS": "0", "sheet-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert READ_ONLY in response.content.decode()
    assert SubItem.objects.count() == before


def test_admin_cannot_add_an_indicator_to_an_imported_filing(client, admin_user, imported):
    client.force_login(admin_user)
    level2 = Indicator.objects.filter(filing=imported).first().level2
    before = Indicator.objects.count()
    response = _post_add(client, "budgets_indicator", {
        "filing": imported.pk, "level2": level2.pk, "period": "annual", "order": 99, "name": "新指标",
        "value_text": "≥1",
    })
    assert response.status_code == 200
    assert READ_ONLY in response.content.decode()
    assert Indicator.objects.count() == before


def test_admin_cannot_add_funding_to_an_imported_sheet(client, admin_user, imported):
    client.force_login(admin_user)
    sheet = ProjectSheet.objects.filter(sub_item__filing=imported).first()
    response = _post_add(client, "budgets_projectfunding", {"sheet": sheet.pk, "source": "general", "amount": "1"})
    assert response.status_code == 200
    assert READ_ONLY in response.content.decode()
    assert not ProjectFunding.objects.filter(sheet=sheet).exists()


def test_admin_cannot_add_a_sheet_to_a_line_of_an_imported_filing(client, admin_user, imported):
    client.force_login(admin_user)
    line = imported.sub_items.filter(sheet__isnull=True).first()
    response = _post_add(client, "budgets_projectsheet", {
        "sub_item": line.pk, "order": 9, "name": "新附件3", "amount": "1",
        "fundings-TOTAL_FORMS": "0", "fundings-INITIAL_FORMS": "0",
        "indicators-TOTAL_FORMS": "0", "indicators-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert READ_ONLY in response.content.decode()
    assert not ProjectSheet.objects.filter(sub_item=line).exists()


def test_admin_cannot_delete_a_key_task_of_an_imported_filing(client, admin_user, imported):
    client.force_login(admin_user)
    task = imported.key_tasks.first()
    url = reverse("admin:budgets_keytask_delete", args=[task.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert KeyTask.objects.filter(pk=task.pk).exists()


def test_bulk_delete_refuses_rows_of_an_imported_filing(client, admin_user, imported):
    client.force_login(admin_user)
    ids = list(imported.key_tasks.values_list("pk", flat=True))
    response = client.post(reverse("admin:budgets_keytask_changelist"),
                           {"action": "delete_selected", "_selected_action": ids, "post": "yes"})
    assert response.status_code == 403
    assert KeyTask.objects.filter(pk__in=ids).count() == len(ids)


def test_an_imported_filing_cannot_be_deleted_in_the_admin(client, admin_user, imported):
    client.force_login(admin_user)
    url = reverse("admin:budgets_filing_delete", args=[imported.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Filing.objects.filter(pk=imported.pk).exists()


def test_entered_filings_still_take_new_rows(client, admin_user, seed_filing):
    client.force_login(admin_user)
    response = _post_add(client, "budgets_keytask", {"filing": seed_filing.pk, "order": 99, "item": "新增事项"})
    assert response.status_code == 302
    assert seed_filing.key_tasks.filter(item="新增事项").exists()


def test_an_indicator_cannot_point_at_another_filings_sheet(client, admin_user, seed_filing, frameworks, xiangshiling):
    other = Filing.objects.create(department=xiangshiling, year=2021, framework=seed_filing.framework)
    sheet = ProjectSheet.objects.filter(sub_item__filing=seed_filing).first()
    level2 = Indicator.objects.filter(filing=seed_filing).first().level2
    client.force_login(admin_user)
    response = _post_add(client, "budgets_indicator", {
        "filing": other.pk, "sheet": sheet.pk, "level2": level2.pk, "period": "annual", "order": 99,
    })
    assert response.status_code == 200
    assert "所选附件3属于另一份申报" in response.content.decode()
