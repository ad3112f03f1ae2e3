"""The form reader posts what a browser would: the walks' "unchanged form saves" check relies on it."""

from .forms import extract_form_fields

PAGE = """
<form id="logout-form" method="post"><input name="csrfmiddlewaretoken" value="other"></form>
<form id="filing_form" method="post">
  <input type="hidden" name="csrfmiddlewaretoken" value="t">
  <input name="year" value="2021"><input type="submit" name="_save" value="保存">
  <textarea name="duties">
\n第一行</textarea>
  <select name="framework"><option value="">---------</option><option value="2" selected>湖南</option></select>
  <select name="kind"><option value="a">A</option><option value="b">B</option></select>
  <select name="perms" multiple><option value="1" selected>x</option><option value="3" selected>y</option></select>
  <input type="checkbox" name="is_core" checked><input type="checkbox" name="DELETE">
  <input type="hidden" name="key_tasks-TOTAL_FORMS" value="1">
  <div class="empty-form"><input name="key_tasks-__prefix__-item" value=""></div>
</form>"""


def test_the_form_reader_returns_what_a_browser_would_submit():
    assert extract_form_fields(PAGE, form_id="filing_form") == {
        "csrfmiddlewaretoken": ["t"], "year": ["2021"], "duties": ["\n第一行"], "framework": ["2"],
        "kind": ["a"], "perms": ["1", "3"], "is_core": ["on"], "key_tasks-TOTAL_FORMS": ["1"],
    }
