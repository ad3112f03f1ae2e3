from django import forms

from .values import parse_value

PARTS = ("operator", "value_number", "unit")


class IndicatorPartsForm(forms.ModelForm):
    """Keeps 指标性质 / 数值 / 计量单位 in step with the 指标值 text.

    The printed 101号 layout shows the stored parts, so when someone edits only the text the old
    parts would print beside the new text. Parts typed in the same save win over the parse.
    The admin supplies the model and fields (modelform_factory), so no Meta here.
    """

    def clean(self):
        data = super().clean()
        changed = set(self.changed_data)
        if "value_text" in changed and not changed & set(PARTS):
            parsed = parse_value(data.get("value_text", ""))
            # A number the column cannot keep reads as text (parsed.number is None; R06_NUMBER_UNKEPT).
            data.update(operator=parsed.operator, value_number=parsed.number, unit=parsed.unit[:30])
        return data
