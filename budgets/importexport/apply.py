"""Execute a Plan: bulk writes only, parents before children, inside the caller's transaction.

Per-row save() would cost a round trip per row (django-import-export's classic slowness); here every
table is written with bulk_create / bulk_update / a delete per chunk (绩效指标 with COPY on
PostgreSQL), and ids of new parents are mapped back by natural key. Nothing here validates: plan.py
refused anything the database would. Rows that did not change are not written at all.
"""

from django.db import connection
from django.utils import timezone

from budgets.audit import log_action
from budgets.locking import bump_revision
from budgets.models import (
    Department,
    District,
    Filing,
    FormField,
    Indicator,
    KeyTask,
    ProjectCost,
    ProjectForm,
    ProjectFunding,
    ProjectMoney,
    ProjectSheet,
    ProjectStage,
    SpecialFund,
    SubItem,
)
from budgets.models.funds import fund_key, match_fund
from budgets.models.money import with_places

from .plan_types import INDICATOR_FIELDS, chunks

BATCH = 2000


def _bulk_update(model, updates, extra_fields=()):
    if not updates:
        return
    fields = set(extra_fields)
    for instance, diff in updates:
        for name, value in diff.items():
            setattr(instance, name, value)
            fields.add(name)
    if fields:
        objs = [i for i, _ in updates]
        model.objects.bulk_update(objs, with_places(model, objs, sorted(fields)), batch_size=BATCH)


def _delete(model, pks):
    for pk_chunk in chunks(pks, BATCH):
        model.objects.filter(pk__in=pk_chunk).delete()


WRITE_STEPS = 7


class Writer:
    """Writes a Plan inside the caller's transaction: Planner.run calls held() once the sheets other
    than 绩效指标 are planned, indicators() for each batch of 绩效指标 rows, and the caller finish()."""

    def __init__(self, *, actor=None, batch_label="", progress=None):
        self.actor, self.batch_label = actor, batch_label
        self.step = progress or (lambda label: None)
        self.now = timezone.now()
        self.filings = {}  # filing key → Filing, every filing the file names
        self.sheet_ids = {}  # (filing key, 附件2 row number) → ProjectSheet id

    def held(self, plan):
        self.plan = plan
        self.filings = _write_held(plan, self.now, self.step)
        self.sheet_ids = _write_sheets(plan, self.filings)
        self.step("写入：资金构成、项目表、其他栏目")
        _write_fundings(plan, self.sheet_ids)
        _write_project_forms(plan, self.filings)
        _write_form_fields(plan, self.filings)

    def indicators(self, creates, updates):
        filings, sheet_ids = self.filings, self.sheet_ids
        rows = []
        for key, line_order, values in creates:
            sheet_id = sheet_ids[(key, line_order)] if line_order is not None else None
            rows.append((filings[key].pk, sheet_id, *[values[f] for f in INDICATOR_COLUMNS]))
        copy_rows(Indicator, ("filing_id", "sheet_id", *INDICATOR_COLUMNS), rows)
        if updates:
            objs = [Indicator(pk=pk, **values) for pk, values in updates]
            Indicator.objects.bulk_update(objs, INDICATOR_COLUMNS, batch_size=BATCH)

    def finish(self, plan):
        """The stored 绩效指标 the file lacks, the touched filings' revisions, the audit log."""
        self.step("写入：操作日志")
        _delete(Indicator, plan.indicators.deletes)
        filings = self.filings
        # Pages opened on a re-imported filing before this import are stale now (budgets.locking).
        for id_chunk in chunks([filings[key].pk for key in plan.touched_keys]):
            bump_revision(*id_chunk, updated_at=self.now)
        for key in sorted(plan.new_keys):
            log_action("filing.imported", actor=self.actor, filing=filings[key], batch=self.batch_label)
        for key in sorted(plan.touched_keys):
            log_action("filing.reimported", actor=self.actor, filing=filings[key], batch=self.batch_label)
        return filings


INDICATOR_COLUMNS = [*INDICATOR_FIELDS, "period", "order"]


def copy_rows(model, fields, rows):
    """Insert rows (tuples in `fields` order) of a model without a money_places column.

    On PostgreSQL with COPY: no INSERT statement to build and no model instance per row, which is
    what made the write stage of a 150,000-row import slower than the whole of a bare bulk_create.
    Elsewhere (SQLite) with bulk_create.
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**dict(zip(fields, row, strict=True))) for row in rows], batch_size=BATCH)
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(f).column) for f in fields)
    with connection.cursor() as cursor, connection.wrap_database_errors:
        with cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _write_held(plan, now, step):
    """Departments, filings, deletions, 重点工作, 支出方向; returns {filing key: Filing}."""
    step("写入：部门")

    # Districts and departments.
    for values in plan.districts:
        District.objects.create(**values)
    district_ids = dict(District.objects.values_list("code", "pk"))
    new_departments = [
        Department(**{k: v for k, v in values.items() if k != "district_code"}, district_id=district_ids[values["district_code"]])
        for values in plan.departments.creates
    ]
    Department.objects.bulk_create(new_departments, batch_size=BATCH)
    for _, diff in plan.departments.updates:
        if "district_code" in diff:
            diff["district_id"] = district_ids[diff.pop("district_code")]
    _bulk_update(Department, plan.departments.updates)
    codes = {key[0] for key, _ in plan.filings.creates} | {key[0] for key in plan.amended_from}
    departments = {d.code: d for d in Department.objects.filter(code__in=codes)}

    # Filings: existing ones updated, new ones created with origin 历史导入.
    step("写入：申报")
    for filing, _ in plan.filings.updates:
        filing.updated_at = now
    _bulk_update(Filing, plan.filings.updates, extra_fields=["updated_at"] if plan.filings.updates else ())
    created = [
        Filing(department=departments[key[0]], year=key[1], version=key[2], form_no=key[3],
               origin=Filing.Origin.IMPORTED,
               created_at=now, updated_at=now, **values)
        for key, values in plan.filings.creates
    ]
    Filing.objects.bulk_create(created, batch_size=BATCH)
    filings = dict(plan.existing_filings)
    filings.update({key: f for (key, _), f in zip(plan.filings.creates, created, strict=True)})
    amend_updates = []
    for key, version in plan.amended_from.items():
        filing = filings[key]
        target = filings.get((key[0], key[1], version, key[3])) if version else None
        if version and target is None:
            target = Filing.objects.get(department__code=key[0], year=key[1], version=version, form_no=key[3])
        if filing.amended_from_id != (target.pk if target else None):
            amend_updates.append((filing, {"amended_from_id": target.pk if target else None}))
    _bulk_update(Filing, amend_updates)

    step("写入：删除文件中没有的行")
    # Deletions first: a row that goes away frees its row number for nothing else, but children
    # cascade and must not be updated after their parent is gone.
    _delete(ProjectFunding, plan.fundings.deletes)
    _delete(ProjectSheet, plan.sheets.deletes)
    _delete(SubItem, plan.lines.deletes)
    _delete(KeyTask, plan.tasks.deletes)

    step("写入：重点工作")
    _bulk_update(KeyTask, plan.tasks.updates)
    KeyTask.objects.bulk_create(
        [KeyTask(filing=filings[key], **values) for key, values in plan.tasks.creates], batch_size=BATCH
    )

    step("写入：支出方向")
    _write_lines(plan, filings)
    return filings


def _write_fundings(plan, sheet_ids):
    _bulk_update(ProjectFunding, plan.fundings.updates)
    ProjectFunding.objects.bulk_create(
        [ProjectFunding(sheet_id=sheet_ids[(key, order)], source=source, **values)
         for key, (order, source), values in plan.fundings.creates],
        batch_size=BATCH,
    )


def _write_lines(plan, filings):
    """New lines top rows first (children need their parent's id), then every parent link."""
    ids = {}
    filing_ids = [f.pk for f in filings.values()]
    for id_chunk in chunks(filing_ids):
        for pk, fid, order in SubItem.objects.filter(filing_id__in=id_chunk).values_list("pk", "filing_id", "order"):
            ids[(fid, order)] = pk
    for top in (True, False):
        batch = []
        for key, values in plan.lines.creates:
            parent_order = plan.line_parents[(key, values["order"])]
            if (parent_order is None) != top:
                continue
            fid = filings[key].pk
            parent_id = ids[(fid, parent_order)] if parent_order is not None else None
            batch.append(SubItem(filing_id=fid, parent_id=parent_id, **values))
        SubItem.objects.bulk_create(batch, batch_size=BATCH)
        for line in batch:
            ids[(line.filing_id, line.order)] = line.pk
    key_of = {f.pk: key for key, f in filings.items()}
    for line, _ in plan.lines.updates:
        parent_order = plan.line_parents[(key_of[line.filing_id], line.order)]
        line.parent_id = ids[(line.filing_id, parent_order)] if parent_order is not None else None
    _bulk_update(SubItem, plan.lines.updates, extra_fields=["parent"] if plan.lines.updates else ())
    plan.line_ids = ids


class _Funds:
    """Each 附件3 written links to its district-year's special fund by the printed 所属专项 (created if
    missing, as match_fund does): the funds of the districts and years concerned are read at once."""

    def __init__(self, filings):
        filings = list(filings)
        self.districts = District.objects.in_bulk({f.department.district_id for f in filings})
        self.ids = {(district_id, year, key): pk for district_id, year, key, pk in SpecialFund.objects.filter(
            district_id__in=self.districts, year__in={f.year for f in filings}).values_list(
            "district_id", "year", "name_key", "pk")}

    def id_for(self, filing, text):
        key = (filing.department.district_id, filing.year, fund_key(text))
        if not key[2]:
            return None
        if key not in self.ids:
            self.ids[key] = match_fund(self.districts[key[0]], filing.year, text).pk
        return self.ids[key]


def _write_sheets(plan, filings):
    """Returns (filing key, 附件2 row number) → ProjectSheet id for every sheet of the named filings."""
    ids = plan.line_ids
    by_id = {f.pk: f for f in filings.values()}
    funds = _Funds(filings.values())
    for sheet, diff in plan.sheets.updates:
        if "fund_text" in diff:
            diff["fund_id"] = funds.id_for(by_id[sheet.import_filing_ref], diff["fund_text"])
    _bulk_update(ProjectSheet, plan.sheets.updates)
    ProjectSheet.objects.bulk_create(
        [ProjectSheet(sub_item_id=ids[(filings[key].pk, order)], fund_id=funds.id_for(filings[key], values["fund_text"]),
                      **values)
         for key, order, values in plan.sheets.creates],
        batch_size=BATCH,
    )
    key_of = {f.pk: key for key, f in filings.items()}
    sheet_ids = {}
    for id_chunk in chunks(list(key_of)):
        for pk, fid, order in ProjectSheet.objects.filter(sub_item__filing_id__in=id_chunk).values_list(
            "pk", "sub_item__filing_id", "sub_item__order"
        ):
            sheet_ids[(key_of[fid], order)] = pk
    return sheet_ids


def _write_project_forms(plan, filings):
    """Each planned 项目支出 form replaces the stored one (its rows cascade); fund linked by 所属专项."""
    if not plan.project_forms:
        return
    from .format import PROJECT_COSTS, PROJECT_MONEY, PROJECT_STAGES

    ids = [filings[key].pk for key in plan.project_forms]
    for id_chunk in chunks(ids, BATCH):
        ProjectForm.objects.filter(filing_id__in=id_chunk).delete()
    forms, rows = [], []
    for key, planned in plan.project_forms.items():
        if planned is None:
            continue
        filing = filings[key]
        fund = match_fund(filing.department.district, filing.year, planned["form"]["fund_text"])
        form = ProjectForm(filing=filing, fund=fund, **planned["form"])
        forms.append(form)
        rows.append((form, planned))
    ProjectForm.objects.bulk_create(forms, batch_size=BATCH)
    for model, sheet in ((ProjectMoney, PROJECT_MONEY), (ProjectCost, PROJECT_COSTS), (ProjectStage, PROJECT_STAGES)):
        model.objects.bulk_create([model(form=form, **values) for form, planned in rows for values in planned[sheet]],
                                  batch_size=BATCH)


def _write_form_fields(plan, filings):
    """Each filing's planned 其他栏目 replace its stored ones."""
    if not plan.form_fields:
        return
    ids = [filings[key].pk for key in plan.form_fields]
    for id_chunk in chunks(ids, BATCH):
        FormField.objects.filter(filing_id__in=id_chunk).delete()
    FormField.objects.bulk_create([FormField(filing=filings[key], **values)
                                   for key, rows in plan.form_fields.items() for values in rows], batch_size=BATCH)
