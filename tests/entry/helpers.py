"""Fetch a step's real HTML, read its form as a browser would post it, change some fields, post it back."""

from tests.security.forms import extract_form_fields


def page_fields(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return extract_form_fields(response.content.decode(), form_id="step-form")


def flat(fields):
    """extract_form_fields gives {name: [values]}; a single value per name is what these forms post."""
    return {k: v[0] if len(v) == 1 else v for k, v in fields.items()}


def post_step(client, url, changes=None, action="save", **kwargs):
    data = flat(page_fields(client, url))
    data.update(changes or {})
    data["action"] = action
    return client.post(url, data, **kwargs)
