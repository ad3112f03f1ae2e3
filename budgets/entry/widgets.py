"""Form widgets that write their HTML in Python instead of through Django's widget templates.

A grid row has a dozen cells and the 二级 select some twenty options; Django renders every widget and
every <option> through a template, which made a 56-row grid cost about 300 ms of the page's 340
(benchmarks/entry_bench.py). These produce the same markup as Django's templates (same attributes, the
same blank line after <textarea>) from the widget's own get_context(), so ids, names, required and
checked/selected stay Django's, at a small fraction of the cost.
"""

from html import escape

from django import forms
from django.utils.safestring import mark_safe


def _esc(value):
    # The standard library's escape (the same five characters as Django's), without Django's lazy-string
    # wrappers, which were most of the remaining cost.
    return escape(str(value), quote=True)


def _attrs(attrs):
    """As django/forms/widgets/attrs.html: True is a bare attribute, False and None are left out."""
    return "".join(f" {k}" if v is True else f' {k}="{_esc(v)}"' for k, v in attrs.items()
                   if v is not False and v is not None)


class FastInputMixin:
    def render(self, name, value, attrs=None, renderer=None):
        w = self.get_context(name, value, attrs)["widget"]
        value_attr = "" if w["value"] is None else f' value="{_esc(w["value"])}"'
        return mark_safe(f'<input type="{w["type"]}" name="{_esc(w["name"])}"{value_attr}{_attrs(w["attrs"])}>')


class TextInput(FastInputMixin, forms.TextInput):
    pass


class NumberInput(FastInputMixin, forms.NumberInput):
    pass


class HiddenInput(FastInputMixin, forms.HiddenInput):
    pass


class CheckboxInput(FastInputMixin, forms.CheckboxInput):
    pass


class Textarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        w = self.get_context(name, value, attrs)["widget"]
        # Django's template writes a newline after <textarea> (HTML drops the first one), so a value
        # that starts with a line break keeps it.
        text = _esc(w["value"]) if w["value"] else ""
        return mark_safe(f'<textarea name="{_esc(w["name"])}"{_attrs(w["attrs"])}>\n{text}</textarea>')


class Select(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        w = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{_esc(w["name"])}"{_attrs(w["attrs"])}>']
        for group_name, options, _ in w["optgroups"]:
            if group_name:
                parts.append(f'<optgroup label="{_esc(group_name)}">')
            for option in options:
                parts.append(f'<option value="{_esc(option["value"])}"{_attrs(option["attrs"])}>'
                             f'{_esc(option["label"])}</option>')
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))
