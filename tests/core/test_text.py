import pytest

from core.text import fold


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Huyện ủy Củ Chi", "huyen uy cu chi"),
        ("ĐẢNG ỦY KHỐI", "dang uy khoi"),
        ("  Quận   3 ", "quan 3"),
        ("Hoàn thành xuất sắc nhiệm vụ", "hoan thanh xuat sac nhiem vu"),
        (None, ""),
    ],
)
def test_fold(raw, folded):
    assert fold(raw) == folded
