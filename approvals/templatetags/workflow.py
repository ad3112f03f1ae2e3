"""The workflow's parts of pages other apps own: the 送审 panel on the wizard's 检查 step, the status
panel on the filing page, the review comments on each wizard step."""

from django import template

from budgets import lifecycle
from budgets.models.workflow import chain_of

from ..models import Comment, Review
from ..services import finding_key

register = template.Library()


def _unit_comments(filing):
    return (filing.comments.filter(visibility=Comment.Visibility.UNIT)
            .exclude(state__in=[Comment.State.DRAFT, Comment.State.DISMISSED]))


@register.inclusion_tag("approvals/_submit_panel.html", takes_context=True)
def submit_panel(context, filing, items):
    user = context["request"].user
    allowed, reason = lifecycle.action_allowed(user, filing, "submit")
    errors = [i for i in items if i["finding"].severity == "error"]
    warnings = [dict(i, key=finding_key(i["finding"])) for i in items if i["finding"].severity == "warning"]
    withdraw, _ = lifecycle.action_allowed(user, filing, "withdraw")
    return {"filing": filing, "request": context["request"], "csrf_token": context.get("csrf_token"),
            "can_submit": allowed, "reason": reason, "errors": errors, "warnings": warnings,
            "can_withdraw": withdraw and filing.assignee_id is None,
            "rounds": filing.revisions.count(), "asks": lifecycle.STATES[filing.status].asks}


@register.inclusion_tag("approvals/_status_panel.html", takes_context=True)
def status_panel(context, filing):
    user = context["request"].user
    chain = chain_of(filing.department.district_id)
    roles = lifecycle.roles_of(user, filing)
    withdraw, _ = lifecycle.action_allowed(user, filing, "withdraw")
    return {"filing": filing, "stage_name": chain[filing.stage - 1] if 0 < filing.stage <= len(chain) else "",
            "csrf_token": context.get("csrf_token"), "can_withdraw": withdraw and filing.assignee_id is None,
            "chain_length": len(chain), "rounds": filing.revisions.count(),
            "is_reviewer": lifecycle.REVIEWER in roles, "is_owner": lifecycle.OWNER in roles,
            "last_review": filing.reviews.filter(undone_at=None).order_by("-created_at").first()}


@register.inclusion_tag("approvals/_step_comments.html", takes_context=True)
def step_comments(context, filing, step_key):
    """The reviewer's open comments on this step (on 检查: all of them), each beside its row through
    its anchor, with 已处理 for the 填报人; and links to those on other steps, since 「按意见修改」
    opens the first step, which may have none."""
    comments = []
    if filing.status != lifecycle.Status.APPROVED:  # after 已批复 they are the record (review page), not work
        comments = list(_unit_comments(filing).filter(state__in=[Comment.State.OPEN, Comment.State.ADDRESSED]))
    # A comment links to its row on its own step: on 检查 (which lists every step's comments) a bare
    # #anchor would point at nothing.
    urls = {s.key: s.url for s in context.get("steps") or ()}
    for c in comments:
        c.here = c.step == step_key or c.step not in urls
        c.url = ("" if c.here else urls[c.step]) + "#" + (c.anchor or "step-form")
    mine = [c for c in comments if step_key == "check" or c.step == step_key]
    # Why it came back: the returning stage's reason and 修改建议, on every step while it is 已退回.
    returned = None
    if filing.status == lifecycle.Status.RETURNED:
        returned = filing.reviews.filter(undone_at=None, action=Review.Action.RETURN).order_by("-created_at").first()
    user = context["request"].user
    return {"comments": mine, "elsewhere": [c for c in comments if c not in mine], "returned": returned,
            "on_check": step_key == "check",
            "request": context["request"], "csrf_token": context.get("csrf_token"),
            "can_address": lifecycle.OWNER in lifecycle.roles_of(user, filing)}


@register.filter
def status_color(status):
    return {"approved": "success", "returned": "warning", "submitted": "info", "rejected": "danger"}.get(status,
                                                                                                      "secondary")
