from django import forms

from budgets.lifecycle import DIMENSIONS, GRADES, RETURN_MODES

from .models import Comment
from .targets import CORRECTABLE

CORRECTION_ROWS = 3
CORRECTION_FIELDS = [("", "请选择栏目")] + sorted({(f, label) for fields in CORRECTABLE.values() for f, label in fields.items()},
                                                  key=lambda pair: pair[1])

GRADE_CHOICES = [("", "请选择")] + list(GRADES)


class DecisionForm(forms.Form):
    """The 审核表: the four dimensions with a note each, and the overall grade."""

    seen = forms.IntegerField(widget=forms.HiddenInput)
    grade = forms.ChoiceField(label="总体评级", choices=GRADE_CHOICES,
                              help_text="优、良：审核通过；中：退回修改；差：不予通过。")
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    suggestion = forms.CharField(label="修改建议", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                 max_length=5000)
    return_mode = forms.ChoiceField(label="退回方式", choices=RETURN_MODES, required=False)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        places = [("", "请选择位置")] + [(t.key, t.label) for t in targets if t.correctable()]
        for n in range(1, CORRECTION_ROWS + 1):
            self.fields[f"fix{n}_target"] = forms.ChoiceField(label=f"修改{n}：位置", choices=places, required=False)
            self.fields[f"fix{n}_field"] = forms.ChoiceField(label=f"修改{n}：栏目", choices=CORRECTION_FIELDS,
                                                             required=False)
            self.fields[f"fix{n}_text"] = forms.CharField(label=f"修改{n}：改为", required=False, max_length=5000)
        for code, label in DIMENSIONS:
            self.fields[f"{code}_grade"] = forms.ChoiceField(label=label, choices=GRADE_CHOICES)
            self.fields[f"{code}_note"] = forms.CharField(label=f"{label}说明", required=False, max_length=2000,
                                                          widget=forms.TextInput)

    def clean(self):
        data = super().clean()
        grade = data.get("grade")
        for n, (target, field, text) in enumerate(self.corrections() if hasattr(self, "cleaned_data") else [], 1):
            if not (target and field and text.strip()):
                self.add_error(f"fix{n}_text", "请选择位置和栏目，并填写改为的内容。")
            elif grade != "B":
                self.add_error(f"fix{n}_text", "只有评为「良」时才可以直接修改。")
        if grade in ("C", "D"):
            for field, label in (("reason", "理由"), ("suggestion", "修改建议")):
                if not (data.get(field) or "").strip():
                    self.add_error(field, f"退回或不予通过时须填写{label}。")
        return data

    def corrections(self):
        rows = []
        for n in range(1, CORRECTION_ROWS + 1):
            target, field, text = (self.cleaned_data.get(f"fix{n}_{k}") for k in ("target", "field", "text"))
            if target or field or text:
                rows.append((target, field, text))
        return rows

    def correction_rows(self):
        return [(self[f"fix{n}_target"], self[f"fix{n}_field"], self[f"fix{n}_text"])
                for n in range(1, CORRECTION_ROWS + 1)]

    def dimensions(self):
        return {code: {"grade": self.cleaned_data[f"{code}_grade"], "note": self.cleaned_data[f"{code}_note"]}
                for code, _ in DIMENSIONS}

    def dimension_fields(self):
        return [(self[f"{code}_grade"], self[f"{code}_note"]) for code, _ in DIMENSIONS]


class CommentForm(forms.Form):
    target = forms.ChoiceField(label="位置")
    text = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    verdict = forms.ChoiceField(label="结论", choices=Comment.Verdict.choices, initial=Comment.Verdict.FIX)
    visibility = forms.ChoiceField(label="可见范围", choices=Comment.Visibility.choices,
                                   initial=Comment.Visibility.UNIT)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {t.key: t for t in targets}
        self.fields["target"].choices = [(t.key, t.label) for t in targets]
