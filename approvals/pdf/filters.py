"""Template filters of the print templates (registered on the print engine only)."""

from decimal import Decimal

from django import template

from budgets.text import fmt_money

register = template.Library()


@register.filter
def cell(value):
    """Cell text as typed, minus the stray blank lines and spaces Word left around it."""
    return (value or "").strip()


@register.filter
def wan(value):
    return fmt_money(value)


@register.filter
def num(value):
    """A decimal without trailing zeros (80.00 → 80); blank stays blank."""
    if value is None:
        return ""
    return fmt_money(value if isinstance(value, Decimal) else Decimal(str(value)))
