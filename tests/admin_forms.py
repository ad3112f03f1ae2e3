"""Re-posting an admin change page as the browser would: every field of the form and its inlines."""


def admin_form_data(page):
    """The values a browser would send back from an admin change page, management forms included."""
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if isinstance(value, (list, tuple)):
                value = [v for v in value if v is not None]
            data[form.add_prefix(name)] = value
    return data
