"""What the admin and the management commands call: preview (dry run) and import.

An import is all-or-nothing: the plan is built and written inside one transaction, and if any row
has a problem nothing is written at all. The preview runs the same planner without writing, so its
counts are the counts the import will report (unless someone changes the data in between).
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from budgets.access import membership_of
from budgets.models import ImportBatch, Membership

from . import snapshot
from .apply import Writer
from .format import SHEETS, SHEETS_SINCE
from .parse import COUNT_KINDS, Problem, parse_tables
from .plan import Planner
from .reader import FileProblem, FileTooLarge, read_files

MAX_PROBLEMS_SHOWN = 500
MAX_FILINGS_SHOWN = 500  # per-filing outcomes kept in a batch summary (the counts are always whole)
MAX_FILINGS_PRINTED = 100  # and printed by the command
OUTCOME_LABELS = {"new": "新增", "updated": "更新", "unchanged": "无变化"}


@dataclass
class ImportResult:
    counts: dict = field(default_factory=dict)  # sheet → {new, updated, unchanged, deleted, errors}
    problems: list = field(default_factory=list)
    failed_rows: list = field(default_factory=list)  # parse.Row, in sheet/row order
    written: bool = False
    filings: dict = field(default_factory=dict)  # key → Filing, after a real import
    new_filings: int = 0
    changed_filings: int = 0
    filing_outcomes: list = field(default_factory=list)  # (label, new | updated | unchanged) per filing named
    problem_count: int = 0  # all of them; `problems` keeps the first parse.MAX_PROBLEMS_KEPT
    file_too_large: bool = False  # refused before reading (zip bomb): the upload page says so, no batch is kept
    snapshot: dict | None = None  # after a successful import: what lets the same file be known unchanged (snapshot.py)
    fast: bool = False  # answered by snapshot.find(), without reading the file

    @property
    def ok(self):
        return not self.problems and not self.problem_count

    @property
    def problem_total(self):
        return max(self.problem_count, len(self.problems))

    @property
    def unchanged_filings(self):
        return sum(1 for _, outcome in self.filing_outcomes if outcome == "unchanged")

    def outcome_line(self):
        """「新增 1 份申报，更新 0 份，无变化 2 份」"""
        return f"新增 {self.new_filings} 份申报，更新 {self.changed_filings} 份，无变化 {self.unchanged_filings} 份"

    def summary_lines(self):
        lines = []
        for sheet in SHEETS:
            c = self.counts.get(sheet, {})
            lines.append(f"{sheet}：新增 {c.get('new', 0)}，更新 {c.get('updated', 0)}，未变 {c.get('unchanged', 0)}，"
                         f"删除 {c.get('deleted', 0)}，错误 {c.get('errors', 0)}")
        if not self.problems:
            for label, outcome in self.filing_outcomes[:MAX_FILINGS_PRINTED]:
                lines.append(f"{label}：{OUTCOME_LABELS[outcome]}")
            if len(self.filing_outcomes) > MAX_FILINGS_PRINTED:
                lines.append(f"……另有 {len(self.filing_outcomes) - MAX_FILINGS_PRINTED} 份申报")
        return lines

    def as_dict(self):
        return {
            "counts": self.counts,
            "problems": [p.as_dict() for p in self.problems[:MAX_PROBLEMS_SHOWN]],
            "problem_count": self.problem_total,
            "written": self.written,
            "new_filings": self.new_filings,
            "changed_filings": self.changed_filings,
            "unchanged_filings": self.unchanged_filings,
            "filings": [{"label": label, "outcome": outcome}
                        for label, outcome in self.filing_outcomes[:MAX_FILINGS_SHOWN]],
            "filing_count": len(self.filing_outcomes),
            **({"snapshot": self.snapshot} if self.snapshot else {}),
        }


class Rollback(Exception):
    pass


def can_import(user):
    """Only 管理员 (and superusers) import or export: the data of a whole district changes at once."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    m = membership_of(user)
    return m is not None and m.role == Membership.Role.ADMIN and user.is_staff


def allowed_districts(user):
    """District ids a user may import into; None means all (superusers, management commands)."""
    if user is None or user.is_superuser:
        return None
    m = membership_of(user)
    return {m.department.district_id} if m else set()


def run_import(files, *, actor=None, dry_run=True, allowed_district_ids=None, progress=None, batch_label="",
               record=False):
    """files: [(name, bytes)]. Never raises for a bad file; problems come back in the result.

    A real import writes as it plans (apply.Writer), inside one transaction that is rolled back if
    any problem turns up, so nothing is written unless the whole file is good. The preview runs the
    same planning without a writer. The same bytes as an earlier successful import, onto data
    unchanged since, are answered without reading them (snapshot.py). A successful import's result
    carries its snapshot; the admin keeps it in its batch, and record=True (the command) keeps it in
    an ImportBatch of its own.
    """
    step = progress or (lambda label: None)
    files_key = snapshot.files_digest(files)
    with transaction.atomic():
        result = _unchanged_since(files_key, dry_run, allowed_district_ids, step)
        if result is None:
            result = _run_import(files, files_key, actor, dry_run, allowed_district_ids, step, batch_label)
        if record and result.written:
            ImportBatch.objects.create(created_by=actor, filename=(batch_label or files[0][0])[:255],
                                       size=sum(len(data) for _, data in files), sha256=files_key[-64:],
                                       content=b"", summary=result.as_dict(), status=ImportBatch.Status.IMPORTED,
                                       imported_at=timezone.now())
    return result


def _unchanged_since(files_key, dry_run, allowed_district_ids, step):
    """The result of the same file imported onto unchanged data (every row 无变化), or None."""
    step("与上次导入比对")
    record = snapshot.find(files_key, allowed_district_ids)
    if record is None:
        return None
    counts = {sheet: {**dict.fromkeys(COUNT_KINDS, 0), "unchanged": record["counts"].get(sheet, 0)} for sheet in SHEETS}
    return ImportResult(counts=counts, filing_outcomes=snapshot.unchanged_outcomes(record), written=not dry_run,
                        snapshot=None if dry_run else record, fast=True)


def _run_import(files, files_key, actor, dry_run, allowed_district_ids, step, batch_label):
    result = ImportResult(counts={sheet: dict.fromkeys(COUNT_KINDS, 0) for sheet in SHEETS})
    step("读取文件")
    try:
        tables = read_files(files, progress=step)
    except FileProblem as exc:
        return _refused(result, exc)
    present = {t.sheet for t in tables}
    missing = [s for s in SHEETS if s not in present and s not in SHEETS_SINCE]
    if missing:
        result.problems.append(Problem(None, None, None, "缺少工作表：" + "、".join(f"「{s}」" for s in missing)
                                       + "（请使用导入模板，空表也要保留表头）"))
        return result
    try:
        with transaction.atomic():
            step("检查数据")
            parsed = parse_tables(tables)
            step("与现有数据比对")
            planner = Planner(parsed, allowed_district_ids)
            writer = None if dry_run else Writer(actor=actor, batch_label=batch_label, progress=step)
            plan = planner.run(writer=writer, progress=step)
            result.counts = {sheet: {k: plan.counts[sheet][k] for k in COUNT_KINDS} for sheet in SHEETS}
            result.problems = parsed.problems
            result.problem_count = parsed.problem_count
            result.failed_rows = sorted(parsed.failed_rows.values(), key=lambda r: (r.file, list(SHEETS).index(r.sheet), r.number))
            result.new_filings = len(plan.new_keys)
            result.changed_filings = len(plan.touched_keys)
            result.filing_outcomes = planner.filing_outcomes()
            if dry_run or parsed.problem_count:
                raise Rollback
            result.filings = writer.finish(plan)
            result.written = True
            step("记录本次导入")
            named = [result.filings[key] for key, row in planner.filing_rows.items() if not row.failed]
            codes = set(planner.department_district) | {key[0] for key in planner.filing_rows}
            result.snapshot = snapshot.take(files_key, named, codes, result.counts)
    except Rollback:
        pass
    except FileProblem as exc:
        # Found while streaming a sheet (damaged past its header, too many rows): nothing was written.
        return _refused(ImportResult(counts=result.counts), exc)
    except IntegrityError:
        # Someone changed the same filings between planning and writing; nothing was written.
        result.written = False
        result.filings = {}
        result.problems = [Problem(None, None, None, "导入期间数据被其他操作修改，未写入任何数据，请重新上传预览")]
        result.problem_count = 1
    return result


def _refused(result, exc):
    result.problems = [Problem(None, None, None, str(exc))]
    result.problem_count = 1
    result.file_too_large = isinstance(exc, FileTooLarge)
    return result
