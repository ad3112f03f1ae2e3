"""Template filters of the print templates (registered on the print engine only)."""

from django import template

from budgets.models.money import format_money
from budgets.templatetags.jixiao import nobreak

register = template.Library()
register.filter("nobreak", nobreak)


@register.filter
def cell(value):
    """Cell text as typed, minus the stray blank lines and spaces Word left around it."""
    return (value or "").strip()


@register.filter
def wan(value):
    """An amount in 万元 as typed: 1482.9, 1234.5670, not 1482.900000; blank stays blank."""
    return format_money(value)


@register.filter
def num(value):
    """A 指标值 number or 权重 without trailing zeros (80.00 → 80); blank stays blank."""
    return format_money(value)
