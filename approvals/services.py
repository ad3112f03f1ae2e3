"""The review workflow's actions, one function each: 送审, 撤回, 开始审核, the decision (通过 / 退回 /
不予通过), 取消审核, and the comments' own.

Each checks state, permission and scope (budgets.lifecycle), locks the filing's row, checks that
the page it came from is still current (the filing's revision counter), changes it, writes the
audit event and sends the notifications after commit. Views, admin actions and commands call only
these.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from budgets import lifecycle
from budgets.audit import log_action
from budgets.entry.links import anchor as finding_anchor
from budgets.entry.steps import project_step_key, step_key
from budgets.models import AuditEntry, Filing
from budgets.models.workflow import chain_of
from budgets.packet import load_packet
from budgets.validation import validate_packet
from indicators.validation.findings import Severity

from . import notify, snapshot
from .models import Comment, Review, Revision

Status = lifecycle.Status


class ActionRefused(Exception):
    """The action is not allowed now; the message is shown to the user as is."""


class StaleAction(ActionRefused):
    """Someone acted on the filing after the page was opened; nothing was applied."""


@dataclass
class SubmitRefused(ActionRefused):
    message: str
    errors: list
    unacknowledged: list

    def __str__(self):
        return self.message


def _locked(pk):
    return Filing.objects.select_for_update(of=("self",)).select_related("department", "department__district").get(pk=pk)


def _check(user, filing, code, seen):
    """Refuse unless the page's `seen` revision is current and the lifecycle allows the action."""
    if seen is not None and int(seen) != filing.revision:
        last = AuditEntry.objects.filter(filing=filing).order_by("-created", "-id").first()
        who = f"{last.actor_name} 于 {timezone.localtime(last.created):%Y-%m-%d %H:%M} {last.action_display}" if last else "他人"
        raise StaleAction(f"这份申报在您打开本页之后已有变动（{who}），本次操作未执行。请查看最新状态后再操作。")
    allowed, reason = lifecycle.action_allowed(user, filing, code)
    if not allowed:
        raise ActionRefused(reason)


def _moved(filing, **fields):
    """Apply the state change and move the revision on (every open page of the filing is now stale)."""
    fields["status_changed"] = timezone.now()
    for name, value in fields.items():
        setattr(filing, name, value)
    Filing.objects.filter(pk=filing.pk).update(revision=F("revision") + 1, **fields)
    filing.refresh_from_db(fields=["revision"])


def finding_key(finding):
    """A warning's identity for acknowledgement: its rule and place (stable across page loads)."""
    return f"{finding.code}@{finding.location.label}"


def _finding_record(finding, packet):
    """A finding as kept with the revision: its words, and where in the wizard it is fixed."""
    step = project_step_key(finding.location) if packet.filing.is_project else step_key(finding.location)
    return dict(finding.to_dict(), key=finding_key(finding), step=step, anchor=finding_anchor(finding, packet))


def submit(user, pk, *, seen=None, acknowledged=()):
    """送审: freeze the filing as a new revision and send it to the chain's first stage (or, after
    a 打回 return, straight back to the stage that returned it)."""
    with transaction.atomic():
        filing = _locked(pk)
        _check(user, filing, "submit", seen)
        packet = load_packet(filing)
        findings = validate_packet(packet)
        errors = [f for f in findings if f.severity == Severity.ERROR]
        warnings = [f for f in findings if f.severity == Severity.WARNING]
        missing = [f for f in warnings if finding_key(f) not in set(acknowledged)]
        if errors or missing:
            message = (f"还有 {len(errors)} 个错误，须改正后才能送审。" if errors
                       else f"还有 {len(missing)} 个警告未逐条确认。请阅读每条警告，确认无误后勾选，再送审。")
            raise SubmitRefused(message, errors, missing)
        number = (filing.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        revision = Revision.objects.create(
            filing=filing, number=number, submitted_by=user, submitted_by_name=user.get_username(),
            tables=snapshot.take(filing), html=snapshot.render_html(packet),
            findings=[_finding_record(f, packet) for f in findings],
            acknowledged=sorted(finding_key(f) for f in warnings), total_amount=filing.total_amount,
            error_count=len(errors), warning_count=len(warnings))
        stage = filing.return_stage or 1
        _moved(filing, status=Status.SUBMITTED, stage=stage, return_stage=None, assignee=None)
        # What the unit marked 已处理 goes back to the reviewer as such; nothing is resolved by the unit.
        log_action("filing.submitted", actor=user, filing=filing, round=number, stage=stage,
                   acknowledged=len(revision.acknowledged))
        transaction.on_commit(lambda: notify.submitted(filing, revision))
    return revision


def withdraw(user, pk, *, seen=None):
    """撤回: back to the unit, while no reviewer has opened it at the first stage of this round."""
    with transaction.atomic():
        filing = _locked(pk)
        _check(user, filing, "withdraw", seen)
        if filing.assignee_id is not None or filing.reviews.filter(revision=filing.revisions.first(),
                                                                   undone_at=None).exists():
            raise ActionRefused("区财政局已开始审核这份申报，不能撤回。如需修改，请联系审核人退回。")
        back = Status.RETURNED if filing.reviews.filter(action=Review.Action.RETURN).exists() else Status.DRAFT
        return_stage = filing.stage if back == Status.RETURNED and filing.stage > 1 else None
        _moved(filing, status=back, stage=0, return_stage=return_stage)
        log_action("filing.withdrawn", actor=user, filing=filing)
    return filing


def _stage_checks(user, filing, *, whoever_holds_it=False):
    """Separation of duties at the filing's current stage, for `user` as the one who reviews it."""
    name = user.get_username()
    if lifecycle.UNIT in lifecycle.roles_of(user, filing):
        raise ActionRefused(f"{name} 不能审核本单位的申报。")
    district = filing.department.district
    if not district.one_reviewer_many_stages and filing.reviews.filter(
            revision=filing.revisions.first(), undone_at=None, actor=user).exclude(stage=filing.stage).exists():
        raise ActionRefused(f"{name} 已在本轮的另一个审核环节审核过这份申报；按本区规定，同一人不能审核两个环节。")
    if not whoever_holds_it and filing.assignee_id not in (None, user.pk):
        raise ActionRefused(f"这份申报本环节由 {filing.assignee.get_username()} 审核。")


def claim(user, pk, *, seen=None):
    """开始审核: the reviewer takes the filing at its current stage (the unit can no longer 撤回)."""
    with transaction.atomic():
        filing = _locked(pk)
        _check(user, filing, "claim", seen)
        _stage_checks(user, filing)
        if filing.assignee_id == user.pk:
            return filing
        _moved(filing, assignee=user)
        log_action("filing.claimed", actor=user, filing=filing, stage=filing.stage)
    return filing


def assign(user, pk, *, seen=None, to):
    """分配审核人: hand the filing at its current stage to `to`, a reviewer of its district who may
    review it (not of its own unit, not at another stage where the district forbids it)."""
    with transaction.atomic():
        filing = _locked(pk)
        _check(user, filing, "assign", seen)
        if to is None or not to.is_active or lifecycle.REVIEWER not in lifecycle.roles_of(to, filing):
            raise ActionRefused("只能分配给本区财政局的审核人。")
        _stage_checks(to, filing, whoever_holds_it=True)
        if filing.assignee_id == to.pk:
            return filing
        _moved(filing, assignee=to)
        log_action("filing.assigned", actor=user, filing=filing, stage=filing.stage, to=to.get_username())
        if to.pk != user.pk:
            transaction.on_commit(lambda: notify.assigned(filing, to, user))
    return filing


def decide(user, pk, *, seen=None, grade, dimensions, reason="", suggestion="", return_mode="", corrections=()):
    """The stage's decision from its 审核表: 优/良 approve (to the next stage, or 已批复 at the last),
    中 returns for revision, 差 is 不予通过. A return or a rejection needs a reason and a 修改建议.
    良 may carry the reviewer's own minor corrections [(target key, field, new text), …]: wording
    only (approvals.targets.CORRECTABLE), each logged with its old and new value."""
    code = lifecycle.GRADE_ACTIONS.get(grade)
    if code is None:
        raise ActionRefused("请选择总体评级（优、良、中、差）。")
    if code in ("return", "reject") and not (reason.strip() and suggestion.strip()):
        raise ActionRefused("退回或不予通过时，须填写理由和修改建议。")
    if corrections and grade != "B":
        raise ActionRefused("只有评为「良」时审核人才可以直接作小幅修改；其他评级请退回由填报单位修改。")
    with transaction.atomic():
        filing = _locked(pk)
        _check(user, filing, code, seen)
        _stage_checks(user, filing)
        revision = filing.revisions.order_by("-number").first()
        corrected = _correct(filing, corrections) if corrections else []
        chain = chain_of(filing.department.district_id)
        stage = filing.stage
        mode = return_mode or filing.department.district.return_mode
        if code == "approve":
            if stage < len(chain):
                _moved(filing, stage=stage + 1, assignee=None)
            else:
                _moved(filing, status=Status.APPROVED, assignee=None)
        elif code == "return":
            _moved(filing, status=Status.RETURNED, stage=0, assignee=None,
                   return_stage=stage if mode == lifecycle.RETURN_DIRECT else None)
        else:
            _moved(filing, status=Status.REJECTED, assignee=None)
        review = Review.objects.create(
            filing=filing, revision=revision, stage=stage, stage_name=chain[min(stage, len(chain)) - 1],
            actor=user, actor_name=user.get_username(), action=code, grade=grade, dimensions=dimensions,
            reason=reason, suggestion=suggestion, return_mode=mode if code == "return" else "",
            filing_revision=filing.revision, corrections=corrected)
        if corrected:
            log_action("filing.corrected", actor=user, filing=filing, stage=stage, changes=corrected)
        # Draft comments (from findings) that were neither accepted nor dismissed do not reach the unit.
        filing.comments.filter(state=Comment.State.DRAFT).update(state=Comment.State.DISMISSED)
        if filing.status == Status.APPROVED:  # 已批复 settles every comment still open
            filing.comments.filter(state__in=[Comment.State.OPEN, Comment.State.ADDRESSED]).update(
                state=Comment.State.RESOLVED)
        log_action(lifecycle.ACTIONS[code].audit, actor=user, filing=filing, stage=stage, grade=grade,
                   round=revision.number, final=filing.status != Status.SUBMITTED)
        transaction.on_commit(lambda: notify.decided(filing, review))
    return review


def _correct(filing, corrections, *, restoring=False):
    """Apply 良's corrections to the live rows (frozen while under review) and say what changed."""
    from .targets import targets_of

    targets = {t.key: t for t in targets_of(filing)}
    done = []
    for key, field, text in corrections:
        target = targets.get(key)
        fields = dict(target.correctable()) if target else {}
        if field not in fields:
            raise ActionRefused(f"「{target.label if target else key}」的这一栏不能由审核人直接修改。")
        text = (text or "").strip()
        if (not text and not restoring) or "\x00" in text or len(text) > 5000:
            raise ActionRefused(f"「{target.label}」{fields[field]}：修改后的内容不能为空，且不超过5000字。")
        old = getattr(target.obj, field) or ""
        if old == text:
            continue
        setattr(target.obj, field, text)
        target.obj.save(update_fields=[field])
        done.append({"where": target.label, "field": fields[field], "old": old, "new": text, "key": key,
                     "name": field})
    return done


def undo(user, pk, *, seen=None):
    """取消审核: the stage takes back its own last decision while nobody has acted since."""
    with transaction.atomic():
        filing = _locked(pk)
        _check(user, filing, "undo", seen)
        review = filing.reviews.filter(undone_at=None).order_by("-created_at", "-pk").first()
        if review is None or review.actor_id != user.pk:
            raise ActionRefused("只能取消您自己作出的审核结论。")
        if review.filing_revision != filing.revision:
            raise ActionRefused("这份申报在您审核之后已有新的操作（下一环节或填报单位），不能再取消审核。")
        if review.corrections:  # 良's corrections go with the decision they were part of
            _correct(filing, [(c["key"], c["name"], c["old"]) for c in review.corrections], restoring=True)
        _moved(filing, status=Status.SUBMITTED, stage=review.stage, assignee=user, return_stage=None)
        Review.objects.filter(pk=review.pk).update(undone_at=timezone.now())
        log_action("filing.decision_undone", actor=user, filing=filing, stage=review.stage,
                   undone=review.get_action_display())
    return filing


def _reviewer_of(user, filing):
    if lifecycle.REVIEWER not in lifecycle.roles_of(user, filing):
        raise ActionRefused("只有区财政局的审核人可以提出审核意见。")


def add_comment(user, pk, *, target, target_label, text, verdict=Comment.Verdict.FIX, visibility=Comment.Visibility.UNIT,
                step="", anchor=""):
    """审核意见 on the filing under review (the round now at the reviewer)."""
    text = (text or "").strip()
    if not text:
        raise ActionRefused("请填写审核意见。")
    with transaction.atomic():
        filing = _locked(pk)
        _reviewer_of(user, filing)
        if filing.status != Status.SUBMITTED:
            raise ActionRefused("只能对审核中的申报提出审核意见。")
        comment = Comment.objects.create(
            filing=filing, revision=filing.revisions.order_by("-number").first(), author=user,
            author_name=user.get_username(), stage=filing.stage, target=target[:200], target_label=target_label[:300],
            text=text, verdict=verdict, visibility=visibility, step=step, anchor=anchor)
        log_action("comment.added", actor=user, filing=filing, target=comment, where=target_label[:200])
    return comment


def draft_comments_from_findings(user, pk):
    """The submitted round's findings as draft comments on their rows, for the reviewer to accept,
    edit or dismiss; made once per round."""
    with transaction.atomic():
        filing = _locked(pk)
        _reviewer_of(user, filing)
        revision = filing.revisions.order_by("-number").first()
        if revision is None or filing.comments.filter(revision=revision).exclude(finding_code="").exists():
            return []
        made = []
        for f in revision.findings:
            if f["severity"] == "info":
                continue
            location = f.get("location", {})
            made.append(Comment(filing=filing, revision=revision, author=user, author_name=user.get_username(),
                                stage=filing.stage, target=f"finding:{f['key']}"[:200],
                                target_label=(location.get("label") or "整份申报")[:300], text=f["message"],
                                state=Comment.State.DRAFT, finding_code=f["code"], step=f.get("step", ""),
                                anchor=f.get("anchor", "")))
        return Comment.objects.bulk_create(made)


def settle_draft(user, comment_pk, *, accept, text=None):
    """Accept (possibly edited) or dismiss one draft comment; a dismissal is logged."""
    with transaction.atomic():
        comment = Comment.objects.select_for_update().select_related("filing").get(pk=comment_pk)
        filing = _locked(comment.filing_id)
        _reviewer_of(user, filing)
        if comment.state != Comment.State.DRAFT:
            raise ActionRefused("这条意见已处理过。")
        if accept:
            comment.state = Comment.State.OPEN
            if text is not None and text.strip():
                comment.text = text.strip()
        else:
            comment.state = Comment.State.DISMISSED
            log_action("comment.dismissed", actor=user, filing=filing, target=comment, finding=comment.finding_code)
        comment.save(update_fields=["state", "text", "updated_at"])
    return comment


def mark_addressed(user, comment_pk, *, reply=""):
    """The unit marks an open comment 已处理 (with an optional note); the reviewer resolves it."""
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment_pk)
        filing = _locked(comment.filing_id)
        if lifecycle.OWNER not in lifecycle.roles_of(user, filing) or comment.visibility != Comment.Visibility.UNIT:
            raise ActionRefused("只有本单位的填报人可以处理审核意见。")
        if comment.state != Comment.State.OPEN:
            raise ActionRefused("这条意见不在待处理状态。")
        comment.state = Comment.State.ADDRESSED
        comment.reply = (reply or "").strip()[:2000]
        comment.save(update_fields=["state", "reply", "updated_at"])
        log_action("comment.addressed", actor=user, filing=filing, target=comment)
    return comment


def resolve(user, comment_pk):
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment_pk)
        filing = _locked(comment.filing_id)
        _reviewer_of(user, filing)
        if not comment.is_open:
            raise ActionRefused("这条意见已解决或已忽略。")
        comment.state = Comment.State.RESOLVED
        comment.save(update_fields=["state", "updated_at"])
        log_action("comment.resolved", actor=user, filing=filing, target=comment)
    return comment
