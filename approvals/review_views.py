"""The review workflow's pages: 送审 and the other actions, the review page, comments.

Every POST names the filing revision its page saw; the services refuse a stale one and say who acted.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from budgets import lifecycle
from budgets.access import get_filing_for_user
from budgets.models import AuditEntry
from budgets.models.workflow import chain_of
from budgets.views import private_no_store

from . import services, snapshot
from .forms import CommentForm, DecisionForm
from .models import Comment
from .targets import targets_of

ACTIONS = {"withdraw": services.withdraw, "claim": services.claim, "undo": services.undo}
DONE = {"withdraw": "已撤回，可以继续修改后再送审。", "claim": "已开始审核；填报单位不能再撤回。",
        "undo": "已取消审核结论，申报回到本环节待审核。"}


def _seen(request):
    try:
        return int(request.POST.get("seen", ""))
    except ValueError:
        return -1  # a page without it is treated as stale rather than applied blindly


@private_no_store
@login_required
@require_POST
def submit(request, pk):
    filing = get_filing_for_user(request.user, pk)
    try:
        revision = services.submit(request.user, filing.pk, seen=_seen(request),
                                   acknowledged=request.POST.getlist("ack"))
    except services.SubmitRefused as refused:
        messages.error(request, str(refused))
        return redirect(reverse("entry:step_check", args=[filing.pk]) + "#submit")
    except services.ActionRefused as refused:
        messages.error(request, str(refused))
        return redirect("entry:step_check", filing.pk)
    again = f"（第{revision.number}轮）" if revision.number > 1 else ""
    messages.success(request, f"已送审{again}，请等待区财政局审核。审核前如需修改，可以撤回。")
    return redirect("filing_detail", filing.pk)


@private_no_store
@login_required
@require_POST
def act(request, pk, action):
    if action not in ACTIONS:
        return HttpResponseBadRequest("未知的操作。")
    filing = get_filing_for_user(request.user, pk)
    try:
        ACTIONS[action](request.user, filing.pk, seen=_seen(request))
    except services.ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, DONE[action])
    if action == "withdraw":
        return redirect("entry:step_check", filing.pk)
    return redirect("filing_review", filing.pk)


def _review_context(request, filing, decision_form=None, comment_form=None):
    revisions = list(filing.revisions.order_by("-number"))
    current = revisions[0] if revisions else None
    previous = revisions[1] if len(revisions) > 1 else None
    roles = lifecycle.roles_of(request.user, filing)
    is_reviewer = lifecycle.REVIEWER in roles
    comments = filing.comments.exclude(state=Comment.State.DISMISSED).select_related("revision")
    if not is_reviewer:
        comments = comments.filter(visibility=Comment.Visibility.UNIT).exclude(state=Comment.State.DRAFT)
    comments = list(comments)
    chain = chain_of(filing.department.district_id)
    targets = targets_of(filing) if is_reviewer and filing.status == lifecycle.Status.SUBMITTED else []
    return {
        "filing": filing, "revision": current, "previous": previous, "revisions": revisions,
        "changes": snapshot.diff(previous.tables, current.tables) if previous and current else [],
        "side_by_side": request.GET.get("view") == "side" and previous is not None,
        "comments": [c for c in comments if c.state != Comment.State.DRAFT],
        "drafts": [c for c in comments if c.state == Comment.State.DRAFT],
        # Findings are listed as drafts once a round (services.draft_comments_from_findings).
        "drafted": current is not None and filing.comments.filter(revision=current).exclude(finding_code="").exists(),
        "reviews": filing.reviews.select_related("revision").order_by("created_at", "pk"),
        "is_reviewer": is_reviewer, "chain": chain,
        "stage_name": chain[filing.stage - 1] if 0 < filing.stage <= len(chain) else "",
        "can_decide": is_reviewer and filing.status == lifecycle.Status.SUBMITTED,
        "decision_form": decision_form or DecisionForm(targets=targets, initial={
            "seen": filing.revision, "return_mode": filing.department.district.return_mode}),
        "comment_form": comment_form or CommentForm(targets=targets),
        "has_targets": bool(targets),
    }


@private_no_store
@login_required
def review(request, pk):
    """The review page: the filing as submitted, findings, what changed since last round, comments,
    the 审核表. Reviewers act here; the unit reads the same page (without internal comments)."""
    filing = get_filing_for_user(request.user, pk)
    if not filing.revisions.exists():
        messages.info(request, "这份申报还没有送审过。")
        return redirect("filing_detail", filing.pk)
    return render(request, "approvals/review.html", _review_context(request, filing))


@private_no_store
@login_required
@require_POST
def decide(request, pk):
    filing = get_filing_for_user(request.user, pk)
    form = DecisionForm(request.POST, targets=targets_of(filing))
    if form.is_valid():
        try:
            services.decide(request.user, filing.pk, seen=form.cleaned_data["seen"],
                            grade=form.cleaned_data["grade"], dimensions=form.dimensions(),
                            reason=form.cleaned_data["reason"], suggestion=form.cleaned_data["suggestion"],
                            return_mode=form.cleaned_data["return_mode"], corrections=form.corrections())
        except services.ActionRefused as refused:
            messages.error(request, str(refused))
        else:
            filing.refresh_from_db()
            messages.success(request, f"已提交审核结论：{filing.get_status_display()}。")
            return redirect("filing_review", filing.pk)
    else:
        messages.error(request, "审核表未填完整，请按红色提示补充。")
    # Refused: the typed 审核表 stays on the page.
    return render(request, "approvals/review.html", _review_context(request, filing, decision_form=form), status=200)


@private_no_store
@login_required
@require_POST
def add_comment(request, pk):
    filing = get_filing_for_user(request.user, pk)
    form = CommentForm(request.POST, targets=targets_of(filing))
    if form.is_valid():
        target = form.targets[form.cleaned_data["target"]]
        try:
            services.add_comment(request.user, filing.pk, target=target.key, target_label=target.label,
                                 text=form.cleaned_data["text"], verdict=form.cleaned_data["verdict"],
                                 visibility=form.cleaned_data["visibility"], step=target.step, anchor=target.anchor)
        except services.ActionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "已添加审核意见。")
            return redirect(reverse("filing_review", args=[filing.pk]) + "#comments")
    return render(request, "approvals/review.html", _review_context(request, filing, comment_form=form))


@private_no_store
@login_required
@require_POST
def draft_comments(request, pk):
    filing = get_filing_for_user(request.user, pk)
    try:
        made = services.draft_comments_from_findings(request.user, filing.pk)
    except services.ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.info(request, f"已把 {len(made)} 条检查结果列为待确认的审核意见。" if made else "检查结果已列出过，或没有可列的检查结果。")
    return redirect(reverse("filing_review", args=[filing.pk]) + "#comments")


COMMENT_OPS = {"accept", "dismiss", "resolve", "addressed"}


@private_no_store
@login_required
@require_POST
def comment_act(request, pk, op):
    if op not in COMMENT_OPS:
        return HttpResponseBadRequest("未知的操作。")
    visible = Q(filing__in=_visible(request.user))
    comment = get_object_or_404(Comment.objects.filter(visible), pk=pk)
    try:
        if op in ("accept", "dismiss"):
            services.settle_draft(request.user, comment.pk, accept=op == "accept", text=request.POST.get("text"))
        elif op == "resolve":
            services.resolve(request.user, comment.pk)
        else:
            services.mark_addressed(request.user, comment.pk, reply=request.POST.get("reply", ""))
    except services.ActionRefused as refused:
        messages.error(request, str(refused))
    nxt = request.POST.get("next", "")
    if nxt.startswith("/") and not nxt.startswith("//"):
        return redirect(nxt)
    return redirect(reverse("filing_review", args=[comment.filing_id]) + "#comments")


def _visible(user):
    from budgets.access import filings_visible_to

    return filings_visible_to(user)


@private_no_store
@login_required
def history(request, pk):
    """Every event of one filing in words."""
    filing = get_filing_for_user(request.user, pk)
    entries = AuditEntry.objects.filter(filing=filing).order_by("created", "id")
    return render(request, "approvals/history.html", {"filing": filing, "entries": [_event(e) for e in entries]})


def _event(entry):
    data = entry.data or {}
    details = []
    if data.get("changes"):
        details = [f"{c['where']} · {c['field']}：「{c['old']}」→「{c['new']}」" for c in data["changes"]]
    elif data.get("changed"):
        details = ["改动：" + "、".join(data["changed"])]
    words = {"round": "第{}轮", "stage": "第{}环节", "where": "位置：{}", "undone": "取消的结论：{}", "to": "分配给 {}"}
    facts = [fmt.format(data[k]) for k, fmt in words.items() if data.get(k) not in (None, "")]
    if data.get("grade"):
        facts.append("评级：" + dict(lifecycle.GRADES).get(data["grade"], data["grade"]))
    return {"when": entry.created, "who": entry.actor_name, "what": entry.action_display, "facts": facts,
            "details": details}
