"""The demo's organization history: Phường Võ Thị Sáu formed on 1/1/2021 from
Phường 6, 7 and 8 of Quận 3 (the 2018–2019 records stay with those wards), no
unit left active under a district dissolved on 1/7/2025, and the bloc
committees without a same-level government."""
import datetime

import pytest

from organizations import demo
from organizations.models import Organization, QualityRating

pytestmark = pytest.mark.django_db


def test_vo_thi_sau_merger_and_the_2025_reform():
    demo.load()
    orgs = {o.code: o for o in Organization.objects.all()}
    vts = orgs["q3-p-vts"]
    assert vts.valid_from == datetime.date(2021, 1, 1)
    links = vts.predecessor_links.order_by("predecessor__code")
    merged = datetime.date(2021, 1, 1)
    assert [(link.predecessor.code, link.effective_date) for link in links] == [
        ("q3-p6", merged), ("q3-p7", merged), ("q3-p8", merged)]
    assert all(orgs[code].valid_to == datetime.date(2020, 12, 31) for code in ("q3-p6", "q3-p7", "q3-p8", "q3-p7-kp1"))
    assert QualityRating.objects.filter(organization=orgs["q3-p7"], year=2018).exists()
    assert not QualityRating.objects.filter(organization=vts).exists()
    assert vts.successor_links.get().successor.code == "p-xuanhoa"
    for code in ("qu-q3", "qu-q7", "hu-cuchi", "hu-hocmon"):
        active = orgs[code].descendants().filter(valid_to__isnull=True) | orgs[code].descendants().filter(
            valid_to__gte=datetime.date(2025, 7, 1))
        assert not active.exists(), code
    assert not orgs["du-nganhang"].has_government and not orgs["du-daihoc"].has_government
    before = Organization.objects.count()
    demo.load()
    assert Organization.objects.count() == before
