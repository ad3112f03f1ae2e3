"""Which requests a step answers: a step that saves nothing (检查) refuses a POST with 405, not a 500."""

import pytest
from django.urls import reverse

from budgets.entry.pages import CheckPage, StepPage
from budgets.entry.services import create_filing
from budgets.entry.urls import urlpatterns
from indicators.models import FormLayout


def test_a_forged_post_to_the_check_step_is_refused_with_405_in_chinese(signed_in, draft):
    url = reverse("entry:step_check", args=[draft.pk])
    response = signed_in.post(url, {"revision": str(draft.revision), "action": "save"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "检查页只用于查看" in response.content.decode()


def test_a_post_to_the_check_step_of_a_project_form_is_refused_too(signed_in, frameworks, clerk_a):
    project = create_filing(clerk_a, 2023, kind="project", layout=FormLayout.objects.get(code="hunan-project"))
    response = signed_in.post(reverse("entry:step_check", args=[project.pk]), {"revision": "1"})
    assert response.status_code == 405


def test_every_step_page_without_a_save_refuses_a_post():
    """Found from the step views themselves, so a new read-only page is covered without editing this."""
    views = [p.callback for p in urlpatterns if hasattr(p.callback, "page_class")]
    assert len(views) == 10
    read_only = [v.page_class for v in views if not v.page_class.saves]
    assert read_only == [CheckPage]
    for view in views:
        assert view.page_class.saves == (view.page_class.save is not StepPage.save)


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_on_a_step_are_refused(signed_in, draft, method):
    response = getattr(signed_in, method)(reverse("entry:step_basic", args=[draft.pk]))
    assert response.status_code == 405
