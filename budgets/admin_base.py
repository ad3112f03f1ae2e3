"""Shared admin behaviour: optimistic locking, compact inline widgets, money shown as typed, frozen filings read-only."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from . import lifecycle
from .locking import MISSING_MESSAGE, STALE_MESSAGE, StaleRevision, bump_revision, check_revision
from .models.money import NumberFormField


class MoneyInput(forms.TextInput):
    """Show 1482.9, not 1482.900000: the database keeps six places, people read what they typed."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            from .models.money import format_money

            return format_money(value)
        return super().format_value(value)


class VerbatimText(forms.CharField):
    """Keep text exactly as typed: no stripping, and the browser's CRLF back to the LF we store.

    Filings are documents: the seed's cells carry leading newlines and lone spaces, and saving a
    form nobody edited must not change a byte (or log a change).
    """

    def __init__(self, *args, **kwargs):
        kwargs["strip"] = False
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


COMPACT = {
    models.TextField: {"form_class": VerbatimText, "widget": forms.Textarea(attrs={"rows": 2, "cols": 32})},
    models.CharField: {"form_class": VerbatimText},
    # Amounts, 权重 and 指标值（数值） read as the entry screens read them (budgets.models.money.parse_amount).
    models.DecimalField: {"form_class": NumberFormField, "widget": MoneyInput(attrs={"size": 12, "inputmode": "decimal"})},
}


def money_column(field, label):
    """A list column that shows an amount as typed (1482.9), not as stored (1482.900000)."""

    def column(obj):
        from .models.money import format_money

        return format_money(getattr(obj, field))

    column.short_description = label
    column.admin_order_field = field
    return column


class RevisionForm(forms.ModelForm):
    """Carries the owning filing's revision from the page that was opened (budgets.locking).

    The admin renders the hidden field through templates/admin/change_form.html.
    """

    locked_filing_id = None
    locked_revision = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.locked_filing_id is not None:
            self.fields["filing_revision"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=self.locked_revision)

    def clean(self):
        cleaned = super().clean()
        if self.locked_filing_id is None:
            return cleaned
        expected = cleaned.get("filing_revision")
        if expected is None:
            raise ValidationError(MISSING_MESSAGE, code="missing_revision")
        try:
            check_revision(self.locked_filing_id, expected)
        except StaleRevision as stale:
            # Saving the same page again is then a deliberate choice made after this message.
            self.data = self.data.copy()
            self.data[self.add_prefix("filing_revision")] = stale.current
            raise ValidationError(STALE_MESSAGE, code="stale") from None
        return cleaned


class RevisionCheckedAdmin:
    """Change pages of a filing and its rows refuse a save made from a stale page.

    `filing_of(obj)` maps the edited object to its filing. Every save moves the filing's revision on,
    so pages other people have open become stale.
    """

    def filing_of(self, obj):
        return obj

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        filing = self.filing_of(obj) if obj is not None else None
        if filing is None or filing.pk is None:
            return form
        return type(form.__name__, (RevisionForm, form),
                    {"locked_filing_id": filing.pk, "locked_revision": filing.revision})

    def get_fields(self, request, obj=None):
        # The token is rendered by the template, not as a row of the form.
        return [f for f in super().get_fields(request, obj) if f != "filing_revision"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        filing = self.filing_of(form.instance)
        if filing is not None:
            bump_revision(filing.pk)


class CompactInline:
    formfield_overrides = COMPACT


def frozen_reason(filing):
    return lifecycle.frozen_reason(filing) if filing is not None else ""


class LifecycleReadOnlyInline:
    """Rows of a filing the lifecycle freezes (imported history, under review, decided) are shown,
    never edited here.

    `filing_of(obj)` maps the parent object of the inline to its filing.
    """

    def filing_of(self, obj):
        return obj

    def _locked(self, obj):
        return obj is not None and bool(frozen_reason(self.filing_of(obj)))

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


class LifecycleReadOnlyAdmin:
    """Change forms of frozen filings (budgets.lifecycle.frozen_reason) and their rows are view-only pages."""

    def filing_of(self, obj):
        return obj

    def has_change_permission(self, request, obj=None):
        if obj is not None and frozen_reason(self.filing_of(obj)):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Also covers the bulk-delete action and cascades: Django asks this for every object it
        # would delete, so an imported filing (whose rows are all locked) cannot be deleted either.
        if obj is not None and frozen_reason(self.filing_of(obj)):
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and (reason := frozen_reason(self.filing_of(obj))) and request.method == "GET":
            self.message_user(request, reason, level="info")
        return super().change_view(request, object_id, form_url, extra_context)


class ReadOnlyAdmin:
    """Records written only by their own code (audit log, import batches, the workflow's revisions
    and decisions): viewed in the admin, never added, changed or deleted there."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
