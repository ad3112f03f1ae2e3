"""Typed rows + the database → what an import would do, and the counts the preview shows.

Natural keys: a department is its code; a filing is (department code, year, version); its rows are
the filing plus their row numbers (an indicator also by period and by the 附件2 row of its 附件3).
For every filing the workbook names, the workbook is the whole truth: rows it lacks are deleted.
Nothing is written here; apply.py executes the plan.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import F

from budgets.models import Department, District, Filing, KeyTask, ProjectFunding, ProjectSheet, SpendingLine
from budgets.models.filing import MONEY_FIELDS
from budgets.services.packets import parse_period
from indicators.models import Framework, Indicator, Level2
from indicators.values import parse_value

from .format import DEPARTMENTS, FILINGS, FUNDING_SOURCES, INDICATORS, KEY_TASKS, LINES, OVERALL, SHEETS

CHUNK = 500
NO_EXTRA = object()
FILING_SHEET_FIELDS = ["framework_id", "status", "department_name"]
OVERALL_FIELDS = [*MONEY_FIELDS, "duties", "overall_goal"]
TASK_FIELDS = ["item", "responsible", "goal", "amount"]
LINE_FIELDS = ["seq", "name", "amount", "period_goal", "annual_goal"]
SHEET_COLUMNS = {  # parsed field → ProjectSheet field
    "sheet_order": "order", "sheet_name": "name", "special_fund": "special_fund", "sheet_amount": "amount",
    "period_text": "period_text", "period_start": "period_start", "period_end": "period_end",
    "sheet_period_goal": "period_goal", "sheet_annual_goal": "annual_goal",
    "implementing_unit": "implementing_unit", "project_leader": "project_leader", "attribute": "attribute",
    "category": "category", "basis": "basis",
}
INDICATOR_FIELDS = ["level2_id", "name", "value_text", "operator", "value_number", "unit", "weight", "explanation",
                    "scoring_rule", "basis", "last_year_value", "is_core", "remark"]


def filing_key(values):
    return (values["department_code"], values["year"], values["version"])


def _key_or_none(values):
    try:
        return filing_key(values)
    except KeyError:  # a key cell itself had an error
        return None


def key_label(key):
    code, year, version = key
    return f"部门编码 {code}，{year}年，第{version}版"


def changed(instance, values):
    return {f: v for f, v in values.items() if getattr(instance, f) != v}


def chunks(items, size=CHUNK):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]


@dataclass
class Ops:
    """Writes for one table: creates carry natural keys, updates carry (instance, changed fields)."""

    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    deletes: list = field(default_factory=list)


@dataclass
class Plan:
    counts: dict = field(default_factory=lambda: {sheet: Counter() for sheet in SHEETS})
    districts: list = field(default_factory=list)  # dicts for new districts
    departments: Ops = field(default_factory=Ops)
    filings: Ops = field(default_factory=Ops)
    amended_from: dict = field(default_factory=dict)  # filing key → version it amends (or None)
    tasks: Ops = field(default_factory=Ops)
    lines: Ops = field(default_factory=Ops)
    line_parents: dict = field(default_factory=dict)  # (filing key, order) → parent order
    sheets: Ops = field(default_factory=Ops)
    fundings: Ops = field(default_factory=Ops)
    indicators: Ops = field(default_factory=Ops)
    existing_filings: dict = field(default_factory=dict)  # key → Filing
    new_keys: set = field(default_factory=set)
    touched_keys: set = field(default_factory=set)  # existing filings with any change

    def count(self, sheet, kind, n=1):
        self.counts[sheet][kind] += n


class Planner:
    def __init__(self, parsed, allowed_district_ids=None):
        self.parsed = parsed
        self.rows = parsed.rows
        self.allowed = allowed_district_ids  # None: any district (superuser, management command)
        self.plan = Plan()
        self.filing_rows = {}  # key → 填报 row (valid ones)
        self.filing_values = {}  # key → dict of Filing field values
        self.framework_of = {}  # key → framework id

    def error(self, row, column, message):
        self.parsed.error(row, column, message)

    def run(self):
        self.departments()
        self.filings()
        self.overall()
        self.tasks()
        self.lines()
        self.indicators()
        self.finish_filings()
        for sheet, n in self.parsed.error_counts().items():
            self.plan.counts[sheet]["errors"] = n
        return self.plan

    # 部门 ------------------------------------------------------------------------------------
    def departments(self):
        rows = [r for r in self.rows[DEPARTMENTS] if not r.failed]
        codes = {r.values["code"] for r in rows}
        district_codes = {r.values["district_code"] for r in rows}
        self.existing_departments = {d.code: d for d in Department.objects.filter(code__in=codes).select_related("district")}
        districts = {d.code: d for d in District.objects.filter(code__in=district_codes)}
        taken_names = set(Department.objects.filter(district__code__in=district_codes)
                          .values_list("district__code", "name", "code"))
        self.department_district = {}  # code → district code, for departments named in the workbook
        new_districts, seen, names = {}, set(), {}
        for row in rows:
            v = row.values
            if v["code"] in seen:
                self.error(row, "部门编码", f"部门编码「{v['code']}」在本表中重复")
                continue
            seen.add(v["code"])
            district = districts.get(v["district_code"])
            if district is None and v["district_code"] not in new_districts:
                if not v["district_name"]:
                    self.error(row, "区名称", f"区划代码「{v['district_code']}」不存在；新建区时请填写「区名称」")
                    continue
                new_districts[v["district_code"]] = {"code": v["district_code"], "name": v["district_name"],
                                                     "short_name": v["district_short_name"]}
            if district is not None and self.allowed is not None and district.pk not in self.allowed:
                self.error(row, "区划代码", f"部门「{v['name']}」不属于您管理的区，无权导入")
                continue
            current = self.existing_departments.get(v["code"])
            if current is not None and self.allowed is not None and current.district_id not in self.allowed:
                self.error(row, "部门编码", f"部门「{current.name}」属于其他区，无权通过导入修改")
                continue
            if district is None and self.allowed is not None:
                self.error(row, "区划代码", "只有超级管理员可以通过导入新建区")
                continue
            clash = [c for dc, n, c in taken_names if dc == v["district_code"] and n == v["name"] and c != v["code"]]
            if clash or names.get((v["district_code"], v["name"]), v["code"]) != v["code"]:
                self.error(row, "部门名称", f"同一区内已有名为「{v['name']}」的部门")
                continue
            names[(v["district_code"], v["name"])] = v["code"]
            self.department_district[v["code"]] = v["district_code"]
            values = {"name": v["name"], "kind": v["kind"], "order": v["order"], "is_active": v["is_active"]}
            existing = self.existing_departments.get(v["code"])
            if existing is None:
                self.plan.departments.creates.append({**values, "code": v["code"], "district_code": v["district_code"]})
                self.plan.count(DEPARTMENTS, "new")
                continue
            diff = changed(existing, values)
            if existing.district.code != v["district_code"]:
                diff["district_code"] = v["district_code"]
            if diff:
                self.plan.departments.updates.append((existing, diff))
                self.plan.count(DEPARTMENTS, "updated")
            else:
                self.plan.count(DEPARTMENTS, "unchanged")
        self.plan.districts = list(new_districts.values())

    # 填报 ------------------------------------------------------------------------------------
    def filings(self):
        # Every filing the sheet names, even on rows with errors: their child rows are then skipped
        # quietly instead of each repeating the 填报 row's error.
        self.named_keys = {_key_or_none(r.values) for r in self.rows[FILINGS]} - {None}
        rows = [r for r in self.rows[FILINGS] if not r.failed]
        dept_codes = {r.values["department_code"] for r in rows}
        known = set(self.department_district) | set(self.existing_departments)
        db_departments = {d.code: d for d in Department.objects.filter(code__in=dept_codes - known)}
        for code, dept in db_departments.items():
            self.existing_departments.setdefault(code, dept)
        frameworks = {}
        for fw in Framework.objects.all():
            frameworks[fw.code] = fw
            frameworks.setdefault(fw.name, fw)
        existing = self._existing_filings({filing_key(r.values) for r in rows})
        self.plan.existing_filings = existing
        for row in rows:
            v = row.values
            key = filing_key(v)
            code = key[0]
            if key in self.filing_rows:
                self.error(row, "部门编码", f"这份申报在本表中重复（{key_label(key)}）")
                continue
            if code not in self.department_district and code not in self.existing_departments:
                self.error(row, "部门编码", f"部门编码「{code}」不存在，请先在「部门」表中填写该部门")
                continue
            if code not in self.department_district and self.allowed is not None \
                    and self.existing_departments[code].district_id not in self.allowed:
                self.error(row, "部门编码", f"部门「{code}」不属于您管理的区，无权导入")
                continue
            framework = frameworks.get(v["framework"])
            if framework is None:
                self.error(row, "指标体系", f"指标体系「{v['framework']}」不存在（可填代码，如 hunan-2021）")
                continue
            old = existing.get(key)
            if old is not None and old.origin != Filing.Origin.IMPORTED:
                self.error(row, "版本", f"{old} 是在线填报的申报，不能用导入覆盖；请改用新的版本号")
                continue
            amends = v["amended_from_version"]
            if amends is not None and amends >= key[2]:
                self.error(row, "调整自版本", "调整自版本应小于本版本")
                continue
            self.filing_rows[key] = row
            self.framework_of[key] = framework.pk
            self.filing_values[key] = {"framework_id": framework.pk, "status": v["status"],
                                       "department_name": v["department_name"]}
            self.plan.amended_from[key] = amends
        # 调整自版本 must name a filing that will exist after the import.
        for key, amends in self.plan.amended_from.items():
            if amends is None:
                continue
            target = (key[0], key[1], amends)
            if target not in self.filing_rows and not Filing.objects.filter(
                department__code=key[0], year=key[1], version=amends
            ).exists():
                self.error(self.filing_rows[key], "调整自版本", f"第{amends}版不存在")

    def _existing_filings(self, keys):
        found = {}
        codes = {k[0] for k in keys}
        years = {k[1] for k in keys}
        for code_chunk in chunks(codes):
            qs = Filing.objects.filter(department__code__in=code_chunk, year__in=years).select_related(
                "department", "amended_from")
            for f in qs:
                key = (f.department.code, f.year, f.version)
                if key in keys:
                    found[key] = f
        return found

    def _filing_of(self, row):
        """The 填报 key a child row belongs to, or None after recording why not."""
        key = filing_key(row.values)
        if key in self.filing_rows and not self.filing_rows[key].failed:
            return key
        if key not in self.named_keys:
            self.error(row, "部门编码", f"「填报」表中没有这份申报（{key_label(key)}）")
        return None

    # 附件1 ------------------------------------------------------------------------------------
    def overall(self):
        named = {_key_or_none(r.values) for r in self.rows[OVERALL]}
        seen = set()
        for row in self.rows[OVERALL]:
            if row.failed:
                continue
            key = self._filing_of(row)
            if key is None:
                continue
            if key in seen:
                self.error(row, "部门编码", f"同一份申报在本表中有多行（{key_label(key)}）")
                continue
            seen.add(key)
            self.filing_values[key].update({f: row.values[f] for f in OVERALL_FIELDS})
            old = self.plan.existing_filings.get(key)
            if old is None:
                self.plan.count(OVERALL, "new")
            elif changed(old, {f: row.values[f] for f in OVERALL_FIELDS}):
                self.plan.count(OVERALL, "updated")
            else:
                self.plan.count(OVERALL, "unchanged")
        for key, row in self.filing_rows.items():
            if key not in seen and key not in named and not row.failed:
                self.error(row, None, f"「{OVERALL}」表中缺少这份申报的一行（{key_label(key)}）")

    # 重点工作 ----------------------------------------------------------------------------------
    def _grouped(self, sheet, key_fn, key_message):
        """Valid rows of a child sheet grouped by filing, duplicates of the row key reported."""
        groups = defaultdict(dict)
        for row in self.rows[sheet]:
            if row.failed:
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

    def _merge(self, sheet, ops, key, instance, values, create_extra=NO_EXTRA):
        if instance is None:
            ops.creates.append((key, values) if create_extra is NO_EXTRA else (key, create_extra, values))
            self.plan.touched_keys.add(key)
            if sheet:
                self.plan.count(sheet, "new")
            return "new"
        diff = changed(instance, values)
        if diff:
            ops.updates.append((instance, diff))
            self.plan.touched_keys.add(key)
            if sheet:
                self.plan.count(sheet, "updated")
            return "updated"
        if sheet:
            self.plan.count(sheet, "unchanged")
        return "unchanged"

    def _delete_missing(self, sheet, ops, key, old, kept):
        gone = [obj.pk for k, obj in old.items() if k not in kept]
        if gone:
            ops.deletes.extend(gone)
            self.plan.touched_keys.add(key)
            if sheet:
                self.plan.count(sheet, "deleted", len(gone))

    # 支出方向（附件2及附件3） --------------------------------------------------------------------------
    def lines(self):
        groups = self._grouped(LINES, lambda v: v["order"], "行号在同一份申报中重复")
        old_lines = self._existing_children(SpendingLine)
        old_sheets = self._existing_children(ProjectSheet, "spending_line__filing_id")
        old_fundings = self._existing_children(ProjectFunding, "sheet__spending_line__filing_id")
        self.sheet_lines = defaultdict(set)  # filing key → line orders that carry a 附件3
        for key in self.filing_rows:
            rows = groups.get(key, {})
            old_filing = self.plan.existing_filings.get(key)
            fid = old_filing.pk if old_filing else None
            old = {line.order: line for line in old_lines.get(fid, [])}
            order_of = {line.pk: line.order for line in old.values()}
            sheets_by_line = {s.spending_line_id: s for s in old_sheets.get(fid, [])}
            fundings_by_sheet = defaultdict(dict)
            for funding in old_fundings.get(fid, []):
                fundings_by_sheet[funding.sheet_id][funding.source] = funding
            sheet_orders = {}
            for order, row in rows.items():
                if not self._check_line(key, row, rows, sheet_orders):
                    continue
                v = row.values
                line = old.get(order)
                outcome = self._merge(None, self.plan.lines, key, line, {f: v[f] for f in LINE_FIELDS} | {"order": order})
                self.plan.line_parents[(key, order)] = v["parent_order"]
                if line is not None and order_of.get(line.parent_id) != v["parent_order"]:
                    self.plan.touched_keys.add(key)
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
            touched = self._merge(None, self.plan.sheets, key, sheet, values, create_extra=order) != "unchanged"
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
                elif funding.amount != amount:
                    self.plan.fundings.updates.append((funding, {"amount": amount}))
                    touched = True
        if touched and sheet is not None:
            self.plan.touched_keys.add(key)
        if touched and outcome == "unchanged":
            return "updated"
        return outcome

    # 绩效指标 ----------------------------------------------------------------------------------
    def indicators(self):
        groups = self._grouped(INDICATORS, lambda v: (v["line_order"], v["period"], v["order"]),
                               "行号在同一张表、同一期间中重复")
        level2s = {(l2.level1.framework_id, l2.level1.name, l2.name): l2.pk
                   for l2 in Level2.objects.select_related("level1")}
        old_indicators = self._existing_children(Indicator)
        for key in self.filing_rows:
            rows = groups.get(key, {})
            old_filing = self.plan.existing_filings.get(key)
            old = {}
            if old_filing is not None:
                line_order = {}
                for line in self.plan_lines_of(old_filing):
                    line_order[line[0]] = line[1]
                for ind in old_indicators.get(old_filing.pk, []):
                    old[(line_order.get(ind.sheet_id), ind.period, ind.order)] = ind
            framework_id = self.framework_of[key]
            kept = {}
            for row_key, row in rows.items():
                v = row.values
                level2_id = level2s.get((framework_id, v["level1"], v["level2"]))
                if level2_id is None:
                    self.error(row, "二级指标", f"所选指标体系中没有「{v['level1']} / {v['level2']}」")
                    continue
                if v["line_order"] is not None and v["line_order"] not in self.sheet_lines.get(key, ()):
                    self.error(row, "所属支出方向行号", f"支出方向第{v['line_order']}行没有附件3（或该行有错误）")
                    continue
                values = {f: v[f] for f in INDICATOR_FIELDS if f != "level2_id"} | {"level2_id": level2_id}
                if not values["operator"] and values["value_number"] is None and not values["unit"]:
                    parsed = parse_value(values["value_text"])
                    values.update(operator=parsed.operator, value_number=parsed.number, unit=parsed.unit)
                kept[row_key] = row
                self._merge(INDICATORS, self.plan.indicators, key, old.get(row_key),
                            values | {"period": row_key[1], "order": row_key[2]}, create_extra=row_key[0])
            self._delete_missing(INDICATORS, self.plan.indicators, key, old, kept)

    def plan_lines_of(self, filing):
        """(sheet id, line order) of an existing filing's 附件3 sheets."""
        if not hasattr(self, "_sheet_line_orders"):
            self._sheet_line_orders = defaultdict(list)
            ids = [f.pk for f in self.plan.existing_filings.values()]
            for id_chunk in chunks(ids):
                for sheet_id, filing_id, order in ProjectSheet.objects.filter(
                    spending_line__filing_id__in=id_chunk
                ).values_list("pk", "spending_line__filing_id", "spending_line__order"):
                    self._sheet_line_orders[filing_id].append((sheet_id, order))
        return self._sheet_line_orders[filing.pk]

    # 填报 totals -------------------------------------------------------------------------------
    def finish_filings(self):
        for key, row in self.filing_rows.items():
            if row.failed:
                continue
            old = self.plan.existing_filings.get(key)
            values = self.filing_values[key]
            if old is None:
                self.plan.filings.creates.append((key, values))
                self.plan.new_keys.add(key)
                self.plan.count(FILINGS, "new")
                continue
            diff = changed(old, values)
            old_amends = old.amended_from.version if old.amended_from_id else None
            if old_amends != self.plan.amended_from[key]:
                self.plan.touched_keys.add(key)
            if diff:
                self.plan.filings.updates.append((old, diff))
                self.plan.touched_keys.add(key)
            head = {f: values[f] for f in FILING_SHEET_FIELDS}
            self.plan.count(FILINGS, "updated" if changed(old, head) or old_amends != self.plan.amended_from[key]
                            else "unchanged")
        # Only filings that already existed can be "touched"; new ones are new.
        self.plan.touched_keys &= set(self.plan.existing_filings)
