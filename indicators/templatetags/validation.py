from django import template

register = template.Library()


@register.inclusion_tag("indicators/_findings.html")
def filing_findings(filing):
    """The validation findings panel on the filing page (filled in by the validation engine)."""
    return {"filing": filing, "findings": []}
