"""The entry screens' forms: plain forms, written to the database by budgets.entry.services.

Row tables are plain formsets (not model formsets): the service writes them in bulk, so a step costs
the same queries for 5 rows or 500, and a model's per-row clean() lookups stay out of the loop.
"""

from datetime import timedelta
from functools import cache

from django import forms
from django.conf import settings
from django.core import signing, validators
from django.utils.choices import BaseChoiceIterator

from budgets.importexport.plan_projects import typed_amount
from budgets.models import ProjectFunding
from budgets.models.money import AmountError, NumberFormField, format_money, parse_amount
from indicators.layouts import EXPENSE_FIELDS, INCOME_FIELDS, MONEY_FIELDS
from indicators.models import Operator

from . import widgets
from .formsets import SoundManagementForm

OWNER_SALT = "budgets.entry.owner"
# How long a page's owner token keeps input posted without a session (recovery.py): a session's age, as
# the page may have been opened just as one began, and a margin for a page left open overnight or over
# a weekend before someone types on and saves it.
OWNER_MAX_AGE = timedelta(seconds=settings.SESSION_COOKIE_AGE) + timedelta(days=3)


class MoneyField(forms.CharField):
    """An amount in 万元 as offices type it: 1482.9, 1,482.90, １４８２．９; blank stays blank."""

    widget = widgets.TextInput(attrs={"inputmode": "decimal", "class": "form-control money-input",
                                    "autocomplete": "off", "data-money": ""})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value if isinstance(value, str) else format_money(value)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_amount(value)
        except AmountError as e:
            raise forms.ValidationError(f"{e}，请填写金额（万元），如 1482.9。") from None


class TypedMoneyField(MoneyField):
    """An amount whose text is also kept as typed (KeepsTypedAmount): amount_text holds 100 characters."""

    def to_python(self, value):
        if isinstance(value, str) and len(value.strip()) > 100:
            raise forms.ValidationError("金额写得太长了（最多100个字符），请只填写数字，如 1482.9。")
        return super().to_python(value)


class KeepsTypedAmount:
    """A form whose `amount` keeps the text as typed beside the number (cleaned_data["amount_text"]),
    as the importer keeps a workbook's (budgets.importexport.plan_projects.typed_amount): where our
    formatting would print the number otherwise (「1,234.50」 is 1234.5 to us), the typed text is what
    the page shows again and the form prints; else nothing is kept and the number prints."""

    def clean(self):
        data = super().clean()
        data["amount_text"] = typed_amount(self["amount"].data)[1] if data.get("amount") is not None else ""
        return data


class StepForm(forms.Form):
    """Hidden fields every step posts: the filing's revision (budgets.locking) and whose page it was."""

    revision = forms.IntegerField(widget=widgets.HiddenInput)
    owner = forms.CharField(widget=widgets.HiddenInput, required=False)

    @staticmethod
    def owner_token(username, path):
        return signing.dumps([username, path], salt=OWNER_SALT)


def read_owner(value, max_age=OWNER_MAX_AGE):
    """(username, path) from a signed owner field younger than max_age, or None."""
    try:
        username, path = signing.loads(value or "", salt=OWNER_SALT, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return username, path


def _clone(obj):
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    return new


class ShallowCopiedFields(dict):
    """A form class's base_fields, copied for each form a field and widget at a time.

    Django deep-copies every field, widget and choice list for every form it builds; a 56-row grid
    builds 60 row forms of 16 fields per request, and that copying was a third of a save's time
    (benchmarks/entry_bench.py). What a form may change on its own copy (attrs, error messages,
    validators) is copied; choices are shared, as the forms here replace them and never edit a list.
    """

    def __deepcopy__(self, memo):
        fields = {}
        for name, field in self.items():
            new = fields[name] = _clone(field)
            new.widget = _clone(field.widget)
            new.widget.attrs = field.widget.attrs.copy()
            new.error_messages = field.error_messages.copy()
            new.validators = field.validators[:]
        return fields


def shallow_copied(form_class):
    """Build form_class's forms with ShallowCopiedFields (a class decorator)."""
    form_class.base_fields = ShallowCopiedFields(form_class.base_fields)
    return form_class


class FixedChoices(BaseChoiceIterator):
    """Choices built once per page and given to every row form as they are: Django re-normalizes a
    plain list on every assignment, but leaves a choice iterator alone."""

    def __init__(self, choices):
        self.choices = list(choices)

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)


class Tiers:
    """The framework's 一级/二级 ([(一级, [二级, …])]) as the indicator grid's choices, built once per page."""

    def __init__(self, tree):
        self.level1 = FixedChoices([("", "—")] + [(str(l1.pk), l1.name) for l1, _ in tree])
        # 二级 grouped under their 一级: with JavaScript the 一级 cell narrows the list (static/js/entry.js).
        self.level2 = FixedChoices([("", "—")] + [(l1.name, [(l2.pk, l2.name) for l2 in l2s]) for l1, l2s in tree])
        self.level2_ids = {l2.pk for _, l2s in tree for l2 in l2s}


# A NUL can come in with text pasted from another program. PostgreSQL keeps no NUL in text, so it is
# refused, in words a user can act on: the page shown again draws it as 「�」 (as HTML does).
NUL_REFUSED = "含有无法保存的空字符（NUL，多见于从其他软件粘贴的文字），页面上显示为「�」，请删除后再保存。"


class CharField(forms.CharField):
    """Django's CharField, refusing a NUL in Chinese (Django's own message is garbled in zh-hans)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [validators.ProhibitNullCharactersValidator(message=NUL_REFUSED)
                           if isinstance(v, validators.ProhibitNullCharactersValidator) else v
                           for v in self.validators]


class TextField(CharField):
    """Text kept as typed, except that a browser's CRLF line breaks are stored as the forms' own \n."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


def _text(label, rows=2, required=False):
    return TextField(label=label, required=required, strip=False,
                     widget=widgets.Textarea(attrs={"rows": rows, "class": "form-control"}))


class BasicForm(forms.Form):
    """附件1 基本信息与资金."""

    department_name = CharField(label="部门（单位）名称", max_length=100,
                                      widget=widgets.TextInput(attrs={"class": "form-control"}),
                                      error_messages={"required": "请填写部门（单位）名称。"})
    total_amount = MoneyField(label="资金总额")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field, label in INCOME_FIELDS + EXPENSE_FIELDS:
            self.fields[field] = MoneyField(label=label)
        self.fields["overall_goal"] = _text("年度总体目标", rows=3)

    @staticmethod
    def initial_for(filing):
        fields = ["department_name", "overall_goal", *MONEY_FIELDS]
        return {f: getattr(filing, f) for f in fields}


class DutiesForm(forms.Form):
    duties = _text("部门职责概述", rows=5)


ORDER_REFUSED = "行号应为0到9999之间的整数，如 1、2、3。"


class RowForm(forms.Form):
    """A row of a table: its id (blank for a new row) and its position, which the user may change."""

    # Hidden, so a browser only posts what the page gave; a refusal (a forged or garbled id) is shown
    # on the row under this label (templates/entry/_row_errors.html).
    id = forms.IntegerField(label="该行的编号", required=False, widget=widgets.HiddenInput,
                            error_messages={"invalid": "无法识别，请刷新页面后重新填写该行。"})
    order = forms.IntegerField(label="行号", required=False, min_value=0, max_value=9999,
                               widget=widgets.NumberInput(attrs={"class": "form-control form-control-sm row-order",
                                                               "data-order": ""}),
                               error_messages={"invalid": ORDER_REFUSED, "min_value": ORDER_REFUSED,
                                               "max_value": ORDER_REFUSED})

    def has_changed(self):
        """Stops at the first cell that differs from the page as built: Django's compares every
        cell, and a formset asks every row."""
        return any(bound._has_changed() for bound in self)

    def is_blank(self):
        """A new row left as it came (the spare rows offered without JavaScript)."""
        data = self.cleaned_data
        return not data.get("id") and not any(
            v not in (None, "", False) for k, v in data.items()
            if k not in ("id", "order", "DELETE", "level1", "last_year_value"))


class KeyTaskForm(RowForm):
    item = _text("事项")
    responsible = _text("责任单位/科室", rows=1)
    goal = _text("工作目标")
    amount = MoneyField(label="预算金额")

    def clean(self):
        data = super().clean()
        if not data.get("DELETE") and not (data.get("item") or "").strip() and (
                (data.get("goal") or "").strip() or data.get("amount") is not None):
            self.add_error("item", "请填写事项名称。")
        return data


class IndicatorForm(RowForm):
    level1 = forms.ChoiceField(label="一级指标", required=False, widget=widgets.Select(
        attrs={"class": "form-select form-select-sm", "data-level1": ""}))
    level2 = forms.TypedChoiceField(label="二级指标", coerce=int, required=False, widget=widgets.Select(
        attrs={"class": "form-select form-select-sm", "data-level2": ""}))
    name = _text("三级指标", rows=1)
    # A textarea: the seed's 指标值 cells hold line breaks (「462.21\n1020.69」).
    value_text = TextField(label="指标值", required=False, strip=False,
                           widget=widgets.Textarea(attrs={"class": "form-control", "rows": 1, "data-value": ""}))
    operator = forms.ChoiceField(label="指标性质", required=False, choices=[("", "—")] + list(Operator.choices),
                                 widget=widgets.Select(attrs={"class": "form-select form-select-sm"}))
    unit = CharField(label="计量单位", required=False, max_length=30,
                           widget=widgets.TextInput(attrs={"class": "form-control"}))
    weight = NumberFormField(label="权重", required=False, min_value=0, max_digits=7, decimal_places=2,
                             widget=widgets.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
                             hint="权重应为数字，如 10。",
                             error_messages={"min_value": "权重不能为负数。"})
    remark = TextField(label="备注", required=False, strip=False,
                       widget=widgets.Textarea(attrs={"class": "form-control", "rows": 1}))
    value_type = forms.ChoiceField(label="指标值类型", required=False,
                                   choices=[("", "—"), ("定量", "定量"), ("定性", "定性")],
                                   widget=widgets.Select(attrs={"class": "form-select form-select-sm"}))
    explanation = TextField(label="指标解释", required=False, strip=False,
                            widget=widgets.Textarea(attrs={"class": "form-control", "rows": 1}))
    scoring_rule = TextField(label="评(扣)分标准", required=False, strip=False,
                             widget=widgets.Textarea(attrs={"class": "form-control", "rows": 1}))
    basis = TextField(label="指标值设定依据", required=False, strip=False,
                      widget=widgets.Textarea(attrs={"class": "form-control", "rows": 1}))
    direction = CharField(label="指标方向", required=False, max_length=20,
                                widget=widgets.TextInput(attrs={"class": "form-control"}),
                                error_messages={"max_length": "指标方向最多20个字。"})
    is_core = forms.BooleanField(label="核心指标", required=False,
                                 widget=widgets.CheckboxInput(attrs={"class": "form-check-input"}))
    last_year_value = CharField(label="上年值", required=False, widget=widgets.HiddenInput)

    # Cells a layout may leave out (budgets.entry.columns). A row form without them neither reads nor
    # writes them: what a row holds in a column its layout does not show (a row copied from last
    # year, an imported one) is kept as it is.
    OPTIONAL = frozenset({"level1", "value_type", "operator", "unit", "weight", "explanation", "scoring_rule",
                          "basis", "is_core", "remark", "direction"})

    def __init__(self, *args, tree=None, tiers=None, needs_tiers=True, **kwargs):
        """tiers: Tiers(tree), shared by a grid's rows; or tree, for a single row."""
        super().__init__(*args, **kwargs)
        self.needs_tiers = needs_tiers
        tiers = tiers or Tiers(tree or [])
        if "level1" in self.fields:
            self.fields["level1"].choices = tiers.level1
        self.fields["level2"].choices = tiers.level2
        self.level2_ids = tiers.level2_ids

    def clean(self):
        data = super().clean()
        if data.get("DELETE") or self.is_blank() or not self.needs_tiers or "level2" in self.errors:
            return data  # an invalid choice already has its message; one per cell
        if not data.get("level2"):
            self.add_error("level2", "请选择二级指标。")
        elif data["level2"] not in self.level2_ids:
            self.add_error("level2", "所选二级指标不属于本申报的指标体系。")
        return data


class SubItemForm(RowForm):
    is_child = forms.BooleanField(label="下级", required=False,
                                  widget=widgets.CheckboxInput(attrs={"class": "form-check-input"}))
    name = _text("支出方向（子项）", rows=1)
    amount = MoneyField(label="金额")
    period_goal = _text("实施期绩效目标")
    annual_goal = _text("年度绩效目标")

    def clean(self):
        data = super().clean()
        if not data.get("DELETE") and not self.is_blank() and not (data.get("name") or "").strip():
            self.add_error("name", "请填写支出方向（子项）名称。")
        return data


class BaseRowFormSet(SoundManagementForm, forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget = widgets.CheckboxInput()

    def kept_rows(self):
        """The rows to write, in the order the user gave (行号, then position on the page)."""
        rows = []
        for position, form in enumerate(self.forms):
            data = form.cleaned_data
            if not data or data.get("DELETE") or form.is_blank():
                continue
            order = data.get("order")
            rows.append(((order if order is not None else 10000 + position, position), data))
        rows.sort(key=lambda item: item[0])
        return [data for _, data in rows]

    def deleted_ids(self):
        return [f.cleaned_data["id"] for f in self.forms if f.cleaned_data.get("DELETE") and f.cleaned_data.get("id")]


def row_formset(form, extra=2):
    return forms.formset_factory(shallow_copied(form), formset=BaseRowFormSet, extra=extra, can_delete=True,
                                 max_num=1000, validate_max=True)


KeyTaskFormSet = row_formset(KeyTaskForm)
@cache
def indicator_form(shown):
    """IndicatorForm with, of its optional cells, only those in `shown` (columns.shown_fields)."""
    form = type("IndicatorForm", (IndicatorForm,), {"__module__": __name__})
    form.base_fields = {name: field for name, field in IndicatorForm.base_fields.items()
                        if name not in IndicatorForm.OPTIONAL or name in shown}
    return form


class UntouchedRow:
    """Stands in for the row form of a row posted back as the page showed it (GridFormSet): valid and
    unchanged. A stored row's cleaned data says to keep it as stored; a spare row's is empty."""

    def __init__(self, index, data):
        self.index, self.cleaned_data, self.errors = index, data, {}

    def is_valid(self):
        return True

    def has_changed(self):
        return False

    def is_blank(self):
        return False


class GridFormSet(BaseRowFormSet):
    """An indicator grid whose posted rows are first compared with the stored rows they came from.

    A grid posts every row, and saving one changed cell of a 56-row grid cleaned 56 forms (about
    a third of a save, benchmarks/entry_bench.py). A row whose cells post exactly what the page
    showed for its stored row (`stored`: the table's saved rows, read when the page is posted) is
    taken as stored: no form is built or cleaned for it, and the save keeps the row as it is,
    moving only its 行号. Any other row — new, touched, deleted, or posted by a page built from an
    older version — goes through its form as before. If the page is shown again (a refused save),
    realize() builds the real forms, so every row shows as it was typed.
    """

    def __init__(self, *args, stored=(), **kwargs):
        self.stored = {}
        super().__init__(*args, **kwargs)
        if self.is_bound and stored:
            fields = {name: f for name, f in self.form.base_fields.items() if name not in ("id", "order")}
            self.stored = {str(row["id"]): shown_as(fields, row) for row in stored}

    def _construct_form(self, i, **kwargs):
        if self.is_bound and (kept := self._as_stored(i)) is not None:
            return kept
        return super()._construct_form(i, **kwargs)

    def _as_stored(self, i):
        prefix, data = self.add_prefix(i), self.data
        if f"{prefix}-DELETE" in data:
            return None
        if not data.get(f"{prefix}-id"):
            return self._as_spare(i, prefix)
        shown = self.stored.get(data.get(f"{prefix}-id"))
        if shown is None:
            return None
        order = data.get(f"{prefix}-order", "")
        if not (order.isascii() and order.isdigit() and len(order) <= 4):
            return None  # blank or odd: the form says what it makes of it
        fields = self.form.base_fields
        for name, expected in shown.items():
            field = fields[name]
            posted = field.widget.value_from_datadict(data, None, f"{prefix}-{name}")
            if isinstance(field, TextField) and posted:
                posted = posted.replace("\r\n", "\n")  # as the browser sends a textarea's line breaks
            if isinstance(expected, bool):
                if posted is not expected:
                    return None
            elif (posted or "") != expected:
                return None
        return UntouchedRow(i, {"id": int(data[f"{prefix}-id"]), "order": int(order), KEEP_STORED: True})

    def _as_spare(self, i, prefix):
        """A spare row (no id) left blank: the form would find it blank (RowForm.is_blank) and skip it."""
        data = self.data
        for name in self.form.base_fields:
            if name not in SPARE_IGNORED and data.get(f"{prefix}-{name}"):
                return None
        return UntouchedRow(i, {})

    def realize(self):
        """Real forms in place of the stand-ins, for a page that is shown again."""
        forms = self.forms
        for i, form in enumerate(forms):
            if isinstance(form, UntouchedRow):
                forms[i] = super()._construct_form(i, **self.get_form_kwargs(i))


# What a spare row may hold and still be blank (RowForm.is_blank).
SPARE_IGNORED = frozenset({"id", "order", "level1", "last_year_value"})
# In a row's cleaned data: keep the stored row as it is (GridFormSet).
KEEP_STORED = "_keep_stored"


def shown_as(fields, initial):
    """{field: what the page shows in its cell} for a row's initial values, as the widgets render them
    (a checkbox as True/False); the row's blank cells as ""."""
    shown = {}
    for name, field in fields.items():
        value = field.prepare_value(initial.get(name))
        if isinstance(field.widget, forms.CheckboxInput):
            shown[name] = bool(field.widget.check_test(value))
            continue
        value = field.widget.format_value(value)
        if isinstance(value, list):  # a select's
            value = value[0] if value else ""
        shown[name] = value if value is not None else ""
    return shown


@cache
def indicator_formset(shown):
    """The grid of a layout whose columns are `shown` (a frozenset; one formset class per layout)."""
    return forms.formset_factory(shallow_copied(indicator_form(shown)), formset=GridFormSet, extra=3,
                                 can_delete=True, max_num=1000, validate_max=True)
SubItemFormSet = row_formset(SubItemForm, extra=2)


class SheetForm(forms.Form):
    """附件3 header and goals; 资金构成 as one amount per source."""

    sub_item = forms.TypedChoiceField(label="支出方向（子项）（附件2）", coerce=int,
                                      error_messages={"required": "请选择对应的附件2支出方向。",
                                                      "invalid_choice": "请从列表中选择本申报的附件2支出方向。"})
    name = CharField(label="支出方向（子项）名称（表内）", required=False, strip=False,
                           widget=widgets.TextInput(attrs={"class": "form-control"}),
                           help_text="留空则沿用附件2中的名称。")
    fund = forms.TypedChoiceField(label="所属专项", coerce=int, required=False, empty_value=None)
    fund_text = CharField(label="所属专项（列表中没有时填写）", required=False,
                                widget=widgets.TextInput(attrs={"class": "form-control"}))
    amount = MoneyField(label="项目金额")
    period_text = CharField(label="项目实施期", required=False, max_length=100,
                                  widget=widgets.TextInput(attrs={"class": "form-control",
                                                                "placeholder": "如 2021.1.1-2021.12.31"}))
    period_goal = _text("实施期绩效目标", rows=3)
    annual_goal = _text("年度绩效目标", rows=3)

    def __init__(self, *args, sub_items=(), funds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_item"].choices = [("", "请选择")] + [(s.pk, s.label) for s in sub_items]
        self.fields["sub_item"].widget.attrs["class"] = "form-select"
        self.fields["fund"].choices = [("", "（列表中没有，在下面填写）")] + [(f.pk, f.name) for f in funds]
        self.fields["fund"].widget.attrs["class"] = "form-select"
        for source, label in ProjectFunding.SOURCES:
            self.fields[f"funding_{source}"] = MoneyField(label=label)

    def funding_fields(self):
        return [self[f"funding_{source}"] for source, _ in ProjectFunding.SOURCES]


class NewFilingForm(forms.Form):
    KINDS = [("packet", "部门整体支出（附件1、附件2、附件3）"), ("project", "项目支出绩效目标表（单独一张）")]
    year = forms.IntegerField(label="预算年度", min_value=2000, max_value=2100,
                              widget=widgets.NumberInput(attrs={"class": "form-control"}),
                              error_messages={"required": "请填写预算年度。", "invalid": "预算年度应为四位数字年份。",
                                              "min_value": "预算年度应在2000到2100之间。",
                                              "max_value": "预算年度应在2000到2100之间。"})
    kind = forms.ChoiceField(label="填报类型", choices=KINDS, initial="packet",
                             widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                             error_messages={"required": "请选择填报类型。", "invalid_choice": "请选择填报类型。"})
    layout = forms.TypedChoiceField(label="项目表样", coerce=int, empty_value=None, required=False,
                                    help_text="仅用于项目支出绩效目标表。",
                                    error_messages={"invalid_choice": "请从列表中选择项目表样。"},
                                    widget=forms.Select(attrs={"class": "form-select"}))
    base = forms.TypedChoiceField(label="起点", coerce=int, empty_value=None, required=False,
                                  widget=forms.RadioSelect(attrs={"class": "form-check-input"}))

    def __init__(self, *args, bases=(), layouts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base"].choices = [("", "从空白开始")] + [
            (f.pk, f"以{f.year}年为基础（{f.get_status_display() if not f.is_imported else '历史导入'}，第{f.version}版）")
            for f in bases]
        self.fields["layout"].choices = [("", "请选择")] + [(x.pk, x.name) for x in layouts]

    def clean(self):
        data = super().clean()
        if data.get("kind") == "project":
            if not data.get("layout"):
                self.add_error("layout", "请选择项目表样。")
            if data.get("base"):
                self.add_error("base", "项目支出绩效目标表暂只能从空白开始。")
        return data


# --- 项目支出绩效目标表 (a stand-alone project form) -------------------------------------------------

def _line(label, max_length=200):
    return CharField(label=label, required=False, max_length=max_length,
                           widget=forms.TextInput(attrs={"class": "form-control"}))


class ProjectBasicForm(KeepsTypedAmount, forms.Form):
    name = TextField(label="项目名称", strip=False, widget=forms.TextInput(attrs={"class": "form-control"}),
                     error_messages={"required": "请填写项目名称。"})
    supervisor = _line("主管部门")
    implementing_unit = _line("实施单位")
    leader = _line("项目负责人及电话")
    attribute_text = _line("项目属性")
    category_text = _line("项目类别")
    nature_text = _line("项目性质")
    fund = forms.TypedChoiceField(label="所属专项", coerce=int, required=False, empty_value=None,
                                  error_messages={"invalid_choice": "请从列表中选择本区的专项资金。"})
    fund_text = CharField(label="所属专项（列表中没有时填写）", required=False,
                                widget=forms.TextInput(attrs={"class": "form-control"}))
    amount = TypedMoneyField(label="项目资金总额（万元）")
    period_text = _line("项目实施期", max_length=100)
    basis = _text("立项依据", rows=3)
    overview = _text("项目概况", rows=3)
    feasibility = _text("可行性", rows=3)
    necessity = _text("必要性", rows=3)

    FIELDS = ["name", "supervisor", "implementing_unit", "leader", "attribute_text", "category_text",
              "nature_text", "fund", "fund_text", "amount", "period_text", "basis", "overview",
              "feasibility", "necessity"]

    def __init__(self, *args, funds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].choices = [("", "（列表中没有，在下面填写）")] + [(f.pk, f.name) for f in funds]
        self.fields["fund"].widget.attrs["class"] = "form-select"
        self.fields["period_text"].widget.attrs["placeholder"] = "如 2023.1.1-2023.12.31"

    def clean_period_text(self):
        from budgets.services.packets import parse_period

        text = self.cleaned_data["period_text"]
        start, end = parse_period(text)
        if start and end and start > end:
            raise forms.ValidationError("实施期开始日期不能晚于结束日期。")
        return text

    def clean_name(self):
        name = self.cleaned_data["name"]
        if not name.strip():
            raise forms.ValidationError("请填写项目名称。")
        return name


class ProjectMoneyForm(KeepsTypedAmount, RowForm):
    label = _line("项目", max_length=100)
    source = _line("来源/级次", max_length=100)
    amount = TypedMoneyField(label="金额")

    def clean(self):
        data = super().clean()
        if not data.get("DELETE") and not self.is_blank() and not (data.get("label") or "").strip():
            self.add_error("label", "请填写资金项目，如「财政拨款」。")
        return data


class ProjectCostForm(KeepsTypedAmount, RowForm):
    item = _text("测算项目", rows=1)
    amount = TypedMoneyField(label="金额")
    basis = _text("测算（公式）依据", rows=1)
    last_year = _line("上年实际", max_length=100)

    def clean(self):
        data = super().clean()
        if not data.get("DELETE") and not self.is_blank() and not (data.get("item") or "").strip():
            self.add_error("item", "请填写测算项目。")
        return data


class ProjectStageForm(RowForm):
    stage = _line("阶段")
    when = _line("时间")
    content = _text("内容", rows=1)


ProjectMoneyFormSet = row_formset(ProjectMoneyForm, extra=2)
ProjectCostFormSet = row_formset(ProjectCostForm, extra=2)
ProjectStageFormSet = row_formset(ProjectStageForm, extra=2)


class ProjectGoalsForm(forms.Form):
    period_goal = _text("长期目标", rows=3)
    annual_goal = _text("年度目标", rows=3)

    def __init__(self, *args, layout=None, **kwargs):
        super().__init__(*args, **kwargs)
        if layout is not None:
            for field in ("period_goal", "annual_goal"):
                self.fields[field].label = layout.label(field, self.fields[field].label)
