"""What the admin and the management commands call: preview (dry run) and import.

An import is all-or-nothing: the plan is built and written inside one transaction, and if any row
has a problem nothing is written at all. The preview runs the same planner without writing, so its
counts are the counts the import will report (unless someone changes the data in between).
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from budgets.access import membership_of
from budgets.models import Membership

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


def run_import(files, *, actor=None, dry_run=True, allowed_district_ids=None, progress=None, batch_label=""):
    """files: [(name, bytes)]. Never raises for a bad file; problems come back in the result.

    A real import writes as it plans (apply.Writer), inside one transaction that is rolled back if
    any problem turns up, so nothing is written unless the whole file is good. The preview runs the
    same planning without a writer.
    """
    result = ImportResult(counts={sheet: dict.fromkeys(COUNT_KINDS, 0) for sheet in SHEETS})
    step = progress or (lambda label: None)
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
