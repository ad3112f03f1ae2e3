"""Typed rows + the database → what an import does, and the counts the preview shows.

Natural keys: a department is its code; a filing is (department code, year, version, 表号); its rows are
the filing plus their row numbers (an indicator also by period and by the 附件2 row of its 附件3).
For every filing the workbook names, the workbook is the whole truth: rows it lacks are deleted.
Every sheet but 绩效指标 is planned whole first; apply.Writer writes that part, then 绩效指标 is
planned and written a batch at a time (plan_indicators.py), so the preview (no writer) and the import
run the same planning and report the same counts.
"""

from django.db.models import Max

from budgets.models import Department, District, Filing
from indicators.forms_shipped import HUNAN_2021, LAYOUT_FOR_FRAMEWORK
from indicators.models import FormLayout, Framework

from .format import DEPARTMENTS, FILINGS, OVERALL, SHEETS
from .plan_fields import FieldsPlanner
from .plan_indicators import IndicatorsPlanner
from .plan_projects import ProjectsPlanner
from .plan_rows import RowsPlanner
from .plan_types import FILING_SHEET_FIELDS, OVERALL_FIELDS, Ops, Plan, changed, chunks, filing_key, key_label


def _key_or_none(values):
    try:
        return filing_key(values)
    except KeyError:  # a key cell itself had an error
        return None


class Planner(FieldsPlanner, IndicatorsPlanner, ProjectsPlanner, RowsPlanner):
    def __init__(self, parsed, allowed_district_ids=None):
        self.parsed = parsed
        self.rows = parsed.rows
        self.allowed = allowed_district_ids  # None: any district (superuser, management command)
        self.plan = Plan()
        self.filing_rows = {}  # key → 填报 row (valid ones)
        self.filing_values = {}  # key → dict of Filing field values
        self.framework_of = {}  # key → framework id
        self.layout_of = {}  # key → FormLayout
        self.failed_row_keys = {}  # sheet → filing key → row keys of its rows that failed

    def error(self, row, column, message):
        self.parsed.error(row, column, message)

    def run(self, writer=None, progress=None):
        """The plan, with its counts; given a writer (a real import), written as it is made.

        Written only while no problem has been found; a problem found later (the caller checks
        parsed.problem_count) means the caller rolls the transaction back.
        """
        step = progress or (lambda label: None)
        self.departments()
        self.filings()
        self.overall()
        self.tasks()
        self.lines()
        self.project_forms()
        self.form_fields()
        self.finish_filings()
        self.indicator_index()
        if writer is not None and not self.parsed.problem_count:
            writer.held(self.plan)
        self.release_held()
        step("读取并写入：绩效指标" if writer is not None else "读取并比对：绩效指标")
        self.indicators(writer if writer is not None and not self.parsed.problem_count else None)
        # Only filings that already existed can be "touched"; new ones are new.
        self.plan.touched_keys = {k: v for k, v in self.plan.touched_keys.items() if k in self.plan.existing_filings}
        self.refuse_changes_to_entered_filings()
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
        new_districts, seen, names = {}, {}, {}
        for row in rows:
            v = row.values
            if v["code"] in seen:
                # Several exports imported together each carry their departments: same row, no harm.
                first = seen[v["code"]]
                if first.values != v:
                    self.error(row, "部门编码", f"部门编码「{v['code']}」重复，且与{first.file}第{first.number}行内容不同")
                continue
            seen[v["code"]] = row
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
        layouts = {}
        for fl in FormLayout.objects.all():
            layouts[fl.code] = fl
            layouts.setdefault(fl.name, fl)
        existing = self._existing_filings({filing_key(r.values) for r in rows})
        self.plan.existing_filings = existing
        # As stored: a real import changes these Filing objects (department_name) as it writes.
        self.stored_labels = {key: str(f) for key, f in existing.items()}
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
            # 表样 left blank (workbooks from before layouts): the one the framework implied.
            layout = layouts.get(v.get("layout") or LAYOUT_FOR_FRAMEWORK.get(framework.code, HUNAN_2021))
            if layout is None:
                self.error(row, "表样", f"表样「{v['layout']}」不存在（可填代码，如 hunan-2021、mof-101、chongqing-2022）")
                continue
            amends = v["amended_from_version"]
            if amends is not None and amends >= key[2]:
                self.error(row, "调整自版本", "调整自版本应小于本版本")
                continue
            self.filing_rows[key] = row
            self.framework_of[key] = framework.pk
            self.layout_of[key] = layout
            self.filing_values[key] = {"framework_id": framework.pk, "layout_id": layout.pk, "kind": layout.kind,
                                       "status": v["status"],
                                       "department_name": v["department_name"],
                                       "money_unit": (v.get("money_unit") or "万元").strip() or "万元"}
            self.plan.amended_from[key] = amends
        self.one_packet_per_year()
        # 调整自版本 must name a filing that will exist after the import.
        for key, amends in self.plan.amended_from.items():
            if amends is None:
                continue
            target = (key[0], key[1], amends, key[3])
            if target not in self.filing_rows and not Filing.objects.filter(
                department__code=key[0], year=key[1], version=amends, form_no=key[3]
            ).exists():
                self.error(self.filing_rows[key], "调整自版本", f"第{amends}版不存在")

    def one_packet_per_year(self):
        """A unit has one 部门整体 form a year and 版本, whatever its 表号 (the database's constraint too):
        a second one, in the file or beside a stored one, is refused here, naming its row."""
        first = {}  # (code, year, version) → key of the file's first 部门整体 form
        for key in list(self.filing_rows):
            if self.layout_of[key].is_project:
                continue
            unit = (key[0], key[1], key[2])
            if unit in first:
                row, other = self.filing_rows[key], self.filing_rows[first[unit]]
                self.error(row, "表号", f"与第{other.number}行是同一单位、同一年度、同一版本的两份部门整体支出绩效目标申报"
                                      f"（表号{first[unit][3]}、{key[3]}）；每个单位每年每个版本只能有一份，"
                                      "请删除其中一份，或把其中一份的「版本」改为新的版本号")
                self._drop_filing(key)
                continue
            first[unit] = key
        if not first:
            return
        stored = Filing.objects.filter(kind=Filing.Kind.OVERALL, department__code__in={u[0] for u in first},
                                       year__in={u[1] for u in first}).values_list(
            "department__code", "year", "version", "form_no")
        for code, year, version, form_no in stored:
            key = first.get((code, year, version))
            if key is not None and key[3] != form_no and (code, year, version, form_no) not in self.filing_rows:
                self.error(self.filing_rows[key], "表号",
                           f"系统中已有这个单位{year}年第{version}版的部门整体支出绩效目标申报（表号{form_no}），"
                           f"每个单位每年每个版本只能有一份；如是同一份申报，请把「表号」改为 {form_no}，"
                           "否则请改用新的版本号")
                self._drop_filing(key)

    def _drop_filing(self, key):
        """A 填报 row refused after it was accepted: its rows elsewhere are skipped quietly."""
        del self.filing_rows[key]
        self.plan.amended_from.pop(key, None)

    def _existing_filings(self, keys):
        found = {}
        codes = {k[0] for k in keys}
        years = {k[1] for k in keys}
        for code_chunk in chunks(codes):
            qs = Filing.objects.filter(department__code__in=code_chunk, year__in=years).select_related(
                "department", "amended_from")
            for f in qs:
                key = (f.department.code, f.year, f.version, f.form_no)
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
            if key not in seen and key not in named and not row.failed and not self.layout_of[key].is_project:
                self.error(row, None, f"「{OVERALL}」表中缺少这份申报的一行（{key_label(key)}）")

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
            head_changed = bool(changed(old, {f: values[f] for f in FILING_SHEET_FIELDS}))
            if head_changed or old_amends != self.plan.amended_from[key]:
                self.plan.touch(key, FILINGS)
            if diff:
                self.plan.filings.updates.append((old, diff))
                self.plan.touch(key, FILINGS if head_changed else OVERALL)
            self.plan.count(FILINGS, "updated" if head_changed or old_amends != self.plan.amended_from[key]
                            else "unchanged")

    def release_held(self):
        """Let go of what only the held sheets' planning and writing needed, before 绩效指标 is read:
        the peak memory of an import is then the larger of the two parts, not their sum. The 填报 rows
        stay (an error may still be put on them), and so do the failed rows (parsed.failed_rows)."""
        for sheet in self.rows:
            if sheet not in (DEPARTMENTS, FILINGS):
                self.rows[sheet] = []
        plan = self.plan
        plan.tasks, plan.lines, plan.sheets, plan.fundings = Ops(), Ops(), Ops(), Ops()
        plan.line_parents, plan.project_forms, plan.form_fields, plan.line_ids = {}, {}, {}, {}

    def filing_outcomes(self):
        """(label, "new" | "updated" | "unchanged") of each filing the file names without error, in file order."""
        outcomes = []
        for key, row in self.filing_rows.items():
            if row.failed:
                continue
            outcome = "new" if key in self.plan.new_keys else "updated" if key in self.plan.touched_keys else "unchanged"
            outcomes.append((self.filing_label(key), outcome))
        return outcomes

    def filing_label(self, key):
        """As Filing.__str__ prints it: 「2021年 石峰区井龙街道办事处」, 「… 项目表1（第2版）」."""
        if key in self.stored_labels:
            return self.stored_labels[key]
        _code, year, version, form_no = key
        kind = f" 项目表{form_no}" if self.layout_of[key].is_project else ""
        suffix = f"（第{version}版）" if version > 1 else ""
        return f"{year}年 {self.filing_values[key]['department_name']}{kind}{suffix}"

    def refuse_changes_to_entered_filings(self):
        """An online-entered filing is its filers' work: the file may repeat it as it is (a no-op), never change it.

        Its export imports back unchanged; a file that differs from it is refused as a whole, naming the
        sheets that differ and the way forward: a new 版本, which imports as a separate 历史导入 filing
        (「调整自版本」 may name the entered one), or a change made online by its filers.
        """
        for key, sheets in self.plan.touched_keys.items():
            old = self.plan.existing_filings[key]
            if old.origin == Filing.Origin.IMPORTED:
                continue
            differs = "、".join(f"「{s}」" for s in SHEETS if s in sheets)
            self.error(self.filing_rows[key], "版本",
                       f"{self.stored_labels[key]} 是在线填报的申报，文件中的{differs}与系统中的不同；导入不能修改在线填报的申报，"
                       f"未写入任何数据。如要导入文件中的内容，请把这份申报在各表中的「版本」改为 "
                       f"{self.free_version(key)}，作为一份新的历史导入申报导入（「调整自版本」可填 {key[2]}）；"
                       f"或由填报人在系统中修改这份申报")

    def free_version(self, key):
        """The next version number of the key's unit, year and 表号 that neither the database nor the file uses."""
        code, year, _version, form_no = key
        stored = Filing.objects.filter(department__code=code, year=year, form_no=form_no).aggregate(
            top=Max("version"))["top"] or 0
        in_file = max((k[2] for k in self.filing_rows if (k[0], k[1], k[3]) == (code, year, form_no)), default=0)
        return max(stored, in_file) + 1
