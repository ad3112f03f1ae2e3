from django import forms


class YearFilter(forms.Form):
    """The ?year= of the filing list. IntegerField reads full-width digits (２０２１) and refuses the
    other characters str.isdigit accepts (², ①), which int() cannot read."""

    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
