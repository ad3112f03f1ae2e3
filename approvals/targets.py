"""The places in a filing a comment can be put on, with where the unit fixes each in the wizard.

A target's key names the place by natural keys (行号, 附件3顺序, 期间 and 行号 of an indicator), the
way the revision's tables do, so that a comment still names its place in the next round. The step
and anchor are the wizard's (budgets.entry.steps and .links): the comment shows there.
"""

from dataclasses import dataclass

from budgets.packet import load_packet

OVERALL_FIELDS = [("overall_goal", "年度总体目标", "basic"), ("total_amount", "资金总额", "basic"),
                  ("duties", "部门职责概述", "tasks")]
PROJECT_FIELDS = [("name", "项目名称", "project"), ("overview", "项目概况", "project"),
                  ("basis", "立项依据", "project"), ("amount", "项目资金总额", "project"),
                  ("period_goal", "长期目标", "targets"), ("annual_goal", "年度目标", "targets")]


# What a reviewer may correct when approving with 良 (lifecycle.GRADES): wording only, never a
# number or anything another column is derived from.
CORRECTABLE = {
    "indicator": {"name": "三级指标", "explanation": "指标解释", "scoring_rule": "评(扣)分标准", "remark": "备注"},
    "field": {"overall_goal": "年度总体目标", "duties": "部门职责概述", "name": "项目名称", "overview": "项目概况",
              "basis": "立项依据", "period_goal": "长期目标", "annual_goal": "年度目标"},
}


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    step: str = "check"
    anchor: str = ""
    obj: object = None  # the live row or filing (or project form) it names

    @property
    def kind(self):
        return self.key.split(":", 1)[0]

    def correctable(self):
        """(field, label) pairs a 良 correction may change here."""
        fields = CORRECTABLE.get(self.kind, {})
        if self.kind == "field":
            name = self.key.split(":", 1)[1]
            return [(name, fields[name])] if name in fields else []
        return list(fields.items())


def _indicator(ind, table, where, step):
    return Target(f"indicator:{table}:{ind.period}:{ind.order}",
                  f"{where} {ind.get_period_display()}指标 第{ind.order}行：{ind.name or ind.value_text}"[:300],
                  step, f"ind-{ind.pk}", ind)


def targets_of(filing):
    packet = load_packet(filing)
    out = [Target("filing", "整份申报")]
    if filing.is_project:
        out += [Target(f"field:{f}", label, step, f"id_{f}", packet.form) for f, label, step in PROJECT_FIELDS]
        out += [_indicator(i, "项目", "项目表", "targets") for i in packet.indicators]
        return out
    out += [Target(f"field:{f}", f"附件1 {label}", step, f"id_{f}", filing) for f, label, step in OVERALL_FIELDS]
    out += [_indicator(i, "附件1", "附件1", "indicators") for i in packet.indicators]
    for lp in packet.lines:
        for line in [lp.line, *lp.children]:
            out.append(Target(f"line:{line.order}", f"附件2 {line.seq} {line.name}".strip()[:300], "lines",
                              f"line-{line.pk}", line))
    for sp in packet.sheets:
        step = f"sheet-{sp.sheet.pk}"
        out.append(Target(f"sheet:{sp.line.order}", f"附件3（{sp.sheet.order}）{sp.sheet.name}"[:300], step,
                          "step-form", sp.sheet))
        out += [_indicator(i, f"附件3-{sp.line.order}", f"附件3（{sp.sheet.order}）", step) for i in sp.indicators]
    return out
