from django import template

from indicators.validation import validate_packet
from indicators.validation.findings import Severity

register = template.Library()


def group_findings(findings):
    """[(title, anchor, [finding, …]), …] per attachment / 附件3 sheet in page order, errors first in each."""
    groups = {}
    for f in findings:
        loc = f.location
        if loc.group_key not in groups:
            if loc.sheet_index:
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
        counts = {s: sum(1 for f in items if f.severity == s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
        out.append({"title": title, "anchor": anchor, "findings": items,
                    "errors": counts[Severity.ERROR], "warnings": counts[Severity.WARNING],
                    "infos": counts[Severity.INFO]})
    return out


@register.inclusion_tag("indicators/_findings.html", takes_context=True)
def filing_findings(context, filing):
    """The validation findings panel on the filing page.

    Uses the packet the page already loaded (context["packet"]) so the page reads the filing once.
    """
    packet = context.get("packet")
    if packet is None or packet.filing.pk != filing.pk:
        from budgets.packet import load_packet

        packet = load_packet(filing)
    findings = validate_packet(packet)
    return {
        "filing": filing,
        "findings": findings,
        "groups": group_findings(findings),
        "errors": sum(1 for f in findings if f.severity == Severity.ERROR),
        "warnings": sum(1 for f in findings if f.severity == Severity.WARNING),
        "infos": sum(1 for f in findings if f.severity == Severity.INFO),
    }
