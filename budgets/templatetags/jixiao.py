import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from budgets.models.money import format_money

register = template.Library()


@register.filter
def wan(value):
    """An amount in 万元 as the form was filled in: 1482.9, 1234.5670 (never the stored 1482.900000); blank stays blank."""
    return format_money(value)


@register.filter
def rowcount(groups):
    """Rows under a 一级 group, for rowspan."""
    return sum(len(rows) for _, rows in groups)


_NUMBER = re.compile(r"[-+]?\d[\d,，.．]*\d|\d")


@register.filter
def nobreak(value):
    """Cell text with every number kept on one line (12345.6789 never wraps inside its cell)."""
    text = conditional_escape("" if value is None else value)
    return mark_safe(_NUMBER.sub(lambda m: f'<span class="num">{m.group(0)}</span>', text))  # noqa: S308 - escaped above
