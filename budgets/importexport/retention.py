"""What an import upload keeps, and for how long.

An upload holds a whole district's budgets. A refused one (unreadable, errors in the preview, failed
on confirm) keeps no file content at all: only its record (name, size, SHA-256, summary) and the
rows that failed, which the 「下载出错的行」 download is built from and which the administrator is
about to fix. A confirmed or abandoned upload keeps its content until `purge_import_uploads` empties
it after IMPORT_UPLOAD_RETENTION_DAYS; that also drops the failed rows of old refused uploads.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from budgets.models import ImportBatch

from .parse import Problem, Row


def summary_of(result):
    """The batch summary: counts and problems, plus, when refused, the failed rows as read."""
    summary = result.as_dict()
    if not result.ok:
        # Only the rows the kept problems point at: the download pairs each row with its messages.
        shown = {(p["file"], p["sheet"], p["row"]) for p in summary["problems"] if p["sheet"] and p["row"]}
        summary["failed_rows"] = [
            {"file": r.file, "sheet": r.sheet, "number": r.number, "raw": {h: _to_json(v) for h, v in r.raw.items()}}
            for r in result.failed_rows if (r.file, r.sheet, r.number) in shown
        ]
    return summary


def failed_rows_of(summary):
    """(rows, problems) for export.failed_rows_workbook, from a batch summary."""
    rows = [Row(r["sheet"], r["file"], r["number"], {h: _from_json(v) for h, v in r["raw"].items()}, {}, failed=True)
            for r in summary.get("failed_rows", [])]
    problems = [Problem(p["sheet"], p["row"], p["column"], p["message"], p.get("file", ""))
                for p in summary.get("problems", [])]
    return rows, problems


def refuse(batch, result):
    """A batch that will never be imported: status 有错误, content emptied, failed rows kept."""
    batch.status = ImportBatch.Status.FAILED
    batch.summary = summary_of(result)
    batch.content = b""


def retention_days():
    return settings.IMPORT_UPLOAD_RETENTION_DAYS


@dataclass
class Purged:
    cutoff: datetime.datetime
    imported: int = 0  # confirmed uploads whose file content was emptied
    not_imported: int = 0  # previews never confirmed (they can no longer be), or refused before this rule
    failed_rows: int = 0  # refused uploads whose kept failed rows were dropped


def purge_uploads(days, now=None):
    """Empty the content (and drop the failed rows) of every upload made more than `days` days ago."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    old = ImportBatch.objects.filter(created__lt=cutoff)
    report = Purged(cutoff)
    with_content = old.exclude(content=b"")
    report.imported = with_content.filter(status=ImportBatch.Status.IMPORTED).update(content=b"")
    report.not_imported = with_content.exclude(status=ImportBatch.Status.IMPORTED).update(content=b"")
    for batch in old.filter(summary__has_key="failed_rows").only("pk", "summary"):
        batch.summary.pop("failed_rows")
        batch.save(update_fields=["summary"])
        report.failed_rows += 1
    return report


def _to_json(value):
    # Cells as the readers return them: str, Decimal, bool, dates, None. Tagged so the download
    # writes them back as the same kind of cell (a number stays a number, a date a date).
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def _from_json(value):
    if isinstance(value, dict):
        (kind, text), = value.items()
        return {"decimal": Decimal, "datetime": datetime.datetime.fromisoformat,
                "date": datetime.date.fromisoformat}[kind](text)
    return value
