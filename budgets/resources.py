"""Excel import/export of single-table reference data (departments, special funds) in the admin.

These go through django-import-export, with its preview and confirm. The prior-year workbook has
its own importer (budgets/importexport, see README: Deviations). Rows are scoped like the admin:
a district 管理员 imports into their own district only, and a code or fund of another district is
a row error, never a silent update of someone else's record.
"""

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from .admin_scope import district_id_of
from .importexport.cells import CellError, parse_date
from .models import Department, District, SpecialFund
from .models.funds import fund_key
from .models.money import AmountError, format_money, parse_amount
from .services.packets import parse_period


class MoneyWidget(widgets.Widget):
    """1482.9, 1,482.90 and full-width digits read alike (parse_amount, as every way in reads an
    amount); blank stays blank. Written as typed (1234.5670 keeps its decimals), so an export
    re-imports unchanged."""

    def clean(self, value, row=None, **kwargs):
        try:
            return parse_amount(value)
        except AmountError as e:
            raise ValueError(str(e)) from None

    def render(self, value, obj=None, **kwargs):
        return format_money(value)


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        try:
            return parse_date(value)
        except CellError as e:
            raise ValueError(str(e)) from None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class CodeWidget(widgets.ForeignKeyWidget):
    """A foreign key by code, looked up only among what the importing user may use."""

    def __init__(self, model, field, queryset_for_row, label):
        super().__init__(model, field)
        self.queryset_for_row = queryset_for_row
        self.label = label

    def get_queryset(self, value, row, *args, **kwargs):
        return self.queryset_for_row()

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        try:
            return super().clean(str(value).strip(), row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(f"没有{self.label}「{value}」，或它不属于本区") from None


class ChoiceWidget(widgets.Widget):
    def __init__(self, choices):
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        for code, label in self.choices:
            if text in (code, label):
                return code
        raise ValueError(f"「{text}」不是可选值（可填：{'、'.join(label for _, label in self.choices)}）")

    def render(self, value, obj=None, **kwargs):
        return dict(self.choices).get(value, value)


class DistrictResource(resources.ModelResource):
    """Base: knows the importing user, and keeps every row inside their district."""

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def own_district_id(self):
        if self.user is None or self.user.is_superuser:
            return None
        return district_id_of(self.user)

    def districts(self):
        own = self.own_district_id()
        if self.user is not None and self.user.is_superuser:
            return District.objects.all()
        return District.objects.filter(pk=own) if own else District.objects.none()

    def get_queryset(self):
        qs = super().get_queryset()
        if self.user is not None and self.user.is_superuser:
            return qs
        own = self.own_district_id()
        return qs.filter(district_id=own) if own else qs.none()

    def before_import_row(self, row, **kwargs):
        # A district 管理员 may leave 区划代码 blank: it is their own district.
        own = self.own_district_id()
        if own and not str(row.get("区划代码") or "").strip():
            row["区划代码"] = District.objects.get(pk=own).code


class DepartmentResource(DistrictResource):
    district = fields.Field("district", "区划代码", widget=CodeWidget(District, "code", None, "区"))
    code = fields.Field("code", "部门编码")
    name = fields.Field("name", "部门名称")
    kind = fields.Field("kind", "类型", widget=ChoiceWidget(Department.Kind.choices))
    order = fields.Field("order", "排序", widget=widgets.IntegerWidget(), default=0)
    is_active = fields.Field("is_active", "启用", widget=widgets.BooleanWidget(), default=True)

    class Meta:
        model = Department
        import_id_fields = ["code"]
        fields = ["district", "code", "name", "kind", "order", "is_active"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["district"].widget.queryset_for_row = self.districts

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        code = str(row.get("部门编码") or "").strip()
        if code and not self.get_queryset().filter(code=code).exists() and Department.objects.filter(code=code).exists():
            raise ValidationError(f"部门编码「{code}」已被其他区的部门使用，不能导入或修改。")


class SpecialFundResource(DistrictResource):
    district = fields.Field("district", "区划代码", widget=CodeWidget(District, "code", None, "区"))
    year = fields.Field("year", "预算年度", widget=widgets.IntegerWidget())
    name = fields.Field("name", "专项名称")
    code = fields.Field("code", "专项编码")
    department = fields.Field("department", "主管部门编码", widget=CodeWidget(Department, "code", None, "部门"))
    amount = fields.Field("amount", "专项金额（万元）", widget=MoneyWidget())
    period_text = fields.Field("period_text", "实施期")
    period_start = fields.Field("period_start", "实施期开始", widget=DateWidget())
    period_end = fields.Field("period_end", "实施期结束", widget=DateWidget())

    class Meta:
        model = SpecialFund
        fields = ["district", "year", "name", "code", "department", "amount", "period_text",
                  "period_start", "period_end"]
        import_id_fields = ["district", "year", "name"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["district"].widget.queryset_for_row = self.districts
        self.fields["department"].widget.queryset_for_row = self.departments

    def departments(self):
        return Department.objects.filter(district__in=self.districts())

    def get_instance(self, instance_loader, row):
        # The same fund whatever the spacing of its name (as 附件3 wording is matched).
        district = self.fields["district"].clean(row)
        year = self.fields["year"].clean(row)
        return self.get_queryset().filter(district=district, year=year,
                                          name_key=fund_key(row.get("专项名称"))).first()

    def before_save_instance(self, instance, row, **kwargs):
        if not instance.period_start and not instance.period_end and instance.period_text:
            instance.period_start, instance.period_end = parse_period(instance.period_text)
