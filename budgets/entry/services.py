"""What the entry screens do, one function per action: create a filing, save a step, add a 附件3.

Every save runs the same way (craft A.3 #4): a transaction, the filing row locked, may this user edit
it (Filing.editable_by), is the page still current (budgets.locking), write, move the revision on,
audit with the labels of the fields that changed. Rows are written in bulk so a save costs the
same queries whatever the size of the table.
"""

from contextlib import contextmanager
from functools import cache

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from budgets import lifecycle
from budgets.audit import log_action
from budgets.locking import bump_revision, check_revision, is_locked
from budgets.models import (
    Filing,
    Indicator,
    KeyTask,
    Membership,
    ProjectCost,
    ProjectForm,
    ProjectFunding,
    ProjectMoney,
    ProjectSheet,
    ProjectStage,
    SpecialFund,
    SubItem,
)
from budgets.models.money import MoneyPlaces, money_field_names, same_amount, with_places
from budgets.services.packets import parse_period
from indicators.layouts import MONEY_FIELDS
from indicators.models import FormLayout, Framework, Level2, Operator
from indicators.values import parse_value

from ..layouts import default_layout
from .columns import splits_value
from .forms import KEEP_STORED

# Rows are moved out of the way by this much while their row numbers are rewritten (the numbers are
# unique per table and the constraint is not deferrable).
ORDER_OFFSET = 10000


class NotEditable(Exception):
    """The message is shown to the user as is."""


class CannotCreate(Exception):
    """The message is shown to the user as is; `existing`, the filing to open instead, where there is one."""

    def __init__(self, message, existing=None):
        super().__init__(message)
        self.existing = existing


@cache
def money_fields(model):
    """The amounts whose typed decimals the row keeps (MoneyPlaces); none on other models."""
    return frozenset(money_field_names(model)) if issubclass(model, MoneyPlaces) else frozenset()


def label(model, field):
    return str(model._meta.get_field(field).verbose_name)


# --- creating --------------------------------------------------------------------------------------

def default_framework(year):
    """The latest active framework in force for the year (district defaults per year come with layouts)."""
    active = Framework.objects.filter(is_active=True)
    return (active.filter(first_year__lte=year).order_by("-first_year", "order").first()
            or active.order_by("order").first())


def bases_for(department):
    """Filings a new one may start from: the department's approved or imported ones, newest first."""
    return [f for f in Filing.objects.filter(department=department)
            .filter(Q(status=Filing.Status.APPROVED) | Q(origin=Filing.Origin.IMPORTED))
            .order_by("-year", "-version") if lifecycle.may_copy_from(f)]


def may_create(user):
    """(allowed, reason) for 新建填报."""
    membership = getattr(user, "membership", None) if user.is_authenticated else None
    if membership is None or membership.role != Membership.Role.FILER:
        return False, "只有填报人可以新建填报。"
    return True, ""


def project_layouts():
    """The 项目支出 layouts a new stand-alone project form may use."""
    return list(FormLayout.objects.filter(kind=FormLayout.Kind.PROJECT, is_active=True))


def default_project_layout(district, year):
    """The district's layout for the year when it is a project one (preselected on 新建填报)."""
    layout = default_layout(district, year, None)
    return layout if layout.is_project and layout.is_active else None


@transaction.atomic
def create_filing(user, year, *, base=None, kind="packet", layout=None):
    """A new draft for the user's department; from nothing, or copying `base`'s structure and texts.

    A copy keeps every row and text but no status, no amounts (this year's budget is new) and no
    targets: each indicator's old 指标值 moves to 上年值, shown beside the new target.
    """
    allowed, reason = may_create(user)
    if not allowed:
        raise CannotCreate(reason)
    if kind == "project":
        return _create_project(user, year, layout)
    if kind != "packet":
        raise CannotCreate("请选择填报类型。")
    department = user.membership.department
    if (existing := packet_of_year(department, year)) is not None:
        raise CannotCreate(f"{department.name}已有{year}年的部门整体支出绩效目标申报，请打开它继续填写。", existing)
    if base is not None and (base.department_id != department.pk
                             or not lifecycle.may_copy_from(base)):
        raise CannotCreate("只能以本单位已批复或历史导入的申报为基础。")
    framework = base.framework if base is not None else default_framework(year)
    if framework is None:
        raise CannotCreate("系统中还没有可选用的指标体系，请联系管理员。")
    layout = base.layout if base is not None else default_layout(department.district, year, framework)
    taken = Filing.objects.filter(department=department, year=year, form_no=0).exists()
    form_no = next_form_no(department, year) if taken or layout.kind == Filing.Kind.PROJECT else 0
    try:
        with transaction.atomic():  # a second click racing the first: told, not a 500
            filing = Filing.objects.create(
                department=department, year=year, framework=framework, layout=layout, kind=layout.kind,
                form_no=form_no, department_name=base.department_name if base else department.full_name,
                duties=base.duties if base else "", overall_goal=base.overall_goal if base else "",
            )
    except IntegrityError:
        # The database keeps one packet a year (Filing's one_packet_per_department_year_version): a
        # second click on 新建 is told where the first one's packet is.
        raise CannotCreate(f"{department.name}刚刚已新建了{year}年的申报，请打开它继续填写。",
                           packet_of_year(department, year)) from None
    if base is not None:
        _copy_rows(base, filing)
    log_action("filing.created", actor=user, filing=filing, source="entry",
               base=base.pk if base is not None else None)
    return filing


def packet_of_year(department, year):
    """The department's 部门整体 packet of the year (its latest version), or None."""
    return (Filing.objects.filter(department=department, year=year, kind=Filing.Kind.OVERALL)
            .order_by("-version").first())


def next_form_no(department, year):
    """The year's next free 表号 for a project form (1, 2, …; 0 stays the packet's)."""
    taken = Filing.objects.filter(department=department, year=year).aggregate(m=Max("form_no"))["m"]
    return (taken or 0) + 1


def _create_project(user, year, layout):
    """A stand-alone 项目支出绩效目标表: a filing of kind project with its (empty) ProjectForm."""
    department = user.membership.department
    if layout is None or not layout.is_project or not layout.is_active:
        raise CannotCreate("请从列表中选择项目表样。")
    framework = default_framework(year)
    if framework is None:
        raise CannotCreate("系统中还没有可选用的指标体系，请联系管理员。")
    # A unit files a 项目支出 form per project. A project draft not yet given its 项目名称 is opened
    # again rather than joined by another empty one (a double click on 新建 makes one form).
    blank = (Filing.objects.select_for_update()
             .filter(department=department, year=year, kind=Filing.Kind.PROJECT, status=Filing.Status.DRAFT,
                     origin=Filing.Origin.ENTERED, project_form__name="").order_by("form_no").first())
    if blank is not None:
        return blank
    try:
        with transaction.atomic():  # each takes the year's next 表号; two at once: the loser is told
            filing = Filing.objects.create(department=department, year=year, framework=framework, layout=layout,
                                           kind=Filing.Kind.PROJECT, department_name=department.full_name,
                                           form_no=next_form_no(department, year))
    except IntegrityError:
        raise CannotCreate("刚刚已新建了一张项目表，请在「我的填报」中打开它。") from None
    ProjectForm.objects.create(filing=filing, name="", implementing_unit=department.full_name)
    log_action("filing.created", actor=user, filing=filing, source="entry", base=None, layout=layout.code)
    return filing


def _copy_rows(base, filing):
    KeyTask.objects.bulk_create([
        KeyTask(filing=filing, order=t.order, item=t.item, responsible=t.responsible, goal=t.goal)
        for t in base.key_tasks.order_by("order")])
    old_lines = list(base.sub_items.order_by("order"))
    new_lines = {}
    for line in old_lines:  # parents come before their children in 附件2 order
        new_lines[line.pk] = SubItem.objects.create(
            filing=filing, parent=new_lines[line.parent_id] if line.parent_id else None, order=line.order,
            seq=line.seq, name=line.name, period_goal=line.period_goal, annual_goal=line.annual_goal)
    funds = {f.name_key: f for f in SpecialFund.objects.filter(district=filing.department.district_id,
                                                                 year=filing.year)}
    new_sheets = {}
    for sheet in ProjectSheet.objects.filter(sub_item__filing=base).select_related("fund"):
        key = sheet.fund.name_key if sheet.fund else None
        new_sheets[sheet.pk] = ProjectSheet.objects.create(
            sub_item=new_lines[sheet.sub_item_id], order=sheet.order, name=sheet.name, fund_text=sheet.fund_text,
            fund=funds.get(key), period_goal=sheet.period_goal, annual_goal=sheet.annual_goal,
            implementing_unit=sheet.implementing_unit, project_leader=sheet.project_leader,
            attribute=sheet.attribute, category=sheet.category, basis=sheet.basis)
    Indicator.objects.bulk_create([
        Indicator(filing=filing, sheet=new_sheets.get(i.sheet_id), level2_id=i.level2_id, period=i.period,
                  level1_name=i.level1_name, level2_name=i.level2_name, value_type=i.value_type,
                  order=i.order, name=i.name, unit=i.unit, operator=i.operator if i.operator == Operator.QUALITATIVE else "",
                  weight=i.weight, explanation=i.explanation, scoring_rule=i.scoring_rule, basis=i.basis,
                  is_core=i.is_core, remark=i.remark, direction=i.direction,
                  last_year_value=i.value_text.strip()[:100])
        for i in base.indicators.all()])


# --- saving ----------------------------------------------------------------------------------------

@contextmanager
def saving(filing, user, revision, step):
    """The frame of every save: yields a set the writer fills with the labels of what changed.

    Within a caller's transaction it adds no savepoint (two more round trips per save): a refusal
    raised here leaves that transaction too."""
    with transaction.atomic(savepoint=False):
        if is_locked(filing):  # the page read it under the lock already (views.post_step)
            locked = filing
        else:
            locked = Filing.objects.select_for_update().select_related("department").get(pk=filing.pk)
        allowed, reason = locked.editable_by(user)
        if not allowed:
            raise NotEditable(reason)
        check_revision(locked, revision)
        changed = Changes()
        yield changed
        if changed:
            bump_revision(filing.pk, updated_at=timezone.now())
            log_action("filing.saved", actor=user, filing=locked, step=step, changed=sorted(changed),
                       changes=changed.values[:Changes.KEPT])


class Changes(set):
    """The labels of what a save changed (the set), and each changed field's old and new value
    (`values`: [{"where", "field", "old", "new"}, …]) for the audit log and the history page."""

    KEPT = 200  # a save of a whole grid can change thousands of cells; the log keeps the first ones
    TEXT = 500  # characters kept of each value

    def __init__(self):
        super().__init__()
        self.values = []

    def record(self, obj, field_label, old, new):
        if len(self.values) < self.KEPT:
            self.values.append({"where": str(obj)[:100] if obj.pk else "新增行", "field": field_label,
                                "old": _shown(old)[:self.TEXT], "new": _shown(new)[:self.TEXT]})


def _shown(value):
    return "" if value is None else str(value)


def _assign(obj, values, changed, model):
    """Set what differs; returns the names of the fields set.

    An amount typed with other decimals differs where the row keeps them (1234.5 → 1234.50 prints
    differently); any other number is compared by value: 指标值（数值） and 权重 come back from the
    database with their column's places (2.400000), and a page that posts 2.4 did not change them.
    """
    money = money_fields(model)
    fields = []
    for field, value in values.items():
        current = getattr(obj, field)
        if not (same_amount(current, value) if field in money else current == value):
            setattr(obj, field, value)
            field_label = label(model, field.removesuffix("_id"))
            changed.add(field_label)
            if isinstance(changed, Changes):
                changed.record(obj, field_label, current, value)
            fields.append(field)
    return fields


def save_basic(filing, user, revision, data):
    fields = ["department_name", "overall_goal", *MONEY_FIELDS]
    with saving(filing, user, revision, "basic") as changed:
        obj = Filing.objects.get(pk=filing.pk)
        _assign(obj, {f: data[f] for f in fields if f in data}, changed, Filing)
        if changed:
            obj.save(update_fields=fields)
    return changed


def sync_rows(model, existing, rows, values_of, new, changed, *, deleted_ids=(), defer_delete=False):
    """Write one table's rows in the order given: update what changed, create new, delete removed.

    existing: the table's saved rows; rows: cleaned form data in order; values_of(data) → {field: value}
    (no "order"); new() → an unsaved row of this table. Returns the rows kept, in order. With
    defer_delete the removed rows are only moved aside: the caller deletes them after re-parenting.
    """
    by_id = {o.pk: o for o in existing}
    kept, updates, creates = [], [], []
    for data in rows:
        obj = by_id.pop(data.get("id"), None) if data.get("id") else None
        if data.get(KEEP_STORED):  # posted back as the page showed it (forms.GridFormSet)
            if obj is not None:
                kept.append(obj)
            continue
        values = values_of(data)
        if obj is None:
            obj = new()
            for field, value in values.items():
                setattr(obj, field, value)
            creates.append(obj)
            changed.add("新增行")
        else:
            obj._entry_dirty = set(_assign(obj, values, changed, model))
            updates.append(obj)
        kept.append(obj)
    # Saved rows neither posted nor deleted (a page opened before they were added) stay, after the others.
    doomed = [pk for pk in deleted_ids if pk in by_id]
    for pk in doomed:
        by_id.pop(pk)
    kept += sorted(by_id.values(), key=lambda o: o.order)
    moved = []
    for position, obj in enumerate(kept, start=1):
        if obj.pk is None:
            obj.order = position
        elif obj.order != position:
            obj.order = position
            obj._entry_dirty = getattr(obj, "_entry_dirty", set()) | {"order"}
            moved.append(obj.pk)
            changed.add("行号")
    if doomed and not defer_delete:
        model.objects.filter(pk__in=doomed).delete()
        changed.add("删除行")
    elif doomed:
        moved += doomed
    if moved:
        model.objects.filter(pk__in=moved).update(order=F("order") + ORDER_OFFSET)
    dirty = [o for o in kept if o.pk is not None and getattr(o, "_entry_dirty", None)]
    # Only the fields that changed: bulk_update builds a CASE per field, which for the 20 fields of
    # an indicator row cost more than all the rest of a save; one changed row is one plain UPDATE.
    if dirty:
        fields = with_places(model, dirty, sorted(set().union(*(o._entry_dirty for o in dirty))))
        if len(dirty) == 1:
            model.objects.filter(pk=dirty[0].pk).update(**{f: getattr(dirty[0], f) for f in fields})
        else:
            model.objects.bulk_update(dirty, fields)
    if creates:
        model.objects.bulk_create(creates)
    return kept


def save_key_tasks(filing, user, revision, duties, formset):
    with saving(filing, user, revision, "tasks") as changed:
        obj = Filing.objects.get(pk=filing.pk)
        if obj.duties != duties:
            obj.duties = duties
            obj.save(update_fields=["duties"])
            changed.add(label(Filing, "duties"))
        sync_rows(KeyTask, KeyTask.objects.filter(filing=filing), formset.kept_rows(),
                  lambda d: {"item": d["item"], "responsible": d["responsible"], "goal": d["goal"], "amount": d["amount"]},
                  lambda: KeyTask(filing_id=filing.pk), changed, deleted_ids=formset.deleted_ids())
    return changed


KEPT_UNLESS_SHOWN = ("weight", "remark", "value_type", "explanation", "scoring_rule", "basis", "is_core", "direction")


def indicator_values(data, split, level2s=None):
    """The row's stored fields from what was typed; 指标性质/数值/计量单位 parsed where the layout merges them.

    The printed 一级/二级 names are those of the chosen 二级 (an entry screen offers the framework's).
    """
    parsed = parse_value(data.get("value_text", ""))
    if split:
        operator, unit = data.get("operator", ""), (data.get("unit") or "").strip()
    else:
        operator, unit = parsed.operator or "", parsed.unit or ""
    level2 = (level2s or {}).get(data.get("level2"))
    values = {"level2_id": data.get("level2") or None, "name": data["name"], "value_text": data["value_text"],
              "level1_name": level2.level1.name if level2 else "", "level2_name": level2.name if level2 else "",
              "operator": operator, "value_number": parsed.number, "unit": unit[:30]}
    # Cells the layout does not show were not posted: the row keeps what it holds there.
    values.update({field: data[field] for field in KEPT_UNLESS_SHOWN if field in data})
    if "is_core" in values:
        values["is_core"] = bool(values["is_core"])
    return values


def framework_level2s(filing):
    """{pk: 二级} of the filing's framework, their 一级 read along."""
    return {l2.pk: l2 for l2 in Level2.objects.filter(level1__framework_id=filing.framework_id)
            .select_related("level1")}


def save_indicators(filing, user, revision, grids, *, sheet=None, step="indicators", changed=None, level2s=None,
                    rows=None):
    """Write one table's indicator grids: [(period, formset)], one per block of the layout (实施期, 年度).

    level2s: framework_level2s(filing), when the caller has the framework's tree already. rows: the
    table's stored rows, when the caller read them under the filing's lock in this transaction.
    """
    split = splits_value(filing)
    if level2s is None:
        level2s = framework_level2s(filing)

    def write(changed):
        if rows is not None and is_locked(filing):
            table = rows
        else:
            table = Indicator.objects.filter(filing=filing, sheet=sheet)
            if sheet is None:
                table = table.filter(sheet__isnull=True)
        by_period = {}
        for row in table:  # one read for every block of the table
            by_period.setdefault(row.period, []).append(row)
        for period, formset in grids:
            sync_rows(Indicator, by_period.get(period, []), formset.kept_rows(),
                      lambda d: indicator_values(d, split, level2s),
                      lambda period=period: Indicator(filing_id=filing.pk, sheet=sheet, period=period),
                      changed, deleted_ids=formset.deleted_ids())

    if changed is not None:  # inside another step's save (a 附件3 sheet)
        write(changed)
        return changed
    with saving(filing, user, revision, step) as changed:
        write(changed)
    return changed


_CN = "一二三四五六七八九"


def chinese_number(n):
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (附件2 序号)."""
    if n < 10:
        return _CN[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens - 1]) + "十" + (_CN[ones - 1] if ones else "")


def save_sub_items(filing, user, revision, formset):
    rows = formset.kept_rows()
    with saving(filing, user, revision, "lines") as changed:
        existing = list(SubItem.objects.filter(filing=filing))
        # First pass: every row's own fields and position; parents are set once new top rows have ids.
        kept = sync_rows(SubItem, existing, rows,
                         lambda d: {"name": d["name"], "amount": d["amount"], "period_goal": d["period_goal"],
                                    "annual_goal": d["annual_goal"]},
                         lambda: SubItem(filing_id=filing.pk), changed, deleted_ids=formset.deleted_ids(),
                         defer_delete=True)
        # Second pass: 序号 and parents follow from the order (a 下级 row belongs to the top row above it).
        parent, number, dirty = None, 0, []
        for position, obj in enumerate(kept):
            is_child = rows[position].get("is_child") if position < len(rows) else obj.parent_id is not None
            if is_child and parent is not None:
                parent_id, seq = parent.pk, ""
            else:
                number += 1
                parent, parent_id, seq = obj, None, chinese_number(number)
            if (obj.parent_id, obj.seq) != (parent_id, seq):
                if obj.parent_id != parent_id:
                    changed.add(label(SubItem, "parent"))
                obj.parent_id, obj.seq = parent_id, seq
                dirty.append(obj)
        if dirty:
            SubItem.objects.bulk_update(dirty, ["parent", "seq"])
        doomed = [pk for pk in formset.deleted_ids() if pk in {o.pk for o in existing}]
        if doomed:
            SubItem.objects.filter(pk__in=doomed).delete()
            changed.add("删除行")
    return changed


def add_sheet(filing, user, revision, sub_item):
    """A new 附件3 for a 附件2 row that has none; its title and amount start as the row's."""
    with saving(filing, user, revision, "sheet") as changed:
        if ProjectSheet.objects.filter(sub_item=sub_item).exists():
            raise NotEditable(f"「{sub_item}」已有附件3，请在进度条中打开它。")
        order = (ProjectSheet.objects.filter(sub_item__filing=filing).aggregate(m=Max("order"))["m"] or 0) + 1
        sheet = ProjectSheet.objects.create(sub_item=sub_item, order=order, name=sub_item.name, amount=sub_item.amount,
                                            fund_text="")
        changed.add("新增附件3")
    return sheet


def save_sheet(filing, user, revision, sheet, data, grids, *, level2s=None, rows=None):
    with saving(filing, user, revision, f"sheet-{sheet.pk}") as changed:
        obj = ProjectSheet.objects.select_related("sub_item").get(pk=sheet.pk)
        fund = SpecialFund.objects.filter(pk=data["fund"]).first() if data.get("fund") else None
        start, end = parse_period(data["period_text"])
        values = {
            "sub_item_id": data["sub_item"],
            "name": data["name"] if data["name"].strip() else SubItem.objects.get(pk=data["sub_item"]).name,
            "fund_id": fund.pk if fund else None,
            "fund_text": data["fund_text"].strip() or (fund.name if fund else ""),
            "amount": data["amount"], "period_text": data["period_text"], "period_start": start, "period_end": end,
            "period_goal": data["period_goal"], "annual_goal": data["annual_goal"],
        }
        _assign(obj, values, changed, ProjectSheet)
        if changed:
            obj.save()
        fundings = {f.source: f for f in ProjectFunding.objects.filter(sheet=obj)}
        for source, source_label in ProjectFunding.SOURCES:
            amount = data.get(f"funding_{source}")
            row = fundings.get(source)
            if row is None and amount is not None:
                ProjectFunding.objects.create(sheet=obj, source=source, amount=amount)
            elif row is not None and amount is None:
                row.delete()
            elif row is not None and not same_amount(row.amount, amount):
                row.amount = amount
                row.save(update_fields=["amount"])
            else:
                continue
            changed.add(f"资金构成·{source_label}")
        save_indicators(filing, user, revision, grids, sheet=obj, changed=changed, level2s=level2s, rows=rows)
    return changed


# --- 项目支出绩效目标表 ------------------------------------------------------------------------------

def save_project_basic(filing, user, revision, data):
    with saving(filing, user, revision, "project") as changed:
        form = ProjectForm.objects.get(filing=filing)
        fund = (SpecialFund.objects.filter(pk=data["fund"], district_id=filing.department.district_id).first()
                if data.get("fund") else None)
        start, end = parse_period(data["period_text"])
        values = {field: data[field] for field in ("name", "supervisor", "implementing_unit", "leader",
                                                     "attribute_text", "category_text", "nature_text", "amount",
                                                     "amount_text", "period_text", "basis", "overview",
                                                     "feasibility", "necessity")}
        values.update({"fund_id": fund.pk if fund else None,
                       "fund_text": data["fund_text"].strip() or (fund.name if fund else ""),
                       "period_start": start, "period_end": end})
        _assign(form, values, changed, ProjectForm)
        if changed:
            form.save()
    return changed


def save_project_money(filing, user, revision, money, costs, stages):
    """项目资金, 成本测算 and 实施进度计划 rows, one save."""
    with saving(filing, user, revision, "money") as changed:
        form = ProjectForm.objects.get(filing=filing)
        sync_rows(ProjectMoney, ProjectMoney.objects.filter(form=form), money.kept_rows(),
                  lambda d: {"label": d["label"], "source": d["source"], "amount": d["amount"],
                             "amount_text": d["amount_text"]},
                  lambda: ProjectMoney(form=form), changed, deleted_ids=money.deleted_ids())
        sync_rows(ProjectCost, ProjectCost.objects.filter(form=form), costs.kept_rows(),
                  lambda d: {"item": d["item"], "amount": d["amount"], "amount_text": d["amount_text"],
                             "basis": d["basis"], "last_year": d["last_year"]},
                  lambda: ProjectCost(form=form), changed, deleted_ids=costs.deleted_ids())
        sync_rows(ProjectStage, ProjectStage.objects.filter(form=form), stages.kept_rows(),
                  lambda d: {"stage": d["stage"], "when": d["when"], "content": d["content"]},
                  lambda: ProjectStage(form=form), changed, deleted_ids=stages.deleted_ids())
    return changed


def save_project_targets(filing, user, revision, goals, grids, *, level2s=None, rows=None):
    """长期/年度目标 and each indicator block ([(period, formset)]) of the layout."""
    with saving(filing, user, revision, "targets") as changed:
        form = ProjectForm.objects.get(filing=filing)
        _assign(form, {"period_goal": goals["period_goal"], "annual_goal": goals["annual_goal"]}, changed, ProjectForm)
        if changed:
            form.save(update_fields=["period_goal", "annual_goal"])
        save_indicators(filing, user, revision, grids, changed=changed, level2s=level2s, rows=rows)
    return changed
