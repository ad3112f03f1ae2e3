"""django-import-export in the admin (departments, special funds): guarded, in Chinese, no 500.

- Uploads: refused on the form, before anything is stored, when too large or (an xlsx) when its zip
  directory declares too much; read by budgets.admin_formats within its caps. A refused upload
  leaves no file behind in import-export's temporary storage.
- A preview nobody confirms leaves its file in MEDIA_ROOT/django-import-export/: such files older than
  REFERENCE_IMPORT_TMP_MAX_AGE (a day) are deleted by each new import and by purge_import_uploads.
- Confirm: all rows or none (a row that fails at confirm rolls the whole import back and says which);
  a second click on 「确认导入」, or a preview whose file is gone, gets a message, not a 500.
- Pages: the templates in templates/admin/import_export/ (Chinese, no inline script or style: the
  export page's 「全选」 is static/js/admin_export.js).
"""

import datetime
import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from import_export.admin import ImportExportModelAdmin
from import_export.forms import ImportForm, SelectableFieldsExportForm
from import_export.results import RowResult
from import_export.tmp_storages import MediaStorage

from .admin_formats import FORMATS, MB, FileRefused, check_upload, limit

logger = logging.getLogger(__name__)

UNREADABLE = "文件无法读取，可能已损坏或不是 xlsx / CSV 文件（请用 Excel 或 WPS 打开后另存为 .xlsx 再导入）。"
CONFIRM_GONE = "这次预览的文件已不存在（可能已经确认导入过，或已过期），没有写入任何数据；请重新上传文件。"
CONFIRM_FAILED = "确认导入时发现错误，没有写入任何数据：{where}。请修改文件后重新上传。"


def _upload_help():
    return (f"Excel 工作簿（.xlsx）或 CSV 文件，第1行为列标题；不超过 {limit('REFERENCE_IMPORT_MAX_UPLOAD_BYTES') // MB} MB、"
            f"{limit('REFERENCE_IMPORT_MAX_ROWS')} 行。可先「导出」一份，修改后再导入。")


def tmp_max_age():
    return getattr(settings, "REFERENCE_IMPORT_TMP_MAX_AGE", datetime.timedelta(days=1))


def purge_stale_tmp_files(max_age=None, now=None):
    """Delete the uploads import-export kept for a confirm that never came; returns how many.

    import-export removes the file when the import is confirmed (or, here, refused), never when the
    user just leaves the preview page, so without this they pile up in MEDIA_ROOT for ever (each a
    district's departments or funds). A day is far longer than anyone looks at a preview.
    """
    probe = MediaStorage()
    storage, folder = probe._storage, probe.MEDIA_FOLDER
    cutoff = (now or timezone.now()) - (tmp_max_age() if max_age is None else max_age)
    try:
        _dirs, names = storage.listdir(folder)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in names:
        path = f"{folder}/{name}"
        try:
            if storage.get_modified_time(path) < cutoff:
                storage.delete(path)
                removed += 1
        except OSError:  # gone meanwhile (confirmed in another request), or unreadable: not ours to fail on
            logger.warning("reference import: could not purge temporary file %s", path, exc_info=True)
    return removed


class ReferenceImportForm(ImportForm):
    """The upload form: Chinese labels, and what can be refused before reading is refused here."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["resource"].label = "数据"
        self.fields["import_file"].label = "导入文件"
        self.fields["import_file"].help_text = _upload_help()
        self.fields["format"].label = "格式"
        self.fields["format"].help_text = "按文件内容识别，选错也能导入。"
        self.fields["format"].choices = [(value, label) for value, label in self.fields["format"].choices if value]
        self.fields["format"].initial = "0"

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        head = upload.read(8)
        upload.seek(0)
        try:
            check_upload(upload.size, head)
        except FileRefused as e:
            raise forms.ValidationError(str(e)) from None
        return upload


class ReferenceExportForm(SelectableFieldsExportForm):
    """The export form: columns by their headers (「专项名称」, not 「Name (专项名称)」), xlsx first."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["resource"].label = "数据"
        self.fields["format"].label = "格式"
        self.fields["format"].choices = [(value, label) for value, label in self.fields["format"].choices if value]
        self.fields["format"].initial = "0"

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return field.column_name if field is not None else field_name

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            raise forms.ValidationError("请至少选择一列导出。") from None


class ImportExportScoped(ImportExportModelAdmin):
    """import-export's Excel import/export with the admin's own permissions and the user in the resource."""

    formats = FORMATS
    import_form_class = ReferenceImportForm
    export_form_class = ReferenceExportForm
    import_error_display = ("message",)

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {**super().get_export_resource_kwargs(request, **kwargs), "user": request.user}

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        # xlsx keeps numbers and dates as such; CSV gets the widgets' text.
        data = self.get_data_for_export(request, queryset, force_native_type=file_format.native_types, **kwargs)
        return file_format.export_data(data)

    # -- import: upload and preview

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, FileRefused):
            form.add_error("import_file", str(e))
        else:
            logger.warning("reference import: unreadable upload", exc_info=e)
            form.add_error("import_file", UNREADABLE)

    def import_action(self, request, **kwargs):
        purge_stale_tmp_files()
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        if "fields_list" in context and not context["fields_list"]:
            # import-export lists the columns only when the form is new or invalid, not when the file
            # was refused while read; the page says them every time.
            resource = self.get_import_resource_classes(request)[0](**self.get_import_resource_kwargs(request))
            context["fields_list"] = [(resource.get_display_name(),
                                       [f.column_name for f in resource.get_user_visible_fields()])]
        # import-export stored the upload before reading it (and named it on the upload object).
        stored = getattr(request.FILES.get("import_file"), "tmp_storage_name", None)
        if stored and not context.get("confirm_form"):
            self._remove_tmp(stored)  # refused: keep nothing of it
        return response

    def _remove_tmp(self, name):
        try:
            self.get_tmp_storage_class()(name=name, **self.get_tmp_storage_class_kwargs()).remove()
        except OSError:
            logger.warning("reference import: could not remove temporary file %s", name, exc_info=True)

    # -- import: confirm

    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except (FileRefused, OSError, ValueError, IndexError) as e:
            # The file is gone (a second click on 确认导入, an old preview) or the posted form was altered.
            logger.warning("reference import: confirm refused", exc_info=e)
            name = request.POST.get("import_file_name", "")
            if name and not isinstance(e, FileNotFoundError):
                self._remove_tmp(name.rsplit("/", 1)[-1])
            messages.error(request, CONFIRM_GONE)
            return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))

    def process_dataset(self, dataset, form, request, **kwargs):
        # At confirm, a row that has become invalid since the preview rolls back the whole import.
        return super().process_dataset(dataset, form, request, rollback_on_validation_errors=True, **kwargs)

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            messages.error(request, CONFIRM_FAILED.format(where=_first_problem(result)))
            return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        return super().process_result(result, request)

    def generate_log_entries(self, result, request):
        # The admin's history: import-export's own entry reads 「new through import_export」.
        if self.get_skip_admin_log():
            return
        for import_type, flag, message in ((RowResult.IMPORT_TYPE_NEW, ADDITION, "通过导入文件新增。"),
                                           (RowResult.IMPORT_TYPE_UPDATE, CHANGE, "通过导入文件修改。")):
            instances = [row.instance for row in result if row.import_type == import_type and row.instance]
            if instances:
                LogEntry.objects.log_actions(request.user.pk, instances, flag, change_message=message,
                                             single_object=len(instances) == 1)

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(request, f"导入完成：新增 {totals[RowResult.IMPORT_TYPE_NEW]} 条，"
                                  f"更新 {totals[RowResult.IMPORT_TYPE_UPDATE]} 条，"
                                  f"未变 {totals[RowResult.IMPORT_TYPE_SKIP]} 条。")


def _first_problem(result):
    for error in result.base_errors:
        return str(error.error)
    for row in result.error_rows:
        return f"第{row.number + 1}行：{row.errors[0].error}"
    for row in result.invalid_rows:
        messages_ = [f"{column}：{'；'.join(texts)}" for column, texts in row.error_dict.items()]
        return f"第{row.number + 1}行 " + "；".join(messages_)
    return "未知错误"
