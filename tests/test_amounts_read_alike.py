"""One reading of a typed amount: the entry screens, the admin, the prior-year workbook, the reference-data
import and the demo packet accept and refuse the same text, and refuse what they cannot read exactly
(「10²」 was stored as 102, 「①」 as 1)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from budgets.entry.forms import MoneyField
from budgets.importexport.cells import CellError, parse_cell
from budgets.importexport.format import OVERALL, SHEETS
from budgets.models import Filing
from budgets.models.money import AmountError
from budgets.resources import MoneyWidget
from budgets.services.packets import money

from .admin_forms import admin_form_data
from .entry.helpers import post_step

MONEY_COLUMN = next(c for c in SHEETS[OVERALL] if c.field == "total_amount")

ACCEPTED = {
    "1482.9": Decimal("1482.9"),
    "1,482.90": Decimal("1482.90"),
    "１，４８２．９": Decimal("1482.9"),
    " 1482.9\u3000": Decimal("1482.9"),
    "1234.5670": Decimal("1234.5670"),
    "0": Decimal("0"),
}
REFUSED = ["10²", "①", "Ⅻ", "٣٤", "1e5", "NaN", "Infinity", "-1", "0.0000001", "1234567890123", "12万",
           "1,48,2", "1.2.3", "9" * 100_000]


def read_by_entry(text):
    try:
        return MoneyField().clean(text)
    except ValidationError:
        return "refused"


def read_by_admin(text):
    field = Filing._meta.get_field("total_amount").formfield()
    try:
        return field.clean(text)
    except ValidationError:
        return "refused"


def read_by_workbook(text):
    try:
        return parse_cell(MONEY_COLUMN, text)
    except CellError:
        return "refused"


def read_by_fund_import(text):
    try:
        return MoneyWidget().clean(text)
    except ValueError:
        return "refused"


def read_by_packet(text):
    try:
        return money(text)
    except AmountError:
        return "refused"


@pytest.fixture
def signed_in(client, clerk_a):
    client.force_login(clerk_a)
    return client


READERS = [read_by_entry, read_by_admin, read_by_workbook, read_by_fund_import, read_by_packet]


@pytest.mark.parametrize("text", list(ACCEPTED))
def test_every_way_in_reads_an_amount_as_typed(text, db):
    for read in READERS:
        value = read(text)
        assert value == ACCEPTED[text] and str(value) == str(ACCEPTED[text]), (read.__name__, value)


@pytest.mark.parametrize("text", REFUSED, ids=lambda t: t[:12])
def test_every_way_in_refuses_what_it_cannot_read_exactly(text, db):
    assert [read(text) for read in READERS] == ["refused"] * len(READERS)


def test_a_superscript_amount_is_refused_on_the_basic_step_naming_the_field(signed_in, seed_filing):
    response = post_step(signed_in, reverse("entry:step_basic", args=[seed_filing.pk]),
                         {"total_amount": "10²", "income_general": "①"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "「10²」不是数字：「²」不是普通数字，请用 0–9 填写" in html
    assert "「①」不是数字" in html
    seed_filing.refresh_from_db()
    assert seed_filing.total_amount == Decimal("1482.9") and seed_filing.income_general != 1


def test_the_admin_refuses_a_circled_digit_in_an_amount(client, admin_user, seed_filing):
    client.force_login(admin_user)
    url = reverse("admin:budgets_filing_change", args=[seed_filing.pk])
    fields = admin_form_data(client.get(url))
    fields["total_amount"] = "①"
    response = client.post(url, fields)
    assert response.status_code == 200
    assert "「①」不是数字" in response.content.decode()
    seed_filing.refresh_from_db()
    assert seed_filing.total_amount == Decimal("1482.9")
