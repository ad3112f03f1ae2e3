"""log_action(): the one way anything writes the audit trail (budgets.models.audit.AuditEntry)."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry, Filing


def log_action(action, *, actor=None, filing=None, target=None, district=None, **data):
    """Append one entry. `target` is the row acted on (defaults to the filing); `data` is JSON."""
    if filing is None and isinstance(target, Filing):
        filing = target
    target = target if target is not None else filing
    if district is not None:
        district_id = district.pk
    elif filing is not None:
        district_id = filing.department.district_id
    else:
        district_id = None
    signed_in = actor is not None and actor.is_authenticated
    return AuditEntry.objects.create(
        action=action,
        actor=actor if signed_in else None,
        actor_name=actor.get_username() if signed_in else "系统",
        filing=filing,
        filing_label=str(filing) if filing is not None else "",
        district_id=district_id,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:200] if target is not None else "",
        data=data,
    )


def register_actions(labels):
    """Apps above budgets (approvals) add the words for their own action codes here, so the audit
    log reads them without budgets knowing those apps."""
    AuditEntry.ACTIONS.update(labels)
