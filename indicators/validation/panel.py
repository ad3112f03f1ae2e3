"""The findings panel's data: findings grouped per attachment, computed before a template renders.

budgets.validation.findings_for() is what a page, or an htmx refresh of the panel alone, passes to
templates/indicators/_findings.html.
"""

from .findings import Severity
from .review import PROJECT_LABEL


def group_findings(findings):
    """[{title, anchor, findings, counts}] per attachment / 附件3 sheet in page order, errors first in each."""
    groups = {}
    for f in findings:
        loc = f.location
        if loc.group_key not in groups:
            if loc.attachment == "附件1" and loc.label.startswith(PROJECT_LABEL):
                title = "项目支出绩效目标（申报）表"
            elif loc.sheet_index:
                title = f"附件3（{loc.sheet_index}）{loc.sheet_name}"
            else:
                title = {"附件1": "附件1 部门整体支出绩效目标表", "附件2": "附件2 专项资金预算绩效目标汇总表"}.get(
                    loc.attachment, "整份申报")
            groups[loc.group_key] = (title, loc.anchor, [])
        groups[loc.group_key][2].append(f)
    out = []
    for key in sorted(groups):
        title, anchor, items = groups[key]
        items.sort(key=lambda f: (f.severity.rank, f.location.sort_key))
        counts = _counts(items)
        out.append({"title": title, "anchor": anchor, "findings": items, "errors": counts[Severity.ERROR],
                    "warnings": counts[Severity.WARNING], "infos": counts[Severity.INFO]})
    return out


def _counts(findings):
    return {s: sum(1 for f in findings if f.severity == s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}


def panel_context(filing, findings):
    """What templates/indicators/_findings.html shows for these findings."""
    counts = _counts(findings)
    return {
        "filing": filing,
        "findings": findings,
        "groups": group_findings(findings),
        "errors": counts[Severity.ERROR],
        "warnings": counts[Severity.WARNING],
        "infos": counts[Severity.INFO],
    }
