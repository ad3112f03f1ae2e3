"""A project form's amounts keep the text as typed on the entry steps, as the importer keeps a workbook's:
the number is parsed for totals and checks, the typed text is what the step shows again and the form prints."""

from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.entry.services import create_filing
from budgets.models import AuditEntry, ProjectForm
from indicators.models import FormLayout
from tests.security.forms import extract_form_fields

from .helpers import post_step


@pytest.fixture
def project(frameworks, clerk_a):
    return create_filing(clerk_a, 2023, kind="project", layout=FormLayout.objects.get(code="hunan-project"))


def url(name, filing):
    return reverse(f"entry:{name}", args=[filing.pk])


def shown(client, page, field):
    return extract_form_fields(client.get(page).content.decode(), form_id="step-form")[field]


def printed(client, filing):
    return client.get(reverse("filing_detail", args=[filing.pk])).content.decode()


def test_the_project_total_keeps_the_text_typed_and_the_number_parsed(signed_in, project):
    page = url("project_basic", project)
    assert post_step(signed_in, page, {"name": "背街小巷提质改造", "amount": "1,234.50"}).status_code == 302
    form = ProjectForm.objects.get(filing=project)
    assert (form.amount, form.amount_text) == (Decimal("1234.5"), "1,234.50")
    assert shown(signed_in, page, "amount") == ["1,234.50"]
    assert "1,234.50" in printed(signed_in, project)
    # Posted back as shown: nothing changed, nothing saved.
    saves = AuditEntry.objects.filter(action="filing.saved").count()
    assert post_step(signed_in, page).status_code == 302
    assert AuditEntry.objects.filter(action="filing.saved").count() == saves
    # A number typed as we print it keeps no text of its own.
    post_step(signed_in, page, {"amount": "1482.9"})
    form.refresh_from_db()
    assert (form.amount, form.amount_text) == (Decimal("1482.9"), "")
    assert shown(signed_in, page, "amount") == ["1482.9"]


def test_money_and_cost_rows_keep_their_amounts_as_typed_and_add_up_the_numbers(signed_in, project):
    page = url("project_money", project)
    response = post_step(signed_in, page, {
        "money-0-label": "财政拨款", "money-0-amount": "1,060.50", "money-1-label": "自有资金", "money-1-amount": "１２０",
        "cost-0-item": "路面", "cost-0-amount": "1,180.50",
    })
    assert response.status_code == 302
    form = ProjectForm.objects.get(filing=project)
    assert [(m.amount, m.amount_text) for m in form.money_rows.all()] == [
        (Decimal("1060.5"), "1,060.50"), (Decimal("120"), "１２０")]
    assert [(c.amount, c.amount_text) for c in form.cost_rows.all()] == [(Decimal("1180.5"), "1,180.50")]
    assert shown(signed_in, page, "money-0-amount") == ["1,060.50"]
    assert shown(signed_in, page, "money-1-amount") == ["１２０"]
    assert shown(signed_in, page, "cost-0-amount") == ["1,180.50"]
    html = signed_in.get(page).content.decode()
    assert 'data-testid="money-total">1180.5<' in html
    detail = printed(signed_in, project)
    assert "1,060.50" in detail and "１２０" in detail and "1,180.50" in detail


def test_an_amount_too_long_to_keep_is_refused_in_chinese_and_stays_on_the_page(signed_in, project):
    typed = "0" * 100 + "1"
    response = post_step(signed_in, url("project_money", project), {"money-0-label": "财政拨款", "money-0-amount": typed})
    assert response.status_code == 200
    html = response.content.decode()
    assert "金额写得太长了（最多100个字符），请只填写数字，如 1482.9。" in html
    assert typed in html
    assert not ProjectForm.objects.get(filing=project).money_rows.exists()
