"""Optimistic locking of a filing and all its rows, shared by the admin, the entry screens and the importer.

A form carries the filing's `revision` as it was when the page was opened. Saving checks it under a
row lock (select_for_update: a concurrent save waits, then sees the new number) and moves it on, so
of two saves started from the same page exactly one wins; the other is told, with its typed input
still on the page. Writers without a form (the importer) just move the number on.
"""

from django.db import transaction
from django.db.models import F

from .models import Filing

STALE_MESSAGE = (
    "保存失败：这份申报在您打开本页之后已被他人修改并保存。您填写的内容仍保留在本页，没有丢失；"
    "请在新窗口打开该申报核对最新内容。如确认以本页内容为准，请再次点击保存。"
)
MISSING_MESSAGE = "页面缺少版本信息（可能已过期），请刷新页面后重新填写并保存。"


class StaleRevision(Exception):
    def __init__(self, current):
        super().__init__(STALE_MESSAGE)
        self.current = current


def check_revision(filing, expected):
    """Raise StaleRevision unless the filing is still at `expected`; call inside the saving transaction.

    `filing` is a filing's pk, or a Filing the caller has just read under select_for_update (its
    revision is then current, and no second read is needed)."""
    if isinstance(filing, Filing):
        current = filing.revision
    else:
        current = (Filing.objects.select_for_update().filter(pk=filing)
                   .values_list("revision", flat=True).first())
    if current is not None and current != expected:
        raise StaleRevision(current)
    return current


def bump_revision(*filing_ids, **fields):
    """Move the filings' revision on; `fields` are set in the same UPDATE (e.g. updated_at)."""
    Filing.objects.filter(pk__in=[pk for pk in filing_ids if pk]).update(revision=F("revision") + 1, **fields)


def read_locked(queryset, pk):
    """The filing `pk` of `queryset`, read under its row lock inside the caller's transaction.

    A save in the same transaction (budgets.entry.services.saving) takes this filing as read instead
    of reading and locking it a second time; what the page read of its rows under the same lock is
    then current too.
    """
    filing = queryset.select_for_update(of=("self",)).get(pk=pk)
    filing.locked_in = transaction.get_connection().atomic_blocks[0]
    return filing


def is_locked(filing):
    """Whether `filing` came from read_locked() in the transaction still open."""
    connection = transaction.get_connection()
    return (connection.in_atomic_block and connection.atomic_blocks
            and getattr(filing, "locked_in", None) is connection.atomic_blocks[0])
