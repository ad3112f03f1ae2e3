"""The review workflow's models (approvals, comments, approved versions) come here.

The audit log lives in budgets (budgets.models.audit), below this app, so that budgets can log
without importing approvals.
"""
