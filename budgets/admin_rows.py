"""Admin inline formsets whose cost does not grow with their number of rows.

A filing's page holds dozens of rows (the seed: 56 indicators). Out of the box Django spends
several queries on every posted row, changed or not: it looks the row's id up again, looks each
foreign-key choice up again, re-checks that the chosen row exists and runs every model constraint
as its own query; rules that walk sheet → 支出方向 → filing add more. Here:

- the row ids are found among the rows the formset already loaded;
- a foreign-key choice (二级指标, 上级支出方向 …) is loaded once per formset, to render every row's
  list and to look the posted choice up;
- every row is handed the filing the formset belongs to, resolved once;
- a row posted back unchanged is not validated again against the model: nothing of it is saved,
  and the database already holds it under the same constraints. Rows that changed, and new rows,
  are validated in full; the formset still checks uniqueness across all rows.
"""

from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet, ModelChoiceField, ModelChoiceIterator


class LoadedChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.loaded():
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.loaded()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.loaded())


class RowChoiceField(ModelChoiceField):
    """A foreign-key choice whose choices are loaded once for all rows, to render and to look up.

    Every row's copy of the field shares the loaded choices (copies share this dict), keyed by the
    query so that a copy given another queryset does not read the wrong choices.
    """

    iterator = LoadedChoiceIterator

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._loaded = {}

    def loaded(self):
        sql = str(self.queryset.query)
        if sql not in self._loaded:
            self._loaded[sql] = list(self.queryset)
        return self._loaded[sql]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        key = self.to_field_name or "pk"
        if isinstance(value, self.queryset.model):
            value = getattr(value, key)
        found = next((obj for obj in self.loaded() if str(getattr(obj, key)) == str(value)), None)
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": value})
        return found


class KnownRowField(ModelChoiceField):
    """The hidden id of a row: one of the rows the formset loaded (a tampered id is refused)."""

    def __init__(self, formset, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.formset = formset

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            found = self.formset._existing_object(self.queryset.model._meta.pk.to_python(value))
        except ValidationError:
            found = None
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": value})
        return found


class UnchangedRowsTrusted:
    """Form mixin: a saved row posted back unchanged skips model validation (see module docstring)."""

    def _post_clean(self):
        if not self.instance._state.adding and not self.has_changed():
            return
        super()._post_clean()


class RowFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        name = self._pk_field.name
        field = form.fields.get(name)
        if type(field) is ModelChoiceField:
            form.fields[name] = KnownRowField(self, field.queryset, initial=field.initial, required=False,
                                              widget=field.widget)

    def owning_filing(self):
        if not hasattr(self, "_owning_filing"):
            parent = self.instance
            self._owning_filing = parent.owning_filing() if hasattr(parent, "owning_filing") else parent
        return self._owning_filing

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        filing = self.owning_filing()
        row = form.instance
        # Rows of a 附件3 sheet point at the filing too; hand them the one already loaded.
        if filing is not None and filing.pk and getattr(row, "filing_id", None) == filing.pk and self.fk.name != "filing":
            row.filing = filing
        return form


class ConstantQueryInline:
    """Inline admin mixin (list it first): the formset above, choices as RowChoiceField."""

    formset = RowFormSet

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name not in (*self.raw_id_fields, *self.autocomplete_fields):
            kwargs.setdefault("form_class", RowChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type(formset.form.__name__, (UnchangedRowsTrusted, formset.form), {})
        return formset
