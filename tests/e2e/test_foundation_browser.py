import pytest

from tests.browser import axe_violations, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_case_manager_logs_in_with_totp_and_sees_the_staff_home(page, live_server, casemanager):
    log_in(page, live_server.url, casemanager, totp=True)
    assert page.url.startswith(f"{live_server.url}/staff/")
    assert page.get_by_role("heading", level=1).first.is_visible()
    screenshot(page, "foundation-staff-home")
    assert axe_violations(page) == []


def test_client_logs_in_and_sees_the_portal_home(page, live_server, client_user):
    log_in(page, live_server.url, client_user, totp=False)
    assert page.url.startswith(f"{live_server.url}/portaal/")
    assert page.get_by_role("heading", level=1).first.is_visible()
    screenshot(page, "foundation-portal-home")
    assert axe_violations(page) == []


def test_login_page_is_accessible(page, live_server, db):
    page.goto(f"{live_server.url}/account/inloggen/")
    screenshot(page, "foundation-login")
    assert axe_violations(page) == []
