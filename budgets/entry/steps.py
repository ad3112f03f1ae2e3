"""The wizard's steps for one filing and each step's state (未填 / 有错误 / 有警告 / 已完成)."""

from dataclasses import dataclass, field

from django.urls import reverse

from indicators.validation.findings import ATT1, ATT2, ATT3, Severity

EMPTY, ERROR, WARNING, DONE = "empty", "error", "warning", "done"
STATE_LABELS = {EMPTY: "未填", ERROR: "有错误", WARNING: "有警告", DONE: "已完成"}


@dataclass
class Step:
    key: str
    number: str
    title: str
    url: str
    state: str = DONE
    findings: list = field(default_factory=list)

    @property
    def state_label(self):
        return STATE_LABELS[self.state]


# A table's own fields, not a row's: which 一级/二级 it lacks, what its 权重 add up to. Shown on the
# table's grid (budgets.entry.links).
TABLE_FIELDS = frozenset({"level1", "level2", "weight"})


def step_key(location):
    """Which step shows a finding's location."""
    if location.attachment == ATT1:
        # Before the row test: a 重点工作 finding carries its row number too.
        if location.field in ("duties",) or location.field.startswith("key_task"):
            return "tasks"
        if location.indicator_id or location.row or location.field in TABLE_FIELDS:
            return "indicators"
        return "basic"
    if location.attachment == ATT2:
        return "lines"
    if location.attachment == ATT3 and location.sheet_id:
        return f"sheet-{location.sheet_id}"
    return "check"


# The project header fields of step 1 (ProjectBasicForm); the goals and indicator tables are step 3's,
# the money and cost rows (findings on "money" and "cost") step 2's.
PROJECT_HEADER = {"name", "supervisor", "implementing_unit", "leader", "attribute_text", "category_text",
                  "nature_text", "fund", "fund_text", "amount", "period_text", "basis", "overview",
                  "feasibility", "necessity"}
PROJECT_MONEY = {"money", "cost", "stage"}


def project_step_key(location):
    """Which step of a project form shows a finding's location."""
    if location.indicator_id or location.row:
        return "targets"
    if location.field in PROJECT_HEADER:
        return "project"
    if location.field in PROJECT_MONEY:
        return "money"
    return "targets" if location.field else "check"


def project_step_list(filing):
    """A stand-alone 项目支出绩效目标表: its header, its money tables, its targets, 检查."""
    pk = filing.pk
    return [
        Step("project", "1", "项目基本信息", reverse("entry:project_basic", args=[pk])),
        Step("money", "2", "项目资金与成本测算", reverse("entry:project_money", args=[pk])),
        Step("targets", "3", "绩效目标与指标", reverse("entry:project_targets", args=[pk])),
        Step("check", "4", "检查", reverse("entry:step_check", args=[pk])),
    ]


def project_steps_for(packet, findings):
    form = packet.form
    steps = project_step_list(packet.filing)
    by_key = {s.key: s for s in steps}
    for f in findings:
        by_key[project_step_key(f.location)].findings.append(f)
    empty = {
        "project": form is None or not form.name.strip(),
        "money": form is None or not (form.money_rows.all() or form.cost_rows.all() or form.stages.all()),
        "targets": not packet.indicators,
    }
    _set_states(steps, findings, empty)
    return steps


def step_list(filing, sheets):
    """The filing's steps in order, without their states: what navigating between steps needs (a save
    redirects without validating the filing). sheets: its 附件3 (ProjectSheet) in packet order."""
    if filing.is_project:
        return project_step_list(filing)
    pk = filing.pk
    # The step holds every indicator block of the layout (实施期 and 年度, or 年度 only).
    periods = {p for p, _ in filing.layout.blocks}
    indicators_title = "附件1 年度绩效指标" if periods <= {"annual"} else "附件1 绩效指标"
    steps = [
        Step("basic", "1", "附件1 基本信息与资金", reverse("entry:step_basic", args=[pk])),
        Step("tasks", "2", "部门职责与年度重点工作", reverse("entry:step_tasks", args=[pk])),
        Step("indicators", "3", indicators_title, reverse("entry:step_indicators", args=[pk])),
        Step("lines", "4", "附件2 专项资金汇总", reverse("entry:step_lines", args=[pk])),
    ]
    for i, sheet in enumerate(sheets, start=1):
        steps.append(Step(f"sheet-{sheet.pk}", f"5.{i}", f"附件3（{i}）{sheet.name.strip()[:16]}",
                          reverse("entry:step_sheet", args=[pk, sheet.pk])))
    steps.append(Step("sheets", "5" if not sheets else "5+", "添加附件3", reverse("entry:step_sheets", args=[pk])))
    steps.append(Step("check", "6", "检查", reverse("entry:step_check", args=[pk])))
    return steps


def steps_for(packet, findings):
    """The steps with their findings and states (未填 / 有错误 / 有警告 / 已完成)."""
    filing = packet.filing
    if filing.is_project:
        return project_steps_for(packet, findings)
    steps = step_list(filing, [sp.sheet for sp in packet.sheets])
    by_key = {s.key: s for s in steps}
    for f in findings:
        by_key.get(step_key(f.location), by_key["check"]).findings.append(f)
    empty = {
        "basic": filing.total_amount is None,
        "tasks": not packet.key_tasks and not filing.duties.strip(),
        "indicators": not packet.indicators,
        "lines": not packet.lines,
        "sheets": not packet.sheets,
    }
    for sp in packet.sheets:
        empty[f"sheet-{sp.sheet.pk}"] = not sp.indicators
    _set_states(steps, findings, empty)
    return steps


def _set_states(steps, findings, empty):
    for s in steps:
        # 检查 sums up the whole filing; every other step its own findings.
        severities = {f.severity for f in (findings if s.key == "check" else s.findings)}
        if empty.get(s.key):
            s.state = EMPTY
        elif Severity.ERROR in severities:
            s.state = ERROR
        elif Severity.WARNING in severities:
            s.state = WARNING


def progress(steps):
    """(complete, total) over the steps that hold input."""
    counted = [s for s in steps if s.key not in ("sheets", "check")]
    return sum(1 for s in counted if s.state == DONE), len(counted)
