"""The filing lifecycle, written down once: states, who may view and edit in each, and the actions.

草稿 → 已送审 (at stage N of the district's review chain) → 已批复, with 已退回 and 不予通过 beside.
Entry, admin, importer, access and the review workflow (approvals) all read these tables; none of
them decides a state question on its own. Plain data and plain functions: no queries here except
in `roles_of` (which reads the user's Membership, already loaded on request.user).

Roles are relative to one filing:
    owner     a 填报人 of the filing's own unit (the only one who edits and submits)
    unit      anyone of the filing's own unit
    reviewer  a 审核人 of the district's 区财政局
    admin     a 管理员 of the district (and superusers everywhere)
"""

from dataclasses import dataclass

from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已送审"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已批复"
    REJECTED = "rejected", "不予通过"


OWNER, UNIT, REVIEWER, ADMIN = "owner", "unit", "reviewer", "admin"


@dataclass(frozen=True)
class State:
    viewers: frozenset
    editors: frozenset
    # What the 填报人 is asked to do in this state, shown on 我的填报.
    asks: str = ""


STATES = {
    # A draft is the unit's own work: the bureau sees that it exists and how far it is (the
    # dashboard), never its content.
    Status.DRAFT: State(frozenset({OWNER, UNIT, ADMIN}), frozenset({OWNER}), "继续填写，检查无误后送审"),
    Status.SUBMITTED: State(frozenset({OWNER, UNIT, REVIEWER, ADMIN}), frozenset(), "等待区财政局审核"),
    Status.RETURNED: State(frozenset({OWNER, UNIT, REVIEWER, ADMIN}), frozenset({OWNER}), "按审核意见修改后重新送审"),
    Status.APPROVED: State(frozenset({OWNER, UNIT, REVIEWER, ADMIN}), frozenset(), ""),
    Status.REJECTED: State(frozenset({OWNER, UNIT, REVIEWER, ADMIN}), frozenset(), ""),
}


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    sources: frozenset
    actors: frozenset
    # The state after the action; None where it depends on the chain (approve at a middle stage
    # stays 已送审 at the next stage; undo restores what was before).
    target: str | None
    audit: str


ACTIONS = {
    "submit": Action("submit", "送审", frozenset({Status.DRAFT, Status.RETURNED}), frozenset({OWNER}),
                     Status.SUBMITTED, "filing.submitted"),
    # Until the first stage opens (claims) it, the unit may take it back.
    "withdraw": Action("withdraw", "撤回", frozenset({Status.SUBMITTED}), frozenset({OWNER}),
                       None, "filing.withdrawn"),
    "claim": Action("claim", "开始审核", frozenset({Status.SUBMITTED}), frozenset({REVIEWER}),
                    Status.SUBMITTED, "filing.claimed"),
    # Any reviewer of the district hands the filing at its current stage to a colleague.
    "assign": Action("assign", "分配审核人", frozenset({Status.SUBMITTED}), frozenset({REVIEWER}),
                     Status.SUBMITTED, "filing.assigned"),
    "approve": Action("approve", "审核通过", frozenset({Status.SUBMITTED}), frozenset({REVIEWER}),
                      None, "filing.approved"),
    "return": Action("return", "退回修改", frozenset({Status.SUBMITTED}), frozenset({REVIEWER}),
                     Status.RETURNED, "filing.returned"),
    "reject": Action("reject", "不予通过", frozenset({Status.SUBMITTED}), frozenset({REVIEWER}),
                     Status.REJECTED, "filing.rejected"),
    # A stage takes back its own decision until the next stage (or the unit) acts on it.
    "undo": Action("undo", "取消审核",
                   frozenset({Status.SUBMITTED, Status.RETURNED, Status.APPROVED, Status.REJECTED}),
                   frozenset({REVIEWER}), None, "filing.decision_undone"),
}

# domain.md §1.6: 优 and 良 approve, 中 returns for revision, 差 is 不予通过.
GRADES = (("A", "优"), ("B", "良"), ("C", "中"), ("D", "差"))
GRADE_ACTIONS = {"A": "approve", "B": "approve", "C": "return", "D": "reject"}
DIMENSIONS = (("completeness", "完整性"), ("relevance", "相关性"), ("appropriateness", "适当性"),
              ("feasibility", "可行性"))

# How a returned filing comes back after its fix: 打回 straight to the stage that returned it, or
# 回退 through the whole chain again.
RETURN_DIRECT, RETURN_RESTART = "direct", "restart"
RETURN_MODES = ((RETURN_DIRECT, "打回（改正后直接回到本环节）"), (RETURN_RESTART, "回退（改正后从第一环节重新审核）"))


def roles_of(user, filing):
    """The set of roles `user` holds towards `filing` (empty: a stranger)."""
    if not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        return frozenset({ADMIN})
    membership = getattr(user, "membership", None)
    if membership is None:
        return frozenset()
    roles = set()
    if membership.department_id == filing.department_id:
        roles.add(UNIT)
        if membership.role == membership.Role.FILER:
            roles.add(OWNER)
    same_district = membership.department.district_id == filing.department.district_id
    if same_district and membership.is_reviewer:
        roles.add(REVIEWER)
    if same_district and membership.role == membership.Role.ADMIN:
        roles.add(ADMIN)
    return frozenset(roles)


def role_in_district(membership):
    """The district-wide role a membership gives (for querysets), or None for unit-only users."""
    if membership.is_reviewer:
        return REVIEWER
    if membership.role == membership.Role.ADMIN:
        return ADMIN
    return None


def statuses_viewable_by(role):
    return [status for status, state in STATES.items() if role in state.viewers]


def viewable_by(user, filing):
    """Imported history is readable by the whole district; everything else follows STATES."""
    roles = roles_of(user, filing)
    if filing.origin == "imported":
        return bool(roles)
    return bool(roles & STATES[filing.status].viewers)


IMPORTED_READ_ONLY = "这份申报是历史导入的数据，只读；如需更正，请修改导入文件后由管理员重新导入。"


def editable_by(user, filing):
    """(allowed, reason) for the entry screens; the reason is shown on the page as is."""
    if filing.origin == "imported":
        return False, IMPORTED_READ_ONLY
    roles = roles_of(user, filing)
    if not roles:
        return False, "这份申报属于其他单位，您不能修改。"
    if OWNER not in roles:
        return False, "只有本单位的填报人可以在此填写申报；您可以查看，不能修改。"
    state = STATES[filing.status]
    if OWNER not in state.editors:
        return False, f"这份申报{Status(filing.status).label}，不能修改。" + (
            "如需修改，可在区财政局开始审核前撤回。" if filing.status == Status.SUBMITTED else "")
    return True, ""


def frozen_reason(filing):
    """Why nobody may change `filing` by any means (admin included), or "" while it is changeable:
    imported history, and a filing under review or decided (after 已批复 a change is an 调整)."""
    if filing.origin == "imported":
        return IMPORTED_READ_ONLY
    if not STATES[filing.status].editors:
        return f"这份申报{Status(filing.status).label}，只读；审核中或已有审核结论的申报不能修改。"
    return ""


def action_allowed(user, filing, code):
    """(allowed, reason) for one action, from the tables alone (state and role). The service adds
    what needs more than the tables: the stage, separation of duties, open findings."""
    action = ACTIONS[code]
    if filing.origin == "imported":
        return False, "历史导入的申报不进入审核流程。"
    if filing.status not in action.sources:
        return False, f"这份申报{Status(filing.status).label}，不能{action.label}。"
    if not roles_of(user, filing) & action.actors:
        who = "本单位的填报人" if OWNER in action.actors else "区财政局的审核人"
        return False, f"只有{who}可以{action.label}。"
    return True, ""


def may_copy_from(filing):
    """A new year's filing may start from an approved or imported one."""
    return filing.origin == "imported" or filing.status == Status.APPROVED
