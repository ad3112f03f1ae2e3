"""The wizard's step pages: each builds its forms from the filing (or from what was posted), saves them
through one service function (budgets.entry.services) and gives its template what it shows.

budgets.entry.views runs them (run_step): it reads the filing once (Ctx), checks the revision token
and where a POST goes next.
"""

from django.http import Http404
from django.urls import reverse

from budgets.models import Indicator, SpecialFund
from budgets.models.money import format_money
from budgets.packet import lines_total
from indicators.layouts import EXPENSE_FIELDS, INCOME_FIELDS
from indicators.validation.panel import panel_context
from indicators.values import parse_value

from . import services
from .columns import GRID_PREFIX, entry_columns, grid_periods, has_tiers, shown_fields
from .forms import (
    BasicForm,
    DutiesForm,
    KeyTaskFormSet,
    ProjectBasicForm,
    ProjectCostFormSet,
    ProjectGoalsForm,
    ProjectMoneyFormSet,
    ProjectStageFormSet,
    SheetForm,
    SubItemFormSet,
    indicator_formset,
)
from .links import finding_url


class StepPage:
    """One step: builds its forms from the filing (or from posted data) and saves them through a service."""

    key = ""
    template = ""
    project = False  # a page of the 项目支出绩效目标表 (True), of the 部门整体 packet (False), of both (None)
    saves = False  # whether a POST can save the page (set for each page class from its save method)

    def __init_subclass__(cls, **kwargs):
        # A page only shows (检查) or also saves: told by whether it has a save of its own. Which
        # requests the step answers (views.step_view) and whose input is kept when its session
        # expired (recovery) follow from it.
        super().__init_subclass__(**kwargs)
        cls.saves = cls.save is not StepPage.save

    def __init__(self, ctx, data=None):
        self.ctx = ctx
        self.filing = ctx.filing
        self.data = data
        self.build()

    def build(self):
        raise NotImplementedError

    def forms(self):
        raise NotImplementedError

    def is_valid(self):
        return all([f.is_valid() for f in self.forms()])

    def save(self, user, revision):
        raise NotImplementedError

    def context(self):
        return {}


def row_findings(findings):
    by_ind, by_line = {}, {}
    for f in findings:
        if f.location.indicator_id:
            by_ind.setdefault(f.location.indicator_id, []).append(f)
        elif f.location.line_id:
            by_line.setdefault(f.location.line_id, []).append(f)
    return by_ind, by_line


def indicator_initial(indicators, level2s):
    """The grid's initial rows; level2s: {pk: 二级} of the framework (the 一级 cell shows the 二级's)."""
    def level1(i):
        return str((level2s.get(i.level2_id) or i.level2).level1_id)  # i.level2: of another framework

    return [{"id": i.pk, "order": i.order, "level1": level1(i) if i.level2_id else "",
             "level2": i.level2_id, "name": i.name, "value_text": i.value_text, "operator": i.operator,
             "unit": i.unit, "weight": i.weight, "remark": i.remark, "last_year_value": i.last_year_value,
             "value_type": i.value_type, "explanation": i.explanation, "scoring_rule": i.scoring_rule,
             "basis": i.basis, "is_core": i.is_core, "direction": i.direction} for i in indicators]


def grid_kwargs(ctx, filing):
    return {"tiers": ctx.tiers, "needs_tiers": has_tiers(filing)}


def row_pk(form):
    """The stored row a row form stands for (its id as posted or given), or None."""
    pk = form["id"].value()
    try:
        return int(pk) if pk not in (None, "") else None
    except (TypeError, ValueError):
        return None


def grid_rows(formset, columns, by_ind):
    """[(form, cells, findings, parsed)] for templates/entry/_grid.html."""
    rows = []
    for form in formset.forms:
        value = form["value_text"].value() or ""
        pk = row_pk(form)
        rows.append({"form": form, "cells": [form[f] for f, _ in columns], "findings": by_ind.get(pk, []),
                     "parsed": parse_value(value) if value.strip() else None, "pk": pk})
    return rows


def empty_cells(formset, columns):
    form = formset.empty_form
    return [form[f] for f, _ in columns]


class BasicPage(StepPage):
    key = "basic"
    template = "entry/step_basic.html"

    def build(self):
        self.form = BasicForm(self.data, initial=BasicForm.initial_for(self.filing))

    def forms(self):
        return [self.form]

    def save(self, user, revision):
        return services.save_basic(self.filing, user, revision, self.form.cleaned_data)

    def context(self):
        f = self.form
        return {"form": f, "income": [f[name] for name, _ in INCOME_FIELDS],
                "expense": [f[name] for name, _ in EXPENSE_FIELDS]}


class TasksPage(StepPage):
    key = "tasks"
    template = "entry/step_tasks.html"

    def build(self):
        self.duties = DutiesForm(self.data, initial={"duties": self.filing.duties})
        initial = [{"id": t.pk, "order": t.order, "item": t.item, "responsible": t.responsible, "goal": t.goal,
                    "amount": t.amount} for t in self.ctx.packet.key_tasks]
        self.formset = KeyTaskFormSet(self.data, initial=initial, prefix="task")
        self.formset.title = "年度重点工作计划"

    def forms(self):
        return [self.duties, self.formset]

    def save(self, user, revision):
        return services.save_key_tasks(self.filing, user, revision, self.duties.cleaned_data["duties"], self.formset)

    def context(self):
        return {"duties": self.duties, "formset": self.formset}


class Grid:
    """One indicator block of a table as an editable grid."""

    def __init__(self, ctx, filing, period, title, indicators, data):
        self.period, self.title, self.prefix = period, title, GRID_PREFIX[period]
        # A posted grid is what was posted, compared with the stored rows it came from (GridFormSet):
        # initial rows would only have Django compare every cell of every row (has_changed).
        rows = indicator_initial([i for i in indicators if i.period == period], ctx.level2s)
        formset = indicator_formset(shown_fields(filing))
        self.formset = formset(data, initial=rows if data is None else None, stored=rows if data else (),
                               prefix=self.prefix, form_kwargs=grid_kwargs(ctx, filing))
        # How the page names the table and its columns (refusals.py).
        self.formset.title, self.formset.labels = title, dict(entry_columns(filing))

    def context(self, columns, by_ind):
        self.formset.realize()
        self.rows = grid_rows(self.formset, columns, by_ind)
        self.empty_cells = empty_cells(self.formset, columns)
        return self


def table_rows(filing):
    """The stored indicator rows of the filing's own table (附件1, or a project form's): a posted grid
    is compared with them, and the save writes through them (both under the filing's lock)."""
    return list(Indicator.objects.filter(filing=filing, sheet__isnull=True))


def build_grids(ctx, filing, indicators, data):
    return [Grid(ctx, filing, period, title, indicators, data) for period, title in grid_periods(filing)]


class IndicatorsPage(StepPage):
    key = "indicators"
    template = "entry/step_indicators.html"

    def build(self):
        # Posting does not load the packet: the grid's own rows, read under the filing's lock, tell
        # what was touched, and the save writes through them.
        self.rows = self.ctx.packet.indicators if self.data is None else table_rows(self.filing)
        self.grids = build_grids(self.ctx, self.filing, self.rows, self.data)

    def forms(self):
        return [g.formset for g in self.grids]

    def save(self, user, revision):
        return services.save_indicators(self.filing, user, revision, [(g.period, g.formset) for g in self.grids],
                                        level2s=self.ctx.level2s, rows=self.rows)

    def context(self):
        columns = entry_columns(self.filing)
        by_ind, _ = row_findings(self.ctx.findings)
        return {"grids": [g.context(columns, by_ind) for g in self.grids], "columns": columns, "sheet": None}


class LinesPage(StepPage):
    key = "lines"
    template = "entry/step_lines.html"

    def build(self):
        initial = []
        for lp in self.ctx.packet.lines:
            for line in [lp.line, *lp.children]:
                initial.append({"id": line.pk, "order": line.order, "is_child": line.parent_id is not None,
                                "name": line.name, "amount": line.amount, "period_goal": line.period_goal,
                                "annual_goal": line.annual_goal, "seq": line.seq})
        self.initial = initial
        self.formset = SubItemFormSet(self.data, initial=initial, prefix="line")
        self.formset.title = "附件2"

    def forms(self):
        return [self.formset]

    def save(self, user, revision):
        return services.save_sub_items(self.filing, user, revision, self.formset)

    def context(self):
        _, by_line = row_findings(self.ctx.findings)
        seqs = {row["id"]: row["seq"] for row in self.initial}
        rows = []
        for form in self.formset.forms:
            pk = row_pk(form)  # the row's own (a page shown again may list rows in another order)
            rows.append({"form": form, "pk": pk, "seq": seqs.get(pk, ""), "findings": by_line.get(pk, [])})
        return {"formset": self.formset, "rows": rows, "lines_total": lines_total(self.ctx.packet)}


class SheetsPage(StepPage):
    """添加附件3: pick a 附件2 row that has no sheet yet."""

    key = "sheets"
    template = "entry/step_sheets.html"

    def free_lines(self):
        return [line for line in self.ctx.packet.filing.sub_items.all() if not hasattr(line, "sheet")]

    def build(self):
        from django import forms

        class AddSheetForm(forms.Form):
            sub_item = forms.TypedChoiceField(
                label="为哪一个附件2支出方向填写附件3", coerce=int,
                choices=[("", "请选择")] + [(line.pk, line_label(line)) for line in self.free_lines()],
                error_messages={"required": "请选择支出方向。", "invalid_choice": "请从列表中选择尚无附件3的支出方向。"},
                widget=forms.Select(attrs={"class": "form-select"}))

        self.form = AddSheetForm(self.data)

    def forms(self):
        return [self.form]

    def save(self, user, revision):
        line = next(x for x in self.free_lines() if x.pk == self.form.cleaned_data["sub_item"])
        self.created = services.add_sheet(self.filing, user, revision, line)
        return {"新增附件3"}

    def next_url(self):
        return reverse("entry:step_sheet", args=[self.filing.pk, self.created.pk])

    def context(self):
        return {"form": self.form}


def line_label(line):
    prefix = f"{line.seq}、" if line.seq else "　└ "
    return f"{prefix}{line.name.strip()}"


class SheetPage(StepPage):
    key = "sheet"
    template = "entry/step_sheet.html"

    def build(self):
        sheet_pk = self.ctx.sheet_pk
        self.sp = next((s for s in self.ctx.packet.sheets if s.sheet.pk == sheet_pk), None)
        if self.sp is None:
            raise Http404("未找到该附件3。")
        self.key = f"sheet-{sheet_pk}"
        sheet = self.sp.sheet
        lines = [line for line in self.filing.sub_items.all()
                 if not hasattr(line, "sheet") or line.sheet.pk == sheet.pk]
        for line in lines:
            line.label = line_label(line)
        funds = SpecialFund.objects.filter(district_id=self.filing.department.district_id, year=self.filing.year)
        fundings = {f.source: f.amount for f in sheet.fundings.all()}
        initial = {"sub_item": sheet.sub_item_id, "name": sheet.name, "fund": sheet.fund_id,
                   "fund_text": sheet.fund_text, "amount": sheet.amount, "period_text": sheet.period_text,
                   "period_goal": sheet.period_goal, "annual_goal": sheet.annual_goal}
        initial.update({f"funding_{source}": amount for source, amount in fundings.items()})
        self.form = SheetForm(self.data, initial=initial, sub_items=lines, funds=list(funds), prefix=None)
        self.grids = build_grids(self.ctx, self.filing, self.sp.indicators, self.data)

    def forms(self):
        return [self.form, *(g.formset for g in self.grids)]

    def save(self, user, revision):
        return services.save_sheet(self.filing, user, revision, self.sp.sheet, self.form.cleaned_data,
                                   [(g.period, g.formset) for g in self.grids], level2s=self.ctx.level2s,
                                   rows=self.sp.indicators)

    def context(self):
        columns = entry_columns(self.filing)
        by_ind, _ = row_findings(self.ctx.findings)
        return {"form": self.form, "grids": [g.context(columns, by_ind) for g in self.grids], "columns": columns,
                "sheet": self.sp.sheet}


class CheckPage(StepPage):
    key = "check"
    template = "entry/step_check.html"
    project = None

    def build(self):
        pass

    def forms(self):
        return []

    def context(self):
        urls = {s.key: s.url for s in self.ctx.steps}
        items = [{"finding": f, "url": finding_url(f, self.ctx.packet, urls)} for f in self.ctx.findings]
        return {"items": items, "panel": panel_context(self.filing, self.ctx.findings)}


class ProjectBasicPage(StepPage):
    key = "project"
    template = "entry/step_project_basic.html"
    project = True

    def build(self):
        form = self.ctx.packet.form
        funds = SpecialFund.objects.filter(district_id=self.filing.department.district_id, year=self.filing.year)
        initial = {f: getattr(form, f) for f in ProjectBasicForm.FIELDS if f != "fund"}
        initial["fund"] = form.fund_id
        initial["amount"] = form.amount_text or form.amount  # as typed, where the typed text was kept
        self.form = ProjectBasicForm(self.data, initial=initial, funds=list(funds))

    def forms(self):
        return [self.form]

    def save(self, user, revision):
        return services.save_project_basic(self.filing, user, revision, self.form.cleaned_data)

    def context(self):
        return {"form": self.form}


def project_table(formset, objects, fields, *, total_after=None, against=""):
    """One project table for templates/entry/_project_table.html; a 合计 under the amount column."""
    pks = [o.pk for o in objects]
    heads = [str(formset.empty_form.fields[f].label) for f in fields]
    table = {"formset": formset, "heads": heads, "total": None,
             "rows": [{"form": form, "pk": pks[i] if i < len(pks) else None, "cells": [form[f] for f in fields]}
                      for i, form in enumerate(formset.forms)],
             "empty_cells": [formset.empty_form[f] for f in fields]}
    if total_after is not None:
        position = fields.index("amount")
        table.update(total=format_money(sum((o.amount for o in objects if o.amount is not None), start=0)) or "0",
                     total_col=position + 1, after=len(fields) - position, against=against)
    return table


class ProjectMoneyPage(StepPage):
    key = "money"
    template = "entry/step_project_money.html"
    project = True

    def build(self):
        form = self.ctx.packet.form
        self.money_rows, self.cost_rows, self.stages = (list(form.money_rows.all()), list(form.cost_rows.all()),
                                                        list(form.stages.all()))
        self.money = ProjectMoneyFormSet(self.data, prefix="money", initial=[
            {"id": r.pk, "order": r.order, "label": r.label, "source": r.source, "amount": r.amount_text or r.amount}
            for r in self.money_rows])
        self.costs = ProjectCostFormSet(self.data, prefix="cost", initial=[
            {"id": r.pk, "order": r.order, "item": r.item, "amount": r.amount_text or r.amount, "basis": r.basis,
             "last_year": r.last_year} for r in self.cost_rows])
        self.stage_set = ProjectStageFormSet(self.data, prefix="stage", initial=[
            {"id": r.pk, "order": r.order, "stage": r.stage, "when": r.when, "content": r.content}
            for r in self.stages])
        self.money.title, self.costs.title, self.stage_set.title = "项目资金", "成本测算", "实施进度计划"

    def forms(self):
        return [self.money, self.costs, self.stage_set]

    def save(self, user, revision):
        return services.save_project_money(self.filing, user, revision, self.money, self.costs, self.stage_set)

    def context(self):
        amount = self.ctx.packet.form.amount
        against = format_money(amount) if amount is not None else ""
        return {"money": project_table(self.money, self.money_rows, ["label", "source", "amount"], total_after=True),
                "costs": project_table(self.costs, self.cost_rows, ["item", "amount", "basis", "last_year"],
                                       total_after=True, against=against),
                "stages": project_table(self.stage_set, self.stages, ["stage", "when", "content"])}


class ProjectTargetsPage(StepPage):
    key = "targets"
    template = "entry/step_project_targets.html"
    project = True

    def build(self):
        initial, rows = {}, []
        if self.data is None:  # as on the indicator step, a save does not load the packet
            form = self.ctx.packet.form
            initial, rows = {"period_goal": form.period_goal, "annual_goal": form.annual_goal}, self.ctx.packet.indicators
        else:
            rows = table_rows(self.filing)
        self.rows = rows
        self.goals = ProjectGoalsForm(self.data, layout=self.filing.layout, initial=initial)
        # One grid per block of the layout (长期, 年度), as on the packet steps.
        self.grids = build_grids(self.ctx, self.filing, rows, self.data)

    def forms(self):
        return [self.goals, *(g.formset for g in self.grids)]

    def save(self, user, revision):
        return services.save_project_targets(self.filing, user, revision, self.goals.cleaned_data,
                                             [(g.period, g.formset) for g in self.grids], level2s=self.ctx.level2s,
                                             rows=self.rows)

    def context(self):
        columns = entry_columns(self.filing)
        by_ind, _ = row_findings(self.ctx.findings)
        return {"goals": self.goals, "grids": [g.context(columns, by_ind) for g in self.grids],
                "columns": columns, "sheet": None}
