"""What every row table of the entry screens does with the formset's own bookkeeping: its refusals said
in Chinese, and rows posted under a missing or garbled management form shown again as typed."""

import re

from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT, ManagementForm


class SoundManagementForm:
    """A formset mixin. A page whose management form (TOTAL_FORMS, INITIAL_FORMS) was lost or tampered
    with is still refused (Django's non-form error), but its rows are counted from what was posted, so
    they show again as typed, and the page carries a sound management form to save them with."""

    default_error_messages = {
        "missing_management_form": "表格的行数信息缺失或被改动（%(field_names)s），本表尚未保存；"
                                   "已按提交的内容列出各行，请核对后再次保存。",
        "too_many_forms": "本表最多%(num)d行，请删除多余的行后再保存。",
        "too_few_forms": "本表至少要有%(num)d行。",
    }

    def total_form_count(self):
        if self.is_bound and not self.management_form.is_valid():
            return min(self.posted_rows(), self.absolute_max)
        return super().total_form_count()

    def posted_rows(self):
        """How many rows the data holds: one more than the highest row number among its names."""
        pattern = re.compile(rf"{re.escape(self.prefix)}-(\d+)-")
        numbers = [int(m.group(1)) for key in self.data if (m := pattern.match(key))]
        return max(numbers, default=-1) + 1

    def management_form_shown(self):
        """The management form to render: the posted one when it was sound, else one that counts the
        rows shown (and, as stored rows, those that carry an id)."""
        if not self.is_bound or self.management_form.is_valid():
            return self.management_form
        stored = sum(1 for i in range(self.total_form_count()) if self.data.get(f"{self.add_prefix(i)}-id"))
        return ManagementForm(auto_id=self.auto_id, prefix=self.prefix, renderer=self.renderer, initial={
            TOTAL_FORM_COUNT: self.total_form_count(), INITIAL_FORM_COUNT: stored,
            "MIN_NUM_FORMS": self.min_num, "MAX_NUM_FORMS": self.max_num})
