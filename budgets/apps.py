from django.apps import AppConfig
from django.db.models.signals import post_migrate


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = "预算绩效目标申报"

    def ready(self):
        from . import lookups  # noqa: F401 - registers IntegerFieldIn
        from .roles import sync_groups

        post_migrate.connect(sync_groups, sender=self, dispatch_uid="budgets.sync_groups")
