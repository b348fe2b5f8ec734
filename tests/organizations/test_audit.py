import pytest

from organizations.choices import Role

pytestmark = pytest.mark.django_db


def test_api_change_is_audited_with_user_and_request(api, tree, make_user):
    admin = make_user(Role.ADMIN, username="auditor")
    response = api.as_user(admin).patch(
        f"/api/v1/organizations/{tree.q3_ward.pk}/", {"short_name": "Võ Thị Sáu"}, format="json",
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 200
    record = tree.q3_ward.history.first()
    assert record.history_type == "~"
    assert record.history_user == admin
    assert record.history_ip == "10.1.2.3"
    assert record.history_request == f"PATCH /api/v1/organizations/{tree.q3_ward.pk}/"
    delta = record.diff_against(record.prev_record)
    assert [(c.field, c.new) for c in delta.changes] == [("short_name", "Võ Thị Sáu")]
