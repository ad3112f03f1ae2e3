import re

from django import template
from django.utils.html import escape
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
    """Cell text with every number kept on one line (12345.6789 never wraps inside its cell).

    The numbers are found in the text as typed and each piece is escaped on its own: searching the
    escaped text would find the 27 inside 「&#x27;」 and print 「it's」 as 「it&#x27;s」."""
    if hasattr(value, "__html__"):  # already safe HTML: leave its markup alone
        return value
    text = "" if value is None else str(value)
    out, start = [], 0
    for m in _NUMBER.finditer(text):
        out += [escape(text[start:m.start()]), '<span class="num">', escape(m.group(0)), "</span>"]
        start = m.end()
    out.append(escape(text[start:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of the text is escaped above
