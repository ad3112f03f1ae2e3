"""Planning of 项目支出绩效目标（申报）表 (项目表, 项目资金, 成本测算, 实施进度).

A project form is small and read as one document, so it is planned as a whole: for every project
filing the workbook names, its form and rows are what the workbook says. A form that reads the same
as the stored one is unchanged (and not rewritten); otherwise it is replaced.
"""

import re
from decimal import Decimal

from budgets.models import ProjectForm
from indicators.values import normalize

from .cells import parse_decimal
from .format import PROJECT_COSTS, PROJECT_MONEY, PROJECT_SHEETS, PROJECT_STAGES, PROJECTS, value_columns
from .plan_types import chunks

FORM_FIELDS = [c.field for c in value_columns(PROJECTS)]
ROW_FIELDS = {sheet: [c.field for c in value_columns(sheet)] for sheet in (PROJECT_MONEY, PROJECT_COSTS, PROJECT_STAGES)}
RELATED = {PROJECT_MONEY: "money_rows", PROJECT_COSTS: "cost_rows", PROJECT_STAGES: "stages"}


# 「10000万元」, 「250万」, 「854万(高标准农田建设400万元,…)」: an amount in 万元 as the form printed it.
WAN_PREFIX = re.compile(r"^([0-9][0-9,]*(?:\.[0-9]+)?)\s*万元?(?:$|[(（])")


def typed_amount(text):
    """(amount, the text as typed when our formatting would print it differently).

    Published forms write amounts their own way. The text is always kept as printed; the number is
    read where the text is one amount, or one amount in 万元 followed by nothing or a note in
    brackets; otherwise it stays empty and validation says so (R01_AMOUNT_UNREAD)."""
    from budgets.models.money import format_money

    text = (text or "").strip()
    if not text:
        return None, ""
    try:
        amount = parse_decimal(text)
    except Exception:  # noqa: BLE001 - any refusal: not a plain amount
        match = WAN_PREFIX.match(normalize(text))
        return (Decimal(match.group(1).replace(",", "")) if match else None), text
    return amount, ("" if format_money(amount) == text else text)


def _values(fields, row_values):
    values = {f: row_values[f] for f in fields}
    values["amount"], values["amount_text"] = typed_amount(values["amount"])
    return values


def snapshot(form):
    """A stored form in the shape the planner builds, for the unchanged check."""
    if form is None:
        return None
    out = {"form": {f: getattr(form, f) for f in FORM_FIELDS if f != "amount"} | {
        "amount": form.amount, "amount_text": form.amount_text}}
    for sheet, related in RELATED.items():
        out[sheet] = [{f: getattr(r, f) for f in ROW_FIELDS[sheet] if f != "amount"} | (
            {"amount": r.amount, "amount_text": r.amount_text} if "amount" in ROW_FIELDS[sheet] else {})
            | {"order": r.order} for r in getattr(form, related).all()]
    return out


class ProjectsPlanner:
    def project_forms(self):
        groups = {sheet: self._grouped(sheet, (lambda v: ()) if sheet == PROJECTS else (lambda v: v["order"]),
                                       "同一份申报在本表中有多行" if sheet == PROJECTS else "行号在同一份申报中重复")
                  for sheet in PROJECT_SHEETS}
        for sheet, by_key in groups.items():
            for key, rows in by_key.items():
                if not self.layout_of[key].is_project:
                    for row in rows.values():
                        self.error(row, "部门编码", f"这份申报的表样「{self.layout_of[key].name}」不是项目支出表，"
                                                   f"不能填写「{sheet}」表")
        existing = {}
        ids = [f.pk for k, f in self.plan.existing_filings.items() if k in self.filing_rows]
        for id_chunk in chunks(ids):
            for form in ProjectForm.objects.filter(filing_id__in=id_chunk).prefetch_related(*RELATED.values()):
                existing[form.filing_id] = form
        for key in self.filing_rows:
            if not self.layout_of[key].is_project:
                continue
            head = groups[PROJECTS].get(key, {}).get(())
            planned = None
            if head is not None:
                planned = {"form": _values(FORM_FIELDS, head.values)}
                for sheet in RELATED:
                    planned[sheet] = []
                    for order, row in sorted(groups[sheet].get(key, {}).items()):
                        values = {f: row.values[f] for f in ROW_FIELDS[sheet]} | {"order": order}
                        if "amount" in values:
                            values["amount"], values["amount_text"] = typed_amount(values["amount"])
                        planned[sheet].append(values)
            else:
                for sheet in RELATED:
                    for row in groups[sheet].get(key, {}).values():
                        self.error(row, "部门编码", f"「{PROJECTS}」表中没有这份申报的一行")
            old_filing = self.plan.existing_filings.get(key)
            old = snapshot(existing.get(old_filing.pk)) if old_filing else None
            counts = [(s, len(planned[s]) if planned else 0) for s in RELATED] + [(PROJECTS, 1 if planned else 0)]
            if old_filing is None:
                for sheet, n in counts:
                    self.plan.count(sheet, "new", n)
            elif old == planned:
                for sheet, n in counts:
                    self.plan.count(sheet, "unchanged", n)
            else:
                for sheet, n in counts:
                    self.plan.count(sheet, "updated", n)
                self.plan.touch(key, PROJECTS)
            if old_filing is None or old != planned:
                self.plan.project_forms[key] = planned
