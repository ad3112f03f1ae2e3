from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = "审核与打印"

    def ready(self):
        from budgets.audit import register_actions
        from budgets.lifecycle import ACTIONS

        register_actions({a.audit: a.label for a in ACTIONS.values()} | {
            "filing.approved": "审核通过", "filing.corrected": "审核人修改（良）", "comment.added": "提出审核意见", "comment.dismissed": "忽略检查结果",
            "comment.addressed": "标记审核意见已处理", "comment.resolved": "审核意见已解决"})
