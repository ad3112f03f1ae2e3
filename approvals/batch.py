"""Batch actions on the 审核工作台: approve (优/良), return (中, with reason and 修改建议) or 开始审核
on several filings at once.

Nothing here decides anything: each filing goes through the single-filing service
(approvals.services.decide / claim / assign) on its own, in its own transaction, with the revision the
queue showed for it — so a filing someone acted on since is refused as stale, and one refusal
never stops or undoes the others. Each filing's outcome is reported: done, or the service's
own refusal message.
"""

from dataclasses import dataclass

from django import forms

from budgets import lifecycle
from budgets.access import filings_visible_to

from . import services

# The most filings one batch acts on (the queue shows at most 500 rows).
MAX_FILINGS = 300
ACTIONS = [("approve", "审核通过"), ("return", "退回修改"), ("claim", "开始审核（由我审核）"),
           ("assign", "分配给审核人")]
APPROVE_GRADES = [("A", "优"), ("B", "良")]
RETURN_GRADE = "C"  # 中 returns for revision (budgets.lifecycle.GRADE_ACTIONS)
DONE = {"approve": "已审核通过", "return": "已退回修改", "claim": "已开始审核", "assign": "已分配"}
NOT_FOUND = "未找到该申报，或您无权查看。"


class BatchForm(forms.Form):
    """The confirmation page's choices; what each action needs is checked here, field by field."""

    action = forms.ChoiceField(label="批量操作", choices=ACTIONS,
                               error_messages={"required": "请选择批量操作。", "invalid_choice": "请选择批量操作。"})
    grade = forms.ChoiceField(label="总体评级", choices=[("", "请选择")] + APPROVE_GRADES, required=False,
                              error_messages={"invalid_choice": "总体评级：批量审核通过只能选优或良。"})
    reason = forms.CharField(label="退回理由", required=False, max_length=5000,
                             error_messages={"max_length": "退回理由：最多5000字。"})
    suggestion = forms.CharField(label="修改建议", required=False, max_length=5000,
                                 error_messages={"max_length": "修改建议：最多5000字。"})
    return_mode = forms.ChoiceField(label="退回方式", choices=lifecycle.RETURN_MODES, required=False,
                                    error_messages={"invalid_choice": "退回方式：请选择打回或回退。"})
    assignee = forms.ModelChoiceField(label="分配给", queryset=None, required=False, empty_label="请选择审核人",
                                      error_messages={"invalid_choice": "分配给：请从列表中选择本区的审核人。"})

    def __init__(self, *args, reviewers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = reviewers

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "approve" and not data.get("grade") and "grade" not in self.errors:
            self.add_error("grade", "总体评级：批量审核通过须选择优或良。")
        if action == "assign" and not data.get("assignee") and "assignee" not in self.errors:
            self.add_error("assignee", "分配给：请选择审核人。")
        if action == "return":
            for name, label in (("reason", "退回理由"), ("suggestion", "修改建议")):
                if not (data.get(name) or "").strip():
                    self.add_error(name, f"{label}：退回时须填写。")
        return data


def selection_of(post):
    """[(filing pk, the revision its queue row showed)] in the order chosen; a row without its
    revision counts as stale (-1) rather than being applied blindly. Unreadable ids are dropped."""
    chosen = []
    for value in post.getlist("filing"):
        try:
            pk = int(value)
        except ValueError:
            continue
        if pk in (p for p, _ in chosen):
            continue
        try:
            seen = int(post.get(f"seen-{pk}", ""))
        except ValueError:
            seen = -1
        chosen.append((pk, seen))
    return chosen


@dataclass
class Item:
    pk: int
    seen: int
    filing: object = None  # None: not visible to the user (or gone)
    ok: bool | None = None
    message: str = ""


def items_for(user, selection):
    """The chosen filings as the user may see them, in the order chosen."""
    visible = filings_visible_to(user).filter(pk__in=[pk for pk, _ in selection]).select_related("assignee")
    by_pk = {f.pk: f for f in visible}
    return [Item(pk=pk, seen=seen, filing=by_pk.get(pk)) for pk, seen in selection]


def apply(user, items, data):
    """Run the chosen action on each item through its single-filing service; fills in each
    item's outcome and returns the items."""
    action = data["action"]
    for item in items:
        if item.filing is None:
            item.ok, item.message = False, NOT_FOUND
            continue
        try:
            if action == "claim":
                services.claim(user, item.pk, seen=item.seen)
            elif action == "assign":
                services.assign(user, item.pk, seen=item.seen, to=data["assignee"])
            else:
                grade = data["grade"] if action == "approve" else RETURN_GRADE
                services.decide(user, item.pk, seen=item.seen, grade=grade, dimensions={},
                                reason=data.get("reason", "") if action == "return" else "",
                                suggestion=data.get("suggestion", "") if action == "return" else "",
                                return_mode=data.get("return_mode", "") if action == "return" else "")
        except services.ActionRefused as refused:
            item.ok, item.message = False, str(refused)
        else:
            item.ok, item.message = True, DONE[action]
    return items
