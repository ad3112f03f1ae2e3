"""Shared admin behaviour: district scoping, compact inline widgets, money shown as typed."""

from decimal import Decimal

from django import forms
from django.db import models

from .access import membership_of


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
    models.DecimalField: {"widget": MoneyInput(attrs={"size": 12, "inputmode": "decimal"})},
}


def money_column(field, label):
    """A list column that shows an amount as typed (1482.9), not as stored (1482.900000)."""

    def column(obj):
        from .models.money import format_money

        return format_money(getattr(obj, field))

    column.short_description = label
    column.admin_order_field = field
    return column


def district_id_of(user):
    membership = membership_of(user)
    return membership.department.district_id if membership else None


class DistrictScopedAdmin:
    """A 管理员 works on their own district only; superusers see every district.

    `district_lookup` is the ORM path from the model to its District. Objects of another district
    are simply not there (404 from the admin), and foreign-key choices are narrowed the same way.
    """

    district_lookup = None
    scoped_foreign_keys = {"department": "district", "filing": "department__district", "district": "pk"}

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser or self.district_lookup is None:
            return qs
        return qs.filter(**{self.district_lookup: district_id_of(request.user)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        lookup = self.scoped_foreign_keys.get(db_field.name)
        if field is not None and lookup and not request.user.is_superuser:
            field.queryset = field.queryset.filter(**{lookup: district_id_of(request.user)})
        return field


class CompactInline:
    formfield_overrides = COMPACT


def is_imported(filing):
    return filing is not None and filing.is_imported


class ImportedReadOnlyInline:
    """Rows of an imported filing are history: shown, never edited here (re-import to correct).

    `filing_of(obj)` maps the parent object of the inline to its filing.
    """

    def filing_of(self, obj):
        return obj

    def _locked(self, obj):
        return obj is not None and is_imported(self.filing_of(obj))

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


class ImportedReadOnlyAdmin:
    """Change forms of imported filings and their rows are view-only pages."""

    imported_notice = "这是历史导入的数据，只读；如需更正，请修改导入文件后由管理员重新导入。"

    def filing_of(self, obj):
        return obj

    def has_change_permission(self, request, obj=None):
        if obj is not None and is_imported(self.filing_of(obj)):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Also covers the bulk-delete action and cascades: Django asks this for every object it
        # would delete, so an imported filing (whose rows are all locked) cannot be deleted either.
        if obj is not None and is_imported(self.filing_of(obj)):
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and is_imported(self.filing_of(obj)) and request.method == "GET":
            self.message_user(request, self.imported_notice, level="info")
        return super().change_view(request, object_id, form_url, extra_context)
