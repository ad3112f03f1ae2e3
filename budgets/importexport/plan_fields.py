"""Planning of 其他栏目 (FormField): a filing's extra printed cells, replaced as a whole.

Like a project form, a filing's 其他栏目 are few and read together, so the workbook's rows for a filing
it names are what the filing keeps: equal to the stored ones, nothing is written; otherwise they
replace them.
"""

from budgets.models import FormField

from .format import EXTRA_FIELDS, value_columns
from .plan_types import chunks

FIELD_FIELDS = [c.field for c in value_columns(EXTRA_FIELDS)]  # order, place, label, text


class FieldsPlanner:
    def form_fields(self):
        groups = self._grouped(EXTRA_FIELDS, lambda v: v["order"], "行号在同一份申报中重复")
        existing = {}
        ids = [f.pk for k, f in self.plan.existing_filings.items() if k in self.filing_rows]
        for id_chunk in chunks(ids):
            for field in FormField.objects.filter(filing_id__in=id_chunk).order_by("order"):
                existing.setdefault(field.filing_id, []).append({f: getattr(field, f) for f in FIELD_FIELDS})
        for key in self.filing_rows:
            planned = [{f: row.values[f] for f in FIELD_FIELDS}
                       for _order, row in sorted(groups.get(key, {}).items())]
            old_filing = self.plan.existing_filings.get(key)
            old = existing.get(old_filing.pk, []) if old_filing else []
            if old_filing is None:
                self.plan.count(EXTRA_FIELDS, "new", len(planned))
            elif old == planned:
                self.plan.count(EXTRA_FIELDS, "unchanged", len(planned))
                continue
            else:
                self.plan.count(EXTRA_FIELDS, "updated", len(planned))
                self.plan.touch(key, EXTRA_FIELDS)
            if planned or old:
                self.plan.form_fields[key] = planned
