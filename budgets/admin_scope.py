"""District scoping for the whole admin, closed by default.

Every admin class declares `scope`, how its rows belong to a district:

- an ORM path from the model to its District ("department__district", "pk" for District itself);
- GLOBAL: reference data shared by all districts (frameworks, tiers, groups): a district 管理员 may
  read it, only superusers change it;
- a method `scope_queryset(request, queryset, district_id)` for anything else (users);
- nothing: the model is superusers' business only, and a district 管理员 sees none of it.

The admin site (budgets.admin_site) mixes `ScopedAdmin` into every registered class, so the
declaration is all an admin class has to write. From it the mixin scopes the changelist, change,
history and delete pages (get_queryset), every relation on the forms and inlines (dropdowns, raw
ids, autocomplete: the related model's own declared scope), the list filters' choices, and the
objects a delete would cascade to. Superusers are never narrowed.
"""

from django.contrib import admin
from django.contrib.admin.filters import AllValuesFieldListFilter, RelatedFieldListFilter
from django.contrib.admin.utils import NestedObjects, get_fields_from_path
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import router

from .access import membership_of
from .admin_formsets import SafeAutocompleteSelect, SafeInlineFormSet

GLOBAL = "global"
# Models with no admin of their own that forms still point at: global lookup tables.
UNREGISTERED_GLOBAL = (Permission, ContentType)
OUTSIDE_DISTRICT = "所选对象不存在或不属于本区，请重新选择。"
# The same, naming what was posted (Django fills in value / pk).
OUTSIDE_DISTRICT_VALUE = "所选对象「%(value)s」不存在或不属于本区，请重新选择。"
OUTSIDE_DISTRICT_PK = "所选对象「%(pk)s」不存在或不属于本区，请重新选择。"
OTHER_DISTRICT_OBJECTS = "其他区的数据"


def district_id_of(user):
    membership = membership_of(user)
    return membership.department.district_id if membership else None


def _site_admin(model):
    from django.contrib.admin import site

    return site._registry.get(model)


def scope_queryset(model, queryset, request):
    """`queryset` of `model` narrowed to what the request's user may see; fails closed."""
    user = request.user
    if user.is_active and user.is_superuser:
        return queryset
    model_admin = _site_admin(model._meta.concrete_model)
    if model_admin is None:
        return queryset if issubclass(model, UNREGISTERED_GLOBAL) else queryset.none()
    return model_admin.scoped(request, queryset)


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """The label beside a raw id comes from the scoped queryset: posting another district's id
    back must not print that object's name."""

    def __init__(self, rel, admin_site, queryset, **kwargs):
        super().__init__(rel, admin_site, **kwargs)
        self.queryset = queryset

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        try:
            if not self.queryset.filter(**{key: value}).exists():
                return "", ""
        except (ValueError, TypeError, ArithmeticError):
            return "", ""
        return super().label_and_url_for_value(value)


def _scope_formfield(field, db_field, request):
    if field is None or not hasattr(field, "queryset"):
        return field
    related = db_field.remote_field.model
    field.queryset = scope_queryset(related, field.queryset, request)
    field.error_messages["invalid_choice"] = OUTSIDE_DISTRICT_VALUE
    field.error_messages["invalid_pk_value"] = OUTSIDE_DISTRICT_PK
    widget = getattr(field.widget, "widget", field.widget)  # unwrap RelatedFieldWidgetWrapper
    if isinstance(widget, ForeignKeyRawIdWidget) and not isinstance(widget, ScopedRawIdWidget):
        scoped = ScopedRawIdWidget(widget.rel, widget.admin_site, field.queryset, attrs=widget.attrs,
                                   using=widget.db)
        if hasattr(field.widget, "widget"):
            field.widget.widget = scoped
        else:
            field.widget = scoped
    return field


class ScopedRelationsMixin:
    """Relations on forms offer and accept only objects the user may see (admins and inlines)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            # Re-displays an unreadable posted id (department=abc) as no choice instead of a 500.
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return _scope_formfield(super().formfield_for_foreignkey(db_field, request, **kwargs), db_field, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return _scope_formfield(super().formfield_for_manytomany(db_field, request, **kwargs), db_field, request)


class ScopedRelatedFieldListFilter(RelatedFieldListFilter):
    def field_choices(self, field, request, model_admin):
        related = field.remote_field.model
        visible = scope_queryset(related, related._default_manager.all(), request)
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(include_blank=False, ordering=ordering,
                                 limit_choices_to={"pk__in": visible.values("pk")})


class ScopedAllValuesFieldListFilter(AllValuesFieldListFilter):
    """Values through a relation (filing__year) come from the admin's own scoped rows."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.lookup_choices = (model_admin.get_queryset(request).distinct().order_by(field_path)
                               .values_list(field_path, flat=True))


def _scoped_filter(model, entry):
    if not isinstance(entry, str):
        return entry
    try:
        field = get_fields_from_path(model, entry)[-1]
    except (FieldDoesNotExist, admin.utils.NotRelationField):
        return entry
    if field.is_relation:
        return (entry, ScopedRelatedFieldListFilter)
    if "__" in entry and not field.choices and field.get_internal_type() not in ("BooleanField", "DateField",
                                                                                  "DateTimeField"):
        return (entry, ScopedAllValuesFieldListFilter)
    return entry


class ScopedAdmin(ScopedRelationsMixin):
    """Mixed into every registered ModelAdmin by the site; see the module docstring.

    It reads `scope` (and `district_read_only`: rows a district 管理员 may see but not change, such
    as their own District) from the admin class it is mixed into, so it defines neither itself.
    """

    # --- which rows ---

    def scoped(self, request, queryset):
        user = request.user
        if user.is_active and user.is_superuser:
            return queryset
        scope = getattr(self, "scope", None)
        if scope == GLOBAL:
            return queryset
        if not self._declared():
            return queryset.none()
        district = district_id_of(user)
        if district is None:
            return queryset.none()
        if hasattr(self, "scope_queryset"):
            return self.scope_queryset(request, queryset, district)
        return queryset.filter(**{scope: district})

    def get_queryset(self, request):
        return self.scoped(request, super().get_queryset(request))

    def _declared(self):
        return bool(getattr(self, "scope", None)) or hasattr(self, "scope_queryset")

    def _may_write(self, request):
        user = request.user
        if user.is_active and user.is_superuser:
            return True
        return (self._declared() and getattr(self, "scope", None) != GLOBAL
                and not getattr(self, "district_read_only", False))

    # --- what they may do ---

    def has_module_permission(self, request):
        if not (request.user.is_superuser or self._declared()):
            return False
        return super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        if not (request.user.is_superuser or self._declared()):
            return False
        return super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._may_write(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._may_write(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_write(request) and super().has_delete_permission(request, obj)

    # --- list filters and deletes ---

    def get_list_filter(self, request):
        return [_scoped_filter(self.model, entry) for entry in super().get_list_filter(request)]

    def get_deleted_objects(self, objs, request):
        """Refuse (without naming them) a delete that would reach another district's rows."""
        if not request.user.is_superuser:
            collector = NestedObjects(using=router.db_for_write(self.model))
            collector.collect(objs)
            reached = {}
            for obj in [o for instances in collector.data.values() for o in instances] + list(collector.protected):
                reached.setdefault(type(obj)._meta.concrete_model, set()).add(obj.pk)
            for model, pks in reached.items():
                if _site_admin(model) is None:
                    continue  # rows with no admin of their own go with their parent
                # One query per model, however many rows the delete reaches.
                visible = scope_queryset(model, model._default_manager.filter(pk__in=pks), request)
                if visible.count() != len(pks):
                    return [], {}, {OTHER_DISTRICT_OBJECTS}, []
        return super().get_deleted_objects(objs, request)

    def get_inline_instances(self, request, obj=None):
        return [_scoped_inline(inline) for inline in super().get_inline_instances(request, obj)]


class ScopedInline(ScopedRelationsMixin):
    """Inline rows are scoped like their own admin's, and written only where the parent may be."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if _site_admin(self.model._meta.concrete_model) is not None:
            qs = scope_queryset(self.model, qs, request)
        return qs

    def get_formset(self, request, obj=None, **kwargs):
        # Every inline checks tampered row counts and conditional unique 行号 (budgets.admin_formsets).
        formset = super().get_formset(request, obj, **kwargs)
        if not issubclass(formset, SafeInlineFormSet):
            formset = type(formset.__name__, (SafeInlineFormSet, formset), {})
        return formset

    def _parent_may_write(self, request):
        parent = _site_admin(self.parent_model._meta.concrete_model)
        return parent is not None and parent._may_write(request)

    def has_add_permission(self, request, obj=None):
        return self._parent_may_write(request) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._parent_may_write(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._parent_may_write(request) and super().has_delete_permission(request, obj)


def _scoped_inline(inline):
    if not isinstance(inline, ScopedInline):
        inline.__class__ = type(inline.__class__.__name__, (ScopedInline, inline.__class__), {})
    return inline


def scoped_admin_class(admin_class):
    """The class the site registers: `admin_class` with ScopedAdmin mixed in first."""
    if issubclass(admin_class, ScopedAdmin):
        return admin_class
    return type(admin_class.__name__, (ScopedAdmin, admin_class), {"__module__": admin_class.__module__})
