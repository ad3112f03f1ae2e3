"""Excel import/export of single-table reference data (departments, special funds) in the admin.

These go through django-import-export, with its preview and confirm. The prior-year workbook has
its own importer (budgets/importexport, see README: Deviations). Rows are scoped like the admin:
a district 管理员 imports into their own district only, and a code or fund of another district is
a row error, never a silent update of someone else's record.

What a user sees of an import is Chinese and names the column: a cell that cannot be read, a value
the model refuses, and a write the database refuses (the row is rolled back to its savepoint and the
message says which column); an export re-imports unchanged (blank cells are blank text, not NULL).
The files themselves are read and written by budgets/admin_formats.py.
"""

import logging
import re
import unicodedata
from decimal import Decimal
from html import escape

from diff_match_patch import diff_match_patch
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, IntegrityError, models, transaction
from django.utils.safestring import mark_safe
from import_export import fields, resources, widgets
from import_export.results import RowResult

from .admin_scope import district_id_of
from .importexport.cells import CellError, number_for_cell, parse_bool, parse_date, parse_int
from .models import Department, District, SpecialFund
from .models.funds import fund_key
from .models.money import AmountError, format_money, parse_amount
from .services.packets import parse_period

logger = logging.getLogger(__name__)

UNEXPECTED_ROW = "本行无法导入：系统处理时出错（已记录日志），请检查本行内容；如仍不行请联系系统管理员。"
UNEXPECTED_FILE = "导入失败：系统处理文件时出错（已记录日志），没有写入任何数据；请检查文件内容，或联系系统管理员。"
ROW = "本行"  # the label of errors that belong to no one column


class ImportRefused(Exception):
    """A file this resource cannot import at all (e.g. its columns); str() is the Chinese message."""


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def normalize_header(text):
    """Headers match whatever their spacing and width: 「专项金额(万元)」 is 「专项金额（万元）」."""
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split())


def as_text(value):
    """A cell as text: numbers as typed (430204, not 430204.00 or 430204.0)."""
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return format(value.to_integral_value(), "f")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- widgets: one cell in (Chinese ValueError if unreadable), one cell out ---------------------------

class TextWidget(widgets.Widget):
    """Text as the cell has it (so an export re-imports unchanged, spaces and all; codes are stripped);
    a blank cell (None from xlsx, "" from CSV) is the empty text the model keeps, never NULL."""

    def __init__(self, strip=False):
        super().__init__()
        self.strip = strip

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else as_text(value)
        return text.strip() if self.strip else text

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


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
        if value is None:
            return ""
        if kwargs.get("force_native_type"):
            return number_for_cell(value)  # a number cell in xlsx, text only where a float would round
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
        if kwargs.get("force_native_type"):
            return value
        return value.isoformat() if value else ""


class WholeNumberWidget(widgets.Widget):
    """A whole number within the model field's range; 2021, 2021.0 and ２０２１ read alike."""

    def __init__(self, low, high, label=None):
        super().__init__()
        self.low, self.high, self.label = low, high, label

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        try:
            number = parse_int(value)
        except CellError as e:
            raise ValueError(str(e)) from None
        if not self.low <= number <= self.high:
            raise ValueError(f"{self.label or ''}「{as_text(value)}」应在{self.low}到{self.high}之间")
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class YesNoWidget(widgets.Widget):
    """是/否 (also 1/0, Y/N, true/false); import-export's BooleanWidget read 「是」 as False."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        try:
            return parse_bool(value)
        except CellError as e:
            raise ValueError(str(e)) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else ("是" if value else "否")


class CodeWidget(widgets.ForeignKeyWidget):
    """A foreign key by code, looked up only among what the importing user may use.

    Each code is looked up once per import (a resource and its widgets are copied for every import)."""

    def __init__(self, model, field, queryset_for_row, label):
        super().__init__(model, field)
        self.queryset_for_row = queryset_for_row
        self.label = label
        self.found = {}

    def get_queryset(self, value, row, *args, **kwargs):
        return self.queryset_for_row()

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        code = as_text(value).strip()
        if code not in self.found:
            self.found[code] = self.queryset_for_row().filter(**{self.field: code}).first()
        if self.found[code] is None:
            raise ValueError(f"没有{self.label}「{code}」，或它不属于本区")
        return self.found[code]


class ChoiceWidget(widgets.Widget):
    def __init__(self, choices):
        super().__init__()
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        for code, label in self.choices:
            if text in (code, label):
                return code
        raise ValueError(f"「{text}」不是可选值（可填：{'、'.join(label for _, label in self.choices)}）")

    def render(self, value, obj=None, **kwargs):
        return dict(self.choices).get(value, value)


class KeptIfBlank(fields.Field):
    """A blank cell keeps what the record has; a new record gets the model's default.

    For values a file may leave out without meaning "clear it": a fund's code (optional, but an
    empty cell must never become NULL), a department's type, order and 启用."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        if not is_blank(row.get(self.column_name)):
            super().save(instance, row, is_m2m, **kwargs)


class PlainDiff(resources.Diff):
    """The preview's changed cells as <ins>/<del>, styled by CSS: import-export's own diff HTML
    carries style="" attributes, which the Content-Security-Policy blocks."""

    TAGS = {diff_match_patch.DIFF_INSERT: "ins", diff_match_patch.DIFF_DELETE: "del", diff_match_patch.DIFF_EQUAL: "span"}

    def as_html(self):
        dmp = diff_match_patch()
        cells = []
        for before, after in zip(self.left, self.right, strict=False):  # right is empty until compared
            if before != after and self.new:
                before = ""
            ops = dmp.diff_main(str(before), str(after))
            dmp.diff_cleanupSemantic(ops)
            cells.append(mark_safe("".join(f"<{self.TAGS[op]}>{escape(text)}</{self.TAGS[op]}>" for op, text in ops)))
        return cells


class _RowFailed(Exception):
    def __init__(self, result):
        self.result = result


# --- resources -------------------------------------------------------------------------------------

class DistrictResource(resources.ModelResource):
    """Base: knows the importing user, keeps every row inside their district, speaks Chinese."""

    required_columns = ()  # columns a file must have (a district 管理员 may leave out 区划代码)

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self._own_code = None

    def get_diff_class(self):
        return PlainDiff

    def own_district_id(self):
        if self.user is None or self.user.is_superuser:
            return None
        return district_id_of(self.user)  # the user's membership is read once, then cached on the user

    def own_district_code(self):
        if self._own_code is None:
            own = self.own_district_id()
            self._own_code = District.objects.get(pk=own).code if own else ""
        return self._own_code

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

    # -- columns

    def column_of(self, key):
        """The column a field's error belongs to: its header, else the model field's name, else 本行."""
        if key == NON_FIELD_ERRORS:
            return ROW
        for field in self.fields.values():
            if key in (field.attribute, field.column_name):
                return field.column_name
        try:
            return str(self._meta.model._meta.get_field(key).verbose_name)
        except Exception:  # noqa: BLE001 - a key that names no field: the row as a whole
            return ROW

    def before_import(self, dataset, **kwargs):
        try:
            self.check_columns(dataset)
        except ImportRefused:
            del dataset[:]  # nothing to import: the rows would only repeat the same complaint
            raise

    def check_columns(self, dataset):
        """Headers as the export writes them (spacing and full-width brackets aside), each once."""
        known = {normalize_header(f.column_name): f.column_name for f in self.get_import_fields()}
        headers, problems, seen = [], [], set()
        for i, header in enumerate(dataset.headers or [], 1):
            if is_blank(header):
                headers.append("")
                continue
            canonical = known.get(normalize_header(header))
            if canonical is None:
                problems.append(f"第{i}列「{header}」不是本表的列")
            elif canonical in seen:
                problems.append(f"第{i}列「{canonical}」重复")
            seen.add(canonical)
            headers.append(canonical or str(header))
        missing = [c for c in self.required_columns if c not in seen]
        if "区划代码" in known.values() and "区划代码" not in seen:
            if self.own_district_id():
                # A district 管理员 may leave it out: it is their own district.
                dataset.headers = headers
                dataset.append_col([self.own_district_code()] * len(dataset), header="区划代码")
                headers = list(dataset.headers)
            else:
                missing.insert(0, "区划代码")
        if missing:
            problems.append("缺少列：" + "、".join(f"「{c}」" for c in missing))
        if problems:
            columns = "、".join(known.values())
            raise ImportRefused("文件的列标题不对：" + "；".join(problems) + f"。本表的列为：{columns}（第1行为列标题）。")
        dataset.headers = headers

    def before_import_row(self, row, **kwargs):
        # A district 管理员 may leave 区划代码 blank: it is their own district.
        if self.own_district_id() and is_blank(row.get("区划代码")):
            row["区划代码"] = self.own_district_code()

    # -- errors in Chinese, by column

    def by_column(self, error):
        if not hasattr(error, "error_dict"):
            return {ROW: error.messages}
        out = {}
        for key, errors in error.error_dict.items():
            out.setdefault(self.column_of(key), []).extend(ValidationError(errors).messages)
        return out

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's checks, by column. Its CheckConstraints are left to the database (whose refusal
        names the rule, database_error): Django would ask the database once per constraint and row."""
        errors = dict(import_validation_errors or {})
        # Relations set from a code were found among what the user may use: no second look-up.
        found = {f.attribute for f in self.get_import_fields()
                 if isinstance(f.widget, CodeWidget) and getattr(instance, f"{f.attribute}_id", None) is not None}
        if self._meta.clean_model_instances:
            try:
                instance.full_clean(exclude={*errors, *found}, validate_unique=validate_unique,
                                    validate_constraints=False)
            except ValidationError as e:
                errors = e.update_error_dict(errors)
        if not errors:
            for constraint in instance._meta.constraints:
                if isinstance(constraint, models.UniqueConstraint):
                    try:
                        constraint.validate(type(instance), instance)
                    except ValidationError as e:
                        errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(self.by_column(ValidationError(errors)))

    def database_error(self, exc):
        """What the database refused, as the user can act on it: the rule or the column, and why."""
        text = str(exc)
        for constraint in self._meta.model._meta.constraints:
            custom = constraint.violation_error_message != constraint.default_violation_error_message
            if custom and re.search(rf"\b{re.escape(constraint.name)}\b", text):
                return {ROW: [str(constraint.get_violation_error_message())]}
        if isinstance(exc, IntegrityError) and re.search(r"NOT NULL|null value", text, re.I):
            why = "不能为空"
        elif isinstance(exc, IntegrityError) and re.search(r"UNIQUE|duplicate", text, re.I):
            why = "与已有的记录重复"
        elif isinstance(exc, IntegrityError):
            why = "不符合数据规则"
        else:
            why = "过长或超出允许范围"
        for field in self.get_import_fields():
            model_field = self._model_field(field)
            if model_field is not None and re.search(rf"\b{re.escape(model_field.column)}\b", text):
                return {field.column_name: [f"「{field.column_name}」{why}，数据库未能保存本行"]}
        return {ROW: [f"本行{why}，数据库未能保存（请检查各列的内容）"]}

    def _model_field(self, field):
        try:
            return self._meta.model._meta.get_field(field.attribute)
        except Exception:  # noqa: BLE001 - a field that is not a model field
            return None

    def import_row(self, row, instance_loader, **kwargs):
        if all(is_blank(v) for v in row.values()):
            result = self.get_row_result_class()()
            result.import_type = RowResult.IMPORT_TYPE_SKIP  # an empty line between rows
            return result
        try:
            # A savepoint per row: a row that fails unexpectedly is undone on its own, and on
            # PostgreSQL the import's transaction stays usable for the rows after it.
            with transaction.atomic():
                result = super().import_row(row, instance_loader, **kwargs)
                if result.errors:
                    raise _RowFailed(result)
        except _RowFailed as failed:
            result = failed.result
            refused = next((e.error for e in result.errors if isinstance(e.error, DatabaseError)), None)
            if refused is not None:
                # A write the database refused (undone with the row's savepoint): which column, and why.
                logger.warning("import of %s refused by the database: %s", self._meta.model.__name__, refused)
                result.errors = []
                result.import_type = RowResult.IMPORT_TYPE_INVALID
                result.validation_error = ValidationError(self.database_error(refused))
                return result
            for error in result.errors:
                logger.error("import of %s: row %s failed", self._meta.model.__name__, kwargs.get("row_number"),
                             exc_info=error.error)
            result.errors = [self.get_error_result_class()(ImportRefused(UNEXPECTED_ROW), row=row,
                                                           number=kwargs.get("row_number"))]
        return result

    def handle_import_error(self, result, error, raise_errors=False):
        if not isinstance(error, ImportRefused):
            logger.error("import of %s failed", self._meta.model.__name__, exc_info=error)
            if any(isinstance(e.error, ImportRefused) for e in result.base_errors):
                return  # the columns were already refused: one message says it
            error = ImportRefused(UNEXPECTED_FILE)
        super().handle_import_error(result, error, raise_errors)

    def export(self, queryset=None, **kwargs):
        dataset = super().export(queryset, **kwargs)
        dataset.title = str(self._meta.model._meta.verbose_name_plural)  # the sheet's name
        return dataset


class DepartmentResource(DistrictResource):
    district = fields.Field("district", "区划代码", widget=CodeWidget(District, "code", None, "区"))
    code = fields.Field("code", "部门编码", widget=TextWidget(strip=True))
    name = fields.Field("name", "部门名称", widget=TextWidget())
    kind = KeptIfBlank("kind", "类型", widget=ChoiceWidget(Department.Kind.choices))
    order = KeptIfBlank("order", "排序", widget=WholeNumberWidget(0, 2_147_483_647, "排序"))
    is_active = KeptIfBlank("is_active", "启用", widget=YesNoWidget())

    required_columns = ("部门编码",)

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
        code = TextWidget(strip=True).clean(row.get("部门编码"))
        if not code:
            raise ValidationError({"部门编码": ["「部门编码」不能为空（部门按编码对应，已有的部门请照导出的编码填写）"]})
        row["部门编码"] = code
        if not self.get_queryset().filter(code=code).exists() and Department.objects.filter(code=code).exists():
            raise ValidationError(f"部门编码「{code}」已被其他区的部门使用，不能导入或修改。")


class SpecialFundResource(DistrictResource):
    district = fields.Field("district", "区划代码", widget=CodeWidget(District, "code", None, "区"))
    year = fields.Field("year", "预算年度", widget=WholeNumberWidget(2000, 2100, "预算年度"))
    name = fields.Field("name", "专项名称", widget=TextWidget())
    code = KeptIfBlank("code", "专项编码", widget=TextWidget(strip=True))
    department = fields.Field("department", "主管部门编码", widget=CodeWidget(Department, "code", None, "部门"))
    amount = fields.Field("amount", "专项金额（万元）", widget=MoneyWidget())
    period_text = fields.Field("period_text", "实施期", widget=TextWidget())
    period_start = fields.Field("period_start", "实施期开始", widget=DateWidget())
    period_end = fields.Field("period_end", "实施期结束", widget=DateWidget())

    required_columns = ("预算年度", "专项名称")

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
        self.existing = None

    def departments(self):
        return Department.objects.filter(district__in=self.districts())

    def get_instance(self, instance_loader, row):
        # The same fund whatever the spacing of its name (as 附件3 wording is matched).
        key = {}
        for name in ("district", "year"):
            field = self.fields[name]
            try:
                key[name] = field.clean(row)
            except ValueError as e:
                raise ValidationError({field.column_name: [str(e)]}) from None
        if key["district"] is None or key["year"] is None:
            return None  # a new fund: the model's checks name what is missing
        if self.existing is None:  # the user's funds, read once per import instead of once per row
            self.existing = {(f.district_id, f.year, f.name_key): f for f in self.get_queryset()}
        name = row.get("专项名称")
        return self.existing.get((key["district"].pk, key["year"], fund_key(as_text(name) if name is not None else "")))

    def after_save_instance(self, instance, row, **kwargs):
        if self.existing is not None:  # the same fund twice in one file is the same fund
            self.existing[(instance.district_id, instance.year, instance.name_key)] = instance

    def before_save_instance(self, instance, row, **kwargs):
        if not instance.period_start and not instance.period_end and instance.period_text:
            instance.period_start, instance.period_end = parse_period(instance.period_text)
