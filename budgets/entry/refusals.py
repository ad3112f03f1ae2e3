"""Every refusal on a step page, listed at the top of the page (templates/entry/_wizard.html) by table,
row and column, each linking to the element beside which the page shows it.

Where each shows: a cell's beside its input (id_<name>); a row's own, or one on a hidden field of the
row (a forged id), in the row's first cell (<prefix>-errors, templates/entry/_row_errors.html); a
table's (a lost management form, too many rows) above the table (<prefix>-errors).
"""

from dataclasses import dataclass

from django.forms import BaseFormSet
from django.forms.forms import NON_FIELD_ERRORS


@dataclass(frozen=True)
class Refusal:
    where: str  # 「年度重点工作计划 第2行 · 行号」
    message: str
    anchor: str  # the id of the element it shows beside; "" for a form's own (listed here only)


def refusals(forms):
    """The refusals of a page's forms and formsets, in page order. A formset may carry `title` (what
    its table is called on the page) and `labels` ({field: its column header}, where the page names a
    column otherwise than the form)."""
    found = []
    for form in forms:
        if not form.is_bound:
            continue
        if isinstance(form, BaseFormSet):
            found += _table(form)
        else:
            found += _fields(form, "", {}, form_anchor="")
    return found


def _table(formset):
    title, labels = getattr(formset, "title", ""), getattr(formset, "labels", {})
    found = [Refusal(title, str(e), f"{formset.prefix}-errors") for e in formset.non_form_errors()]
    for number, row in enumerate(formset.forms, start=1):
        if not row.errors or (formset.can_delete and row.cleaned_data.get("DELETE")):
            continue  # a row marked 删除 is not checked (Django's formset leaves it out too)
        found += _fields(row, f"{title} 第{number}行", labels, form_anchor=f"{row.prefix}-errors")
    return found


def _fields(form, where, labels, form_anchor):
    found = []
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS:
            label, anchor = "", form_anchor
        else:
            bound = form[name]
            label = labels.get(name) or bound.label or name
            anchor = form_anchor if bound.is_hidden else bound.auto_id
        place = " · ".join(p for p in (where, label) if p)
        found += [Refusal(place, str(e), anchor) for e in errors]
    return found
