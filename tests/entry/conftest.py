"""The entry screens' common fixtures: clerk_a's new 2021 draft, and clerk_a signed in."""

import pytest

from budgets.entry.services import create_filing


@pytest.fixture
def draft(frameworks, clerk_a):
    return create_filing(clerk_a, 2021)


@pytest.fixture
def signed_in(client, clerk_a):
    client.force_login(clerk_a)
    return client
