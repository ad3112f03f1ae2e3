from django import template

from budgets.models.money import format_money

register = template.Library()


@register.filter
def wan(value):
    """An amount in 万元 as printed on the forms: 1482.9, not 1482.900000; blank stays blank."""
    return format_money(value)


@register.filter
def rowcount(groups):
    """Rows under a 一级 group, for rowspan."""
    return sum(len(rows) for _, rows in groups)
