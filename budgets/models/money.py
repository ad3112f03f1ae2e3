"""Money is Decimal in 万元 everywhere, stored with 6 decimal places (some provinces ask for 6).

A blank cell (None) and 0 are different things on a form and are kept apart.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

MONEY_PLACES = 6
MONEY_DIGITS = 18


def format_money(value):
    """An amount as people read and type it: 1482.9, not 1482.900000, 1.4829E+3 or 0E-6.

    "" for a blank amount (None), "0" for any zero. Sums of blank amounts come back as int 0,
    so ints (and anything Decimal() accepts) are formatted the same way.
    """
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if number.is_zero():
        return "0"
    # normalize() drops the stored trailing zeros; "f" keeps 1E+2 as 100.
    return format(number.normalize(), "f")


def MoneyField(verbose_name, **kwargs):  # noqa: N802 - reads like a field class
    kwargs.setdefault("null", True)
    kwargs.setdefault("blank", True)
    return models.DecimalField(
        verbose_name,
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        validators=[MinValueValidator(Decimal(0), message="金额不能为负数")],
        **kwargs,
    )


def non_negative(model_name, *fields):
    """Database guards: an amount is blank or ≥ 0, whatever path wrote it."""
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{f}__isnull": True}) | models.Q(**{f"{f}__gte": 0}),
            name=f"{model_name}_{f}_non_negative",
            violation_error_message="金额不能为负数。",
        )
        for f in fields
    ]
