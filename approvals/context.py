from django.utils.functional import SimpleLazyObject

from .models import Notification


def workflow(request):
    """The unread notification count for the navigation bar; queried only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(
        lambda: Notification.objects.filter(user=user, read_at=None).count())}
