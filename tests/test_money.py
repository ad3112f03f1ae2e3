"""One money formatter for pages, text, PDFs, the admin and exports: amounts read as typed."""

from decimal import Decimal

import pytest

from budgets.admin_base import MoneyInput, money_column
from budgets.models.money import format_money


@pytest.mark.parametrize("value, shown", [
    (0, "0"),
    (Decimal("0.000000"), "0"),
    (Decimal("-0.000000"), "0"),
    (Decimal("0E+1"), "0"),
    (Decimal("1482.900000"), "1482.9"),
    (Decimal("0.000001"), "0.000001"),
    (Decimal("12345678901.123456"), "12345678901.123456"),
    (Decimal("100"), "100"),
    (Decimal("100.000000"), "100"),
    (None, ""),
    (1482, "1482"),
])
def test_amounts_print_as_typed_without_exponents_or_trailing_zeros(value, shown):
    assert format_money(value) == shown


def test_admin_shows_a_zero_amount_as_0_in_the_list_and_in_the_input():
    class Row:
        amount = Decimal("0.000000")

    assert money_column("amount", "金额")(Row()) == "0"
    assert MoneyInput().format_value(Decimal("0.000000")) == "0"
    assert MoneyInput().format_value(Decimal("669.900000")) == "669.9"
    assert MoneyInput().format_value(None) is None
