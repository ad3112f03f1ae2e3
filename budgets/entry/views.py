"""The entry screens: 我的填报, 新建填报 and one page per wizard step (budgets.entry.pages), each saving
to the database.

Views only read the request and call budgets.entry.services; what may be edited and how a save
works live there and in Filing.editable_by.
"""

from functools import cached_property, wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from budgets import lifecycle
from budgets.access import filings_visible_to, get_filing_for_user
from budgets.locking import MISSING_MESSAGE, STALE_MESSAGE, StaleRevision, read_locked
from budgets.models import Filing, Indicator, ProjectSheet
from budgets.packet import FILING_RELATED, load_filing, load_packet, packet_of
from budgets.validation import Checker, validate_indicator
from budgets.views import private_no_store
from indicators.values import parse_value

from ..forms import YearFilter
from . import recovery, services, status
from .columns import PERIOD_OF_PREFIX, has_tiers, shown_fields, splits_value
from .forms import NewFilingForm, StepForm, Tiers, indicator_form
from .pages import (
    BasicPage,
    CheckPage,
    IndicatorsPage,
    LinesPage,
    ProjectBasicPage,
    ProjectMoneyPage,
    ProjectTargetsPage,
    SheetPage,
    SheetsPage,
    TasksPage,
)
from .refusals import refusals
from .steps import step_list, steps_for

SAVED = "已保存。"
NOT_SAVED = "本页有未通过检查的内容，尚未保存；请按红色提示修改后再保存。"
KEPT_ASIDE = "上一页有未通过检查的内容，没有保存；已为您暂存，回到该页可点「恢复您未保存的内容」。"
LEFT_ASIDE = "您离开的步骤有尚未保存的内容，已为您暂存；回到该步骤可点「恢复您未保存的内容」。"
# What static/js/entry.js posts when a changed step is left without saving: through a link ("leave",
# told on the next page), or by Back, reload or closing the tab ("keep", a beacon nobody sees answered).
LEAVING = {"leave", "keep"}


STASHED = {recovery.KEPT: "登录已过期。您填写的内容已暂存，重新登录后可在原页面恢复。",
           recovery.NOT_KEPT_TOO_LARGE: recovery.TOO_LARGE, recovery.NOT_KEPT_TOO_OLD: recovery.TOO_OLD}


def entry_login_required(view):
    """login_required that keeps a POST which arrives after the session expired (recovery.py)."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if stashed := recovery.stash_unauthenticated(request):
                (messages.info if stashed == recovery.KEPT else messages.warning)(request, STASHED[stashed])
            return redirect_to_login(request.path)
        return view(request, *args, **kwargs)
    return wrapper


# --- 我的填报 and 新建填报 ---------------------------------------------------------------------------

def my_filings(request):
    """The 填报人's home: the department's filings by year with status and progress."""
    membership = request.user.membership
    rows = []
    filings = Filing.objects.filter(department=membership.department).select_related(*FILING_RELATED)
    years = sorted(set(filings.order_by().values_list("year", flat=True)), reverse=True)
    form = YearFilter(request.GET)
    year = form.cleaned_data["year"] if form.is_valid() else None  # ² or ① show every year, not a 500
    if year:
        filings = filings.filter(year=year)
    year = str(year) if year else ""
    filings = list(filings)
    # The kept progress of each filing; those changed since are checked together, in fixed queries.
    done_total = status.progress_of(Checker(), filings)
    for filing in filings:
        done, total = done_total[filing.pk]
        allowed, reason = filing.editable_by(request.user)
        rows.append({"filing": filing, "done": done, "total": total, "editable": allowed, "reason": reason,
                     "asks": lifecycle.STATES[filing.status].asks})
    return render(request, "entry/my_filings.html", {"rows": rows, "department": membership.department,
                                                     "years": years, "year": year})


@private_no_store
@entry_login_required
def new_filing(request):
    allowed, reason = services.may_create(request.user)
    if not allowed:
        raise PermissionDenied(reason)
    department = request.user.membership.department
    bases = services.bases_for(department)
    taken = set(Filing.objects.filter(department=department).values_list("year", flat=True))
    next_year = max(taken | {f.year for f in bases}, default=None)
    year = next_year + 1 if next_year else None
    layouts = services.project_layouts()
    chosen = services.default_project_layout(department.district, year) if year else None
    form = NewFilingForm(request.POST or None, bases=bases, layouts=layouts,
                         initial={"year": year, "kind": "packet", "base": "",
                                  "layout": chosen.pk if chosen in layouts else ""})
    existing = None  # the year's packet, when 新建 is refused because it exists
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        base = next((b for b in bases if b.pk == data["base"]), None)
        layout = next((x for x in layouts if x.pk == data["layout"]), None)
        try:
            filing = services.create_filing(request.user, data["year"], base=base, kind=data["kind"], layout=layout)
        except services.CannotCreate as e:
            form.add_error(None, str(e))
            existing = e.existing
        else:
            messages.success(request, f"已新建{filing.year}年的申报（草稿），请逐步填写，每一步都可随时保存。")
            return redirect(first_step(filing), filing.pk)
    return render(request, "entry/new_filing.html", {"form": form, "department": department, "existing": existing})


@private_no_store
@entry_login_required
def start(request, pk):
    return redirect(first_step(get_filing_for_user(request.user, pk)), pk)


def first_step(filing):
    return "entry:project_basic" if filing.is_project else "entry:step_basic"


# --- the steps -------------------------------------------------------------------------------------

class Ctx:
    """What every step page reads once: the filing (as the user may see it) and its framework's tree;
    the whole packet, the findings and the progress bar only when needed (a page that is shown; a
    grid's save that succeeds redirects without any of them)."""

    def __init__(self, request, pk, *, lock=False):
        self.request = request
        visible = filings_visible_to(request.user)
        try:
            if lock:  # a POST, inside its transaction (post_step)
                self.filing = read_locked(visible.select_related(*FILING_RELATED), pk)
            else:
                self.filing = load_filing(pk, queryset=visible)
        except Filing.DoesNotExist:
            raise Http404("未找到该申报，或您无权查看。") from None
        self.checker = Checker()
        level2s = self.checker.tree_for(self.filing)
        self.tree = framework_tree(level2s)
        self.level2s = {l2.pk: l2 for l2 in level2s}
        self.editable, self.reason = self.filing.editable_by(request.user)

    @cached_property
    def packet(self):
        """The whole filing; a grid page's save does without it (its rows are read under the lock)."""
        return packet_of(self.filing)

    @cached_property
    def tiers(self):
        """The grid's 一级/二级 choices, shared by every row of every grid on the page."""
        return Tiers(self.tree)

    @cached_property
    def findings(self):
        return status.findings_of(self.checker, self.packet)

    @cached_property
    def steps(self):
        return steps_for(self.packet, self.findings)

    @cached_property
    def step_list(self):
        """The steps in order, without states: where 保存并下一步 goes (the packet only if read already)."""
        if "packet" in self.__dict__:
            sheets = [sp.sheet for sp in self.packet.sheets]
        else:
            sheets = list(ProjectSheet.objects.filter(sub_item__filing=self.filing).order_by("order").only("name"))
        return step_list(self.filing, sheets)


def framework_tree(level2s):
    """[(一级, [二级, …])] in the framework's order, for the grid's 一级/二级 choices."""
    tree = []
    for l2 in level2s:
        if not tree or tree[-1][0].pk != l2.level1_id:
            tree.append((l2.level1, []))
        tree[-1][1].append(l2)
    return tree


def leave_to(ctx, key, action, goto, path):
    """Where a POST of step `key` goes: the step named by goto, the next or previous one, or back."""
    if goto in ("", None) and action not in ("next", "prev"):
        return path  # 保存: no need to list the steps
    targets = {s.key: s.url for s in ctx.step_list}
    order = [s.key for s in ctx.step_list]
    position = order.index(key)
    if goto in targets:
        return targets[goto]
    if action == "next" and position + 1 < len(order):
        return targets[order[position + 1]]
    if action == "prev" and position > 0:
        return targets[order[position - 1]]
    return path


def step_ctx(request, pk, page_class, sheet_pk, *, lock=False):
    ctx = Ctx(request, pk, lock=lock)
    if page_class.project is not None and page_class.project != ctx.filing.is_project:
        raise Http404("该申报没有这一步。")
    ctx.sheet_pk = sheet_pk
    return ctx


def post_step(request, pk, page_class, sheet_pk):
    """A step's POST, read, checked and written in one transaction under the filing's row lock (read
    once: the save takes it and the rows the page read as current). Returns a redirect once saved,
    or once input that does not pass is kept aside on leaving the step; else (ctx, page, data, notice)
    to show the page again, as typed."""
    user, path, data = request.user, request.path, request.POST
    action, goto = data.get("action", "save"), data.get("goto", "")
    try:
        with transaction.atomic():
            ctx = step_ctx(request, pk, page_class, sheet_pk, lock=True)
            if not ctx.editable:
                raise PermissionDenied(ctx.reason)
            page = page_class(ctx, data)
            step_form = StepForm(data)
            if not step_form.is_valid():
                return ctx, page, data, MISSING_MESSAGE
            if page.is_valid():
                page.save(user, step_form.cleaned_data["revision"])
                recovery.forget(user, path)
                messages.success(request, SAVED)
                target = leave_to(ctx, page.key, action, goto, path)
                if hasattr(page, "next_url") and target == path:
                    target = page.next_url()
                return redirect(target)
            if (target := leave_to(ctx, page.key, action, goto, path)) != path:
                # Leaving with input that does not pass: never discarded, kept aside for this page
                # (or, too large to keep, shown again here).
                try:
                    recovery.keep(user.get_username(), path, data)
                except recovery.TooLarge:
                    return ctx, page, data, recovery.TOO_LARGE_TO_LEAVE
                messages.warning(request, KEPT_ASIDE)
                return redirect(target)
            return ctx, page, data, NOT_SAVED
    except StaleRevision as e:
        notice = STALE_MESSAGE
        data = data.copy()
        data["revision"] = str(e.current)  # a second click on 保存 means: my version wins
    except services.NotEditable as e:
        notice = str(e)
    # Nothing was written: the page is shown again from what was typed, the filing read anew.
    ctx = step_ctx(request, pk, page_class, sheet_pk)
    return ctx, page_class(ctx, data), data, notice


def keep_aside(request, pk, page_class):
    """A changed step being left without saving (static/js/entry.js): what was typed is kept aside for
    this page, as an expired session's is, not checked and not saved. 204, or 413 when too large to keep
    (the page then asks before leaving)."""
    filing = get_filing_for_user(request.user, pk)
    if page_class.project is not None and page_class.project != filing.is_project:
        raise Http404("该申报没有这一步。")
    allowed, reason = filing.editable_by(request.user)
    if not allowed:
        raise PermissionDenied(reason)
    try:
        recovery.keep(request.user.get_username(), request.path, request.POST)
    except recovery.TooLarge:
        return HttpResponse(recovery.TOO_LARGE, status=413, content_type="text/plain; charset=utf-8")
    if request.POST.get("action") == "leave":
        messages.info(request, LEFT_ASIDE)
    return HttpResponse(status=204)


def run_step(request, pk, page_class, sheet_pk=None):
    user = request.user
    if request.method == "POST" and request.POST.get("action") in LEAVING:
        return keep_aside(request, pk, page_class)
    if request.method == "POST":
        result = post_step(request, pk, page_class, sheet_pk)
        if isinstance(result, HttpResponse):
            return result
        ctx, page, data, notice = result
    else:
        ctx = step_ctx(request, pk, page_class, sheet_pk)
        notice = data = None
        pending = recovery.pending_for(user, request.path) if ctx.editable else None
        if pending is not None and request.GET.get("restore") == pending.token:
            data = recovery.data_of(pending)
            data["revision"] = str(ctx.filing.revision)
            notice = "已恢复您未保存的内容（尚未保存），请核对后点击「保存」。"
        page = page_class(ctx, data)
        ctx.pending = pending if data is None else None
    step = next(s for s in ctx.steps if s.key == page.key)
    revision = data.get("revision") if data is not None else ctx.filing.revision
    context = {
        "filing": ctx.filing, "steps": ctx.steps, "step": step, "editable": ctx.editable,
        "reason": ctx.reason, "notice": notice, "pending": getattr(ctx, "pending", None),
        "revision": revision, "owner": StepForm.owner_token(user.get_username(), request.path),
        "is_first": step is ctx.steps[0], "is_last": step is ctx.steps[-1],
        "step_findings": step.findings, "has_form": bool(page.forms()),
        "refusals": refusals(page.forms()) if data is not None else [],
        "unsaved": data is not None,  # the page shows what was typed, not what is stored
        **page.context(),
    }
    return render(request, page.template, context, status=200)


NOT_ALLOWED = {False: "检查页只用于查看，不能在此提交或保存；请到各步骤页修改后点「保存」。",
               True: "本页不接受这种请求；请用页面上的「保存」按钮保存。"}


def step_view(page_class):
    """The view of one step; page_class says which requests it answers (a page without a save
    answers no POST: 405, as a forged or stale form posting to 检查 gets)."""
    allowed = ["GET", "HEAD", "POST"] if page_class.saves else ["GET", "HEAD"]

    @private_no_store
    @entry_login_required
    def view(request, pk, sheet_pk=None):
        if request.method not in allowed:
            response = render(request, "entry/not_allowed.html", {"message": NOT_ALLOWED[page_class.saves]}, status=405)
            response["Allow"] = ", ".join(allowed)
            return response
        return run_step(request, pk, page_class, sheet_pk)
    view.__name__ = f"step_{page_class.key}"
    view.page_class = page_class  # recovery.stash_unauthenticated reads which steps save
    return view


step_basic = step_view(BasicPage)
step_tasks = step_view(TasksPage)
step_indicators = step_view(IndicatorsPage)
step_lines = step_view(LinesPage)
step_sheets = step_view(SheetsPage)
step_sheet = step_view(SheetPage)
step_check = step_view(CheckPage)
project_basic = step_view(ProjectBasicPage)
project_money = step_view(ProjectMoneyPage)
project_targets = step_view(ProjectTargetsPage)


@require_POST
@entry_login_required
def check_row(request, pk):
    """htmx: findings and parsed value for one indicator row as typed (not saved)."""
    filing = get_filing_for_user(request.user, pk)
    prefix = request.POST.get("row_prefix", "")
    grid, _, number = prefix.partition("-")
    if grid not in PERIOD_OF_PREFIX or not number.isdigit():
        return HttpResponseBadRequest("缺少行信息。")
    packet = load_packet(filing)
    ctx_tree = framework_tree(Checker().tree_for(packet.filing))
    form = indicator_form(shown_fields(packet.filing))(request.POST, prefix=prefix, tree=ctx_tree,
                                                       needs_tiers=has_tiers(packet.filing))
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    value = request.POST.get(f"{prefix}-value_text", "")
    findings = []
    sheet_id = request.POST.get("sheet") or None
    sheet = next((s.sheet for s in packet.sheets if str(s.sheet.pk) == sheet_id), None)
    level2s = {l2.pk: l2 for _, l2s in ctx_tree for l2 in l2s}
    # A row whose 指标名称 was refused (a NUL pasted in) is told that refusal, not checked further.
    if "name" in data and (data.get("level2") in level2s or not has_tiers(packet.filing)):
        values = services.indicator_values({**data, "value_text": value}, splits_value(packet.filing), level2s)
        ind = Indicator(filing=packet.filing, sheet=sheet, period=PERIOD_OF_PREFIX[grid],
                        order=data.get("order") or 0, **{k: v for k, v in values.items() if k != "level2_id"})
        ind.level2 = level2s.get(data.get("level2"))
        ind.pk = data.get("id")
        findings = validate_indicator(ind, packet=packet)
    return render(request, "entry/_row_findings.html", {
        "parsed": parse_value(value) if value.strip() else None, "findings": findings,
        "errors": [e for errs in form.errors.values() for e in errs]})
