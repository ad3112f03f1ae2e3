"""Planning of the row tables of each filing: 重点工作, 支出方向 with their 附件3 (绩效指标: plan_indicators.py).

A mixin of plan.Planner; every row is matched to the existing row with the same natural key
(filing + 行号, indicators also by 期间 and the 附件2 row of their 附件3).
"""

from collections import defaultdict

from django.db.models import F

from budgets.models import KeyTask, ProjectFunding, ProjectSheet, SubItem
from budgets.services.packets import parse_period

from .format import FUNDING_SOURCES, KEY_TASKS, LINES
from .plan_types import (
    LINE_FIELDS,
    NO_EXTRA,
    SHEET_COLUMNS,
    TASK_FIELDS,
    changed,
    chunks,
    filing_key,
    same_value,
)


class RowsPlanner:
    # 重点工作 ----------------------------------------------------------------------------------
    def _grouped(self, sheet, key_fn, key_message):
        """Valid rows of a child sheet grouped by filing, duplicates of the row key reported.

        The keys of rows that failed are remembered too (when their key cells could be read): such a
        row is in the file, so its existing row is counted as an error, not also as a deletion.
        """
        groups = defaultdict(dict)
        failed_keys = self.failed_row_keys[sheet] = defaultdict(set)
        for row in self.rows[sheet]:
            if row.failed:
                try:
                    failed_keys[filing_key(row.values)].add(key_fn(row.values))
                except KeyError:  # a key cell itself had the error
                    pass
                continue
            key = self._filing_of(row)
            if key is None:
                continue
            row_key = key_fn(row.values)
            if row_key in groups[key]:
                self.error(row, "行号", key_message)
                continue
            groups[key][row_key] = row
        return groups

    def _existing_children(self, model, filing_path="filing_id"):
        """Rows of the existing filings, grouped by filing id (one query per 500 filings)."""
        ids = [f.pk for f in self.plan.existing_filings.values()]
        result = defaultdict(list)
        lookup = filing_path.removesuffix("_id") + "__in"
        for id_chunk in chunks(ids):
            for obj in model.objects.filter(**{lookup: id_chunk}).annotate(import_filing_ref=F(filing_path)):
                result[obj.import_filing_ref].append(obj)
        return result

    def tasks(self):
        groups = self._grouped(KEY_TASKS, lambda v: v["order"], "行号在同一份申报中重复")
        existing = self._existing_children(KeyTask)
        for key in self.filing_rows:
            rows = groups.get(key, {})
            old_filing = self.plan.existing_filings.get(key)
            old = {t.order: t for t in existing.get(old_filing.pk, [])} if old_filing else {}
            for order, row in rows.items():
                values = {f: row.values[f] for f in TASK_FIELDS}
                self._merge(KEY_TASKS, self.plan.tasks, key, old.get(order), {**values, "order": order})
            self._delete_missing(KEY_TASKS, self.plan.tasks, key, old, rows)

    def _merge(self, sheet, ops, key, instance, values, create_extra=NO_EXTRA, count=True):
        """Plan one row against its stored row (None: new); counted under `sheet` unless count=False."""
        if instance is None:
            ops.creates.append((key, values) if create_extra is NO_EXTRA else (key, create_extra, values))
            outcome = "new"
        elif diff := changed(instance, values):
            ops.updates.append((instance, diff))
            outcome = "updated"
        else:
            outcome = "unchanged"
        if outcome != "unchanged":
            self.plan.touch(key, sheet)
        if count:
            self.plan.count(sheet, outcome)
        return outcome

    def _delete_missing(self, sheet, ops, key, old, kept, count=True):
        in_file = self.failed_row_keys.get(sheet, {}).get(key, ())
        gone = [obj.pk for k, obj in old.items() if k not in kept and k not in in_file]
        if gone:
            ops.deletes.extend(gone)
            self.plan.touch(key, sheet)
            if count:
                self.plan.count(sheet, "deleted", len(gone))

    # 支出方向（附件2及附件3） --------------------------------------------------------------------------
    def lines(self):
        groups = self._grouped(LINES, lambda v: v["order"], "行号在同一份申报中重复")
        old_lines = self._existing_children(SubItem)
        old_sheets = self._existing_children(ProjectSheet, "sub_item__filing_id")
        old_fundings = self._existing_children(ProjectFunding, "sheet__sub_item__filing_id")
        self.sheet_lines = defaultdict(set)  # filing key → line orders that carry a 附件3
        for key in self.filing_rows:
            rows = groups.get(key, {})
            old_filing = self.plan.existing_filings.get(key)
            fid = old_filing.pk if old_filing else None
            old = {line.order: line for line in old_lines.get(fid, [])}
            order_of = {line.pk: line.order for line in old.values()}
            sheets_by_line = {s.sub_item_id: s for s in old_sheets.get(fid, [])}
            fundings_by_sheet = defaultdict(dict)
            for funding in old_fundings.get(fid, []):
                fundings_by_sheet[funding.sheet_id][funding.source] = funding
            sheet_orders = {}
            for order, row in rows.items():
                if not self._check_line(key, row, rows, sheet_orders):
                    continue
                v = row.values
                line = old.get(order)
                outcome = self._merge(LINES, self.plan.lines, key, line, {f: v[f] for f in LINE_FIELDS} | {"order": order},
                                      count=False)
                self.plan.line_parents[(key, order)] = v["parent_order"]
                if line is not None and order_of.get(line.parent_id) != v["parent_order"]:
                    self.plan.touch(key, LINES)
                    if outcome == "unchanged":
                        self.plan.lines.updates.append((line, {}))  # the parent is set in apply
                        outcome = "updated"
                sheet = sheets_by_line.get(line.pk) if line is not None else None
                outcome = self._sheet(key, order, v, sheet, fundings_by_sheet, outcome)
                self.plan.count(LINES, outcome)
            self._delete_missing(LINES, self.plan.lines, key, old, rows)

    def _check_line(self, key, row, rows, sheet_orders):
        v = row.values
        parent = v["parent_order"]
        if parent is not None:
            if parent == v["order"] or parent not in rows:
                self.error(row, "上级行号", f"上级行号「{parent}」在这份申报的支出方向中不存在")
                return False
            if rows[parent].values.get("parent_order") is not None:
                self.error(row, "上级行号", "上级行本身是子项；支出方向只有两级")
                return False
        sheet_values = [v[f] for f in SHEET_COLUMNS if f != "sheet_order"]
        if v["sheet_order"] is None:
            if any(x not in ("", None) for x in sheet_values) or any(v[f"funding_{s}"] is not None for s in FUNDING_SOURCES):
                self.error(row, "附件3顺序", "填写了附件3内容，但「附件3顺序」为空")
                return False
            return True
        if not v["sheet_name"].strip():
            self.error(row, "附件3支出方向（子项）", "有附件3时不能为空")
            return False
        if v["sheet_order"] in sheet_orders:
            self.error(row, "附件3顺序", f"附件3顺序「{v['sheet_order']}」在同一份申报中重复")
            return False
        sheet_orders[v["sheet_order"]] = v["order"]
        if v["period_start"] is None and v["period_end"] is None:
            v["period_start"], v["period_end"] = parse_period(v["period_text"])
        if v["period_start"] and v["period_end"] and v["period_start"] > v["period_end"]:
            self.error(row, "实施期结束", "实施期结束早于实施期开始")
            return False
        self.sheet_lines[key].add(v["order"])
        return True

    def _sheet(self, key, order, v, sheet, fundings_by_sheet, outcome):
        """Plan the 附件3 of one 附件2 row and its 资金构成; returns the row's combined outcome."""
        touched = False
        if v["sheet_order"] is None:
            if sheet is not None:
                self.plan.sheets.deletes.append(sheet.pk)
                touched = True
        else:
            values = {model_field: v[f] for f, model_field in SHEET_COLUMNS.items()}
            touched = self._merge(LINES, self.plan.sheets, key, sheet, values, create_extra=order, count=False) != "unchanged"
            old_fundings = fundings_by_sheet.get(sheet.pk, {}) if sheet is not None else {}
            for source in FUNDING_SOURCES:
                amount = v[f"funding_{source}"]
                funding = old_fundings.get(source)
                if amount is None:
                    if funding is not None:
                        self.plan.fundings.deletes.append(funding.pk)
                        touched = True
                    continue
                if funding is None:
                    self.plan.fundings.creates.append((key, (order, source), {"amount": amount}))
                    touched = True
                elif not same_value(funding.amount, amount):
                    self.plan.fundings.updates.append((funding, {"amount": amount}))
                    touched = True
        if touched and sheet is not None:
            self.plan.touch(key, LINES)
        if touched and outcome == "unchanged":
            return "updated"
        return outcome

    def plan_lines_of(self, filing):
        """(sheet id, line order) of an existing filing's 附件3 sheets."""
        if not hasattr(self, "_sheet_line_orders"):
            self._sheet_line_orders = defaultdict(list)
            ids = [f.pk for f in self.plan.existing_filings.values()]
            for id_chunk in chunks(ids):
                for sheet_id, filing_id, order in ProjectSheet.objects.filter(
                    sub_item__filing_id__in=id_chunk
                ).values_list("pk", "sub_item__filing_id", "sub_item__order"):
                    self._sheet_line_orders[filing_id].append((sheet_id, order))
        return self._sheet_line_orders[filing.pk]
