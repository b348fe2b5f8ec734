"""Under the Content-Security-Policy the pages still work: the scripts moved out
of the templates run, and the browser reports no violation."""
import pytest

from organizations.choices import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI));
"""


def test_dashboard_charts_run_under_the_policy(tree, make_user, login, live_server):
    make_user(Role.INSPECTOR, [tree.city], username="chuyenvien")
    page = login("chuyenvien")
    page.add_init_script(WATCH_VIOLATIONS)
    response = page.goto(f"{live_server.url}/dashboard/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-topics') !== undefined")
    labels = page.evaluate("() => Chart.getChart('chart-topics').data.datasets.map(d => d.label)")
    assert labels == ["Ưu điểm", "Hạn chế"]
    assert page.evaluate("() => window.__cspViolations") == []
