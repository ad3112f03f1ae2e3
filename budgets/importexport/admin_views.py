"""Admin pages: upload → preview (dry run) → confirm, failed rows, template, export.

The uploaded file is kept in an ImportBatch row between preview and confirm, so the confirm may be
served by any process or container; a refused file is not kept at all (retention.py). Only 管理员 get
in (403 for everyone else who is logged in); all work is done by service.run_import and
export.export_filings.
"""

import hashlib
import logging
from functools import wraps
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, transaction
from django.db.models import Max, Min
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from budgets.access import filings_visible_to, membership_of
from budgets.admin_scope import district_id_of
from budgets.models import Department, District, ImportBatch

from .export import XLSX_TYPE, export_filings, failed_rows_workbook, template_csv_zip, template_workbook
from .format import SHEETS
from .parse import COUNT_KINDS
from .retention import failed_rows_of, refuse, summary_of
from .service import OUTCOME_LABELS, allowed_districts, can_import, run_import

logger = logging.getLogger(__name__)

DEFAULT_MAX_UPLOAD = 30 * 1024 * 1024
UPLOAD_EXTENSIONS = (".xlsx", ".zip", ".csv")
COUNT_LABELS = {"new": "新增", "updated": "更新", "unchanged": "未变", "deleted": "删除", "errors": "错误"}
ALREADY_CONFIRMED = "该导入已由另一个请求确认，无需重复操作。"
DATABASE_BUSY = "数据库正忙（可能有其他导入正在写入），本次没有写入任何数据；请稍候片刻再点「确认导入」。"
PURGED = "该预览已超过保留期限，上传的文件已从系统中清除，不能再确认导入；请重新上传。"


def max_upload_bytes():
    return getattr(settings, "IMPORT_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD)


def import_admin_only(view):
    """Logged-out users go to the admin login; logged-in users who are not 管理员 get 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not can_import(request.user):
            raise PermissionDenied("只有管理员可以导入或导出数据。")
        return view(request, *args, **kwargs)

    return never_cache(wrapped)


def _download(data, filename, content_type):
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _context(request, **extra):
    return {**admin.site.each_context(request), "opts": _filing_opts(), **extra}


def _filing_opts():
    from budgets.models import Filing

    return Filing._meta


class UploadForm(forms.Form):
    file = forms.FileField(label="导入文件", help_text="xlsx 工作簿，或每表一个 CSV 文件打包的 zip")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(f"文件过大（{upload.size / 1024 / 1024:.1f} MB），上限为 {limit // 1024 // 1024} MB；"
                                        "请按年度分成几个文件，或由管理员用 import_prior_years 命令导入。")
        if not upload.name.lower().endswith(UPLOAD_EXTENSIONS):
            raise forms.ValidationError("请上传 .xlsx 工作簿，或 CSV 文件打包成的 .zip")
        return upload


def _declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:  # a malformed header: Django reads such a body as empty too
        return 0


def _counts_table(counts):
    return [(sheet, [counts.get(sheet, {}).get(kind, 0) for kind in COUNT_KINDS]) for sheet in SHEETS]


@import_admin_only
def import_view(request):
    if request.method == "POST":
        length = _declared_length(request)
        if length > max_upload_bytes() + 1024 * 1024:
            # Checked on the declared length so that even a huge body never becomes an ImportBatch.
            form = UploadForm()
            form.errors["file"] = form.error_class([f"文件过大，上限为 {max_upload_bytes() // 1024 // 1024} MB"])
            return render(request, "importexport/import.html", _context(request, form=form, title="导入历史数据"),
                          status=413)
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            result = run_import([(upload.name, data)], dry_run=True, allowed_district_ids=allowed_districts(request.user))
            if result.file_too_large:
                # A zip bomb is refused on the upload page itself and not kept as a batch.
                form.add_error("file", str(result.problems[0]))
            else:
                batch = ImportBatch(
                    created_by=request.user, district_id=district_id_of(request.user),
                    filename=upload.name[:255], size=len(data),
                    sha256=hashlib.sha256(data).hexdigest(), content=data, summary=summary_of(result),
                    status=ImportBatch.Status.PREVIEWED,
                )
                if not result.ok:
                    refuse(batch, result)
                batch.save()
                return redirect("admin:budgets_filing_import_preview", batch.pk)
    else:
        form = UploadForm()
    return render(request, "importexport/import.html", _context(request, form=form, title="导入历史数据",
                                                                 max_mb=max_upload_bytes() // 1024 // 1024))


def _own_batch(request, pk):
    batch = get_object_or_404(ImportBatch, pk=pk)
    if batch.created_by_id != request.user.pk and not request.user.is_superuser:
        raise PermissionDenied("这是其他用户上传的文件。")
    return batch


@import_admin_only
def preview_view(request, pk):
    batch = _own_batch(request, pk)
    summary = batch.summary or {}
    return render(request, "importexport/preview.html", _context(
        request,
        title="导入预览" if batch.status != ImportBatch.Status.IMPORTED else "导入结果",
        batch=batch,
        counts=_counts_table(summary.get("counts", {})),
        count_labels=[COUNT_LABELS[k] for k in COUNT_KINDS],
        problems=summary.get("problems", []),
        problem_count=summary.get("problem_count", 0),
        can_confirm=batch.can_confirm,
        purged=batch.status == ImportBatch.Status.PREVIEWED and not batch.has_content,
        purged_message=PURGED,
        failed_rows_available="failed_rows" in summary or batch.has_content,
        new_filings=summary.get("new_filings", 0),
        changed_filings=summary.get("changed_filings", 0),
        unchanged_filings=summary.get("unchanged_filings", 0),
        filings=[(f["label"], OUTCOME_LABELS[f["outcome"]]) for f in summary.get("filings", [])],
        filing_count=summary.get("filing_count", 0),
    ))


class _AlreadyClaimed(Exception):
    pass


@require_POST
@import_admin_only
def confirm_view(request, pk):
    batch = _own_batch(request, pk)
    back = redirect("admin:budgets_filing_import_preview", batch.pk)
    if batch.status == ImportBatch.Status.IMPORTED:
        messages.warning(request, ALREADY_CONFIRMED)
        return back
    if batch.status == ImportBatch.Status.PREVIEWED and not batch.has_content:
        messages.error(request, PURGED)
        return back
    if not batch.can_confirm or request.POST.get("sha256") != batch.sha256:
        messages.error(request, "该文件已导入或预览有错误，不能确认导入；请重新上传。")
        return back
    try:
        with transaction.atomic():
            # Claim the batch with a conditional UPDATE: of two confirms at once (two tabs, a double
            # click) only the one that still finds it 已预览 goes on. The other waits on the row lock
            # (PostgreSQL) or the write lock (SQLite) until the first commits, then finds it taken.
            claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEWED).update(
                status=ImportBatch.Status.IMPORTED)
            if not claimed:
                raise _AlreadyClaimed
            result = run_import([(batch.filename, bytes(batch.content))], actor=request.user, dry_run=False,
                                allowed_district_ids=allowed_districts(request.user),
                                batch_label=f"#{batch.pk} {batch.filename}")
            if result.written:
                batch.summary = result.as_dict()
                batch.status = ImportBatch.Status.IMPORTED
                batch.imported_at = timezone.now()
            else:
                refuse(batch, result)
            batch.save(update_fields=["summary", "status", "imported_at", "content"])
    except _AlreadyClaimed:
        messages.warning(request, ALREADY_CONFIRMED)
        return back
    except OperationalError:
        # SQLite's "database is locked" after its timeout (or a PostgreSQL lock/serialization failure):
        # the transaction was rolled back whole, the batch is still 已预览 and can be confirmed again.
        logger.warning("import: confirm of batch %s failed on a busy database", batch.pk, exc_info=True)
        messages.error(request, DATABASE_BUSY)
        return back
    if result.written:
        messages.success(request, f"导入完成：{result.outcome_line()}。")
    else:
        messages.error(request, "导入未完成，没有写入任何数据，请查看下面的错误。")
    return back


@import_admin_only
def failed_rows_view(request, pk):
    batch = _own_batch(request, pk)
    if "failed_rows" in (batch.summary or {}):
        rows, problems = failed_rows_of(batch.summary)
    elif batch.has_content:
        # A batch refused before refused files stopped being kept: read the failed rows from its file.
        result = run_import([(batch.filename, bytes(batch.content))], dry_run=True,
                            allowed_district_ids=allowed_districts(request.user))
        rows, problems = result.failed_rows, result.problems
    else:
        raise Http404("出错的行已超过保留期限被清除；请用原文件对照上面的错误列表修改。")
    stem = batch.filename.rsplit(".", 1)[0]
    return _download(failed_rows_workbook(rows, problems), f"{stem}-错误行.xlsx", XLSX_TYPE)


@import_admin_only
def template_view(request):
    if request.GET.get("format") == "csv":
        return _download(template_csv_zip(), "绩效目标导入模板-CSV.zip", "application/zip")
    return _download(template_workbook(), "绩效目标导入模板.xlsx", XLSX_TYPE)


class ExportForm(forms.Form):
    year = forms.TypedChoiceField(label="预算年度", coerce=int)
    district = forms.ModelChoiceField(label="区", queryset=District.objects.none(), required=False, empty_label="（全部）")
    department = forms.ModelChoiceField(label="部门", queryset=Department.objects.none(), required=False,
                                        empty_label="（全部部门）")
    format = forms.ChoiceField(label="格式", choices=[("xlsx", "Excel 工作簿（.xlsx）"), ("csv", "CSV（每表一个文件，zip）")])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        visible = filings_visible_to(user)
        years = visible.aggregate(lo=Min("year"), hi=Max("year"))
        self.fields["year"].choices = [(y, f"{y}年") for y in range(years["hi"] or 0, (years["lo"] or 1) - 1, -1)]
        self.fields["district"].queryset = District.objects.filter(departments__filings__in=visible).distinct()
        self.fields["department"].queryset = Department.objects.filter(filings__in=visible).distinct().order_by(
            "district", "order", "code")
        m = membership_of(user)
        if m is not None and not user.is_superuser:
            self.fields["district"].initial = m.department.district_id


@import_admin_only
def export_view(request):
    form = ExportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        filings = filings_visible_to(request.user).filter(year=data["year"])
        if data["district"]:
            filings = filings.filter(department__district=data["district"])
        if data["department"]:
            filings = filings.filter(department=data["department"])
        filings = list(filings.order_by("department__order", "department__code", "version"))
        if filings:
            return _export_response(request, filings, data["format"], f"绩效目标-{data['year']}年")
        form.add_error(None, "没有符合条件的申报。")
    return render(request, "importexport/export.html", _context(request, form=form, title="导出申报"))


def _export_response(request, filings, fmt, stem):
    data = export_filings(filings, actor=request.user, fmt=fmt)
    if fmt == "csv":
        return _download(data, f"{stem}-CSV.zip", "application/zip")
    return _download(data, f"{stem}.xlsx", XLSX_TYPE)


@admin.action(description="导出所选申报（Excel，可再导入）", permissions=["import_export"])
def export_selected(modeladmin, request, queryset):
    """Admin action on the filing list: the selected filings (within the user's scope) as a workbook."""
    if not can_import(request.user):
        raise PermissionDenied
    filings = list(filings_visible_to(request.user).filter(pk__in=queryset.values("pk")))
    years = sorted({f.year for f in filings})
    stem = f"绩效目标-{years[0]}年" if len(years) == 1 else "绩效目标-导出"
    return _export_response(request, filings, "xlsx", stem)



def urls():
    from django.urls import path

    return [
        path("import/", import_view, name="budgets_filing_import"),
        path("import/template/", template_view, name="budgets_filing_import_template"),
        path("import/<int:pk>/", preview_view, name="budgets_filing_import_preview"),
        path("import/<int:pk>/confirm/", confirm_view, name="budgets_filing_import_confirm"),
        path("import/<int:pk>/failed-rows/", failed_rows_view, name="budgets_filing_import_failed"),
        path("export/", export_view, name="budgets_filing_export"),
    ]


def import_links(request):
    """Context for the filing list's buttons: shown to 管理员 only."""
    if not can_import(request.user):
        return {}
    return {"import_url": reverse("admin:budgets_filing_import"), "export_url": reverse("admin:budgets_filing_export")}
