"""Admin formsets and widgets that answer tampered or conflicting input with a message, not a 500.

Every admin class gets them through the site's scoping mixin (budgets.admin_scope): each inline's
formset is combined with SafeInlineFormSet, and autocomplete fields use SafeAutocompleteSelect.
"""

from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db.models import UniqueConstraint
from django.forms.formsets import ManagementForm
from django.forms.models import BaseInlineFormSet
from django.utils.functional import cached_property

TAMPERED = "表格的行数信息缺失或不正确（页面可能已过期或被修改）。请重新打开本页后再填写。"


class StrictManagementForm(ManagementForm):
    """Row counts must be sensible: none negative, no more existing rows than rows.

    Django accepts INITIAL_FORMS=-1 and then treats every row but the last as an existing row.
    """

    def clean(self):
        data = super().clean()
        total, initial = data.get("TOTAL_FORMS", 0), data.get("INITIAL_FORMS", 0)
        if total < 0 or initial < 0 or initial > total:
            data.update(TOTAL_FORMS=0, INITIAL_FORMS=0)
            raise ValidationError(TAMPERED, code="tampered")
        return data


class SafeInlineFormSet(BaseInlineFormSet):
    """An inline formset that checks what the database would refuse.

    Django validates a conditional UniqueConstraint (附件1's 行号 are unique among indicators that
    have no sheet) only when every field its condition names is on the form; the 附件1 inline has
    no `sheet` field, so two rows with the same 行号 reached the database as an IntegrityError.
    Here every row is checked against the stored rows and against the other rows of the form.
    """

    default_error_messages = {"missing_management_form": TAMPERED}

    @cached_property
    def management_form(self):
        if not self.is_bound:
            return super().management_form
        form = StrictManagementForm(self.data, auto_id=self.auto_id, prefix=self.prefix, renderer=self.renderer)
        form.full_clean()
        return form

    def clean(self):
        super().clean()
        for constraint in self.model._meta.constraints:
            if isinstance(constraint, UniqueConstraint) and constraint.condition is not None and constraint.fields:
                self._check_unique(constraint)

    def _live_forms(self):
        for index, form in enumerate(self.forms):
            if not hasattr(form, "cleaned_data") or form.errors:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            if form.instance._state.adding and not form.has_changed():
                continue
            yield index, form

    def _applies(self, constraint, instance):
        """_applies(), asked once per distinct value of the fields the condition names (one query,
        not one per row: the rows of an inline nearly always share them)."""
        opts = self.model._meta
        names = sorted(set(_condition_fields(constraint.condition)))
        key = (constraint.name, *(getattr(instance, opts.get_field(n).attname) for n in names))
        cache = self.__dict__.setdefault("_applies_cache", {})
        if key not in cache:
            cache[key] = _applies(constraint, instance)
        return cache[key]

    def _check_unique(self, constraint):
        opts = self.model._meta
        fields = [opts.get_field(name) for name in constraint.fields]
        shown = [f for f in fields if f.name != self.fk.name]
        labels = "、".join(str(f.verbose_name) for f in shown)
        seen = {}
        for index, form in self._live_forms():
            instance = form.instance
            key = tuple(getattr(instance, f.attname) for f in fields)
            if None in key or not self._applies(constraint, instance):
                continue
            values = "、".join(_shown_value(instance, f) for f in shown)
            where = next((f.name for f in reversed(shown) if f.name in form.fields), None)
            if key in seen:
                form.add_error(where, f"第{index + 1}行与第{seen[key] + 1}行的{labels}相同（{values}）；"
                                      f"同一张表中{labels}不能重复，请改为未用的值。")
                continue
            seen[key] = index
            if not form.has_changed():
                continue  # a stored row posted back as it was: the database already holds it (no query)
            try:
                constraint.validate(self.model, instance)
            except ValidationError:
                form.add_error(where, f"第{index + 1}行：本表已保存的另一行的{labels}也是（{values}）；"
                                      f"同一张表中{labels}不能重复。如需互换两行，请先把其中一行改为未用的值并保存。")


def _condition_fields(q):
    for child in q.children:
        if isinstance(child, tuple):
            yield child[0].split("__")[0]
        else:
            yield from _condition_fields(child)


def _shown_value(instance, field):
    display = getattr(instance, f"get_{field.name}_display", None)
    return str(display() if display else getattr(instance, field.attname))


def _applies(constraint, instance):
    """Whether a conditional constraint covers this (unsaved) row, asked of the database as Django does."""
    against = instance._get_field_expression_map(meta=instance._meta)
    return constraint.condition.check(against)


class SafeAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that shows an unreadable posted id (department=abc) as no choice.

    Django's widget looks the posted value up to show its label and raises ValueError on a
    non-integer id while re-displaying the form; the field itself already reports 「选择一个有效的选项」.
    """

    def optgroups(self, name, value, attr=None):
        target = self.field.remote_field
        to_field = target.model._meta.get_field(target.field_name)
        readable = []
        for v in value:
            try:
                to_field.to_python(v)
            except ValidationError:
                continue
            readable.append(v)
        return super().optgroups(name, readable, attr)
