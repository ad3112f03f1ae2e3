"""Batch actions from the 审核工作台: the queue posts its checked rows here, a confirmation page
lists them with the choices each action needs, and confirming runs approvals.batch.apply, which
calls the single-filing service once per filing and reports each outcome."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from budgets.access import membership_of
from budgets.models import Membership
from budgets.views import private_no_store

from . import batch


def _back_to_queue(request):
    url = request.POST.get("back", "")
    return url if url.startswith("/review/") else "/review/"


@private_no_store
@login_required
@require_POST
def batch_action(request):
    membership = membership_of(request.user)
    if membership is None or not membership.is_reviewer:
        raise PermissionDenied("批量操作只对区财政局的审核人开放。")
    selection = batch.selection_of(request.POST)
    if not selection:
        messages.error(request, "请先勾选要批量处理的申报。")
        return redirect(_back_to_queue(request))
    if len(selection) > batch.MAX_FILINGS:
        messages.error(request, f"一次最多批量处理 {batch.MAX_FILINGS} 份申报，您勾选了 {len(selection)} 份。")
        return redirect(_back_to_queue(request))
    items = batch.items_for(request.user, selection)
    confirming = request.POST.get("step") == "confirm"
    initial = {"action": request.POST.get("action", ""),
               "return_mode": membership.department.district.return_mode}
    reviewers = get_user_model().objects.filter(
        is_active=True, membership__role=Membership.Role.REVIEWER, membership__department__kind="finance",
        membership__department__district_id=membership.department.district_id).order_by("username")
    form = batch.BatchForm(request.POST if confirming else None, initial=initial, reviewers=reviewers)
    if confirming and form.is_valid():
        batch.apply(request.user, items, form.cleaned_data)
        return render(request, "approvals/batch_done.html", {
            "items": items, "action_label": dict(batch.ACTIONS)[form.cleaned_data["action"]],
            "done": sum(1 for i in items if i.ok), "refused": sum(1 for i in items if not i.ok),
            "back": _back_to_queue(request)})
    return render(request, "approvals/batch_confirm.html", {
        "items": items, "form": form, "back": _back_to_queue(request),
        "missing": sum(1 for i in items if i.filing is None)})

