"""Password rules: length, similarity to the user, common passwords, and the Vietnamese list."""
import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts.validators import VietnameseCommonPasswordValidator, core_word
from organizations.models import User

pytestmark = pytest.mark.django_db


def codes(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}, " ".join(error.messages)
    return set(), ""


@pytest.mark.parametrize("password", [
    "hochiminh", "HoChiMinh1975", "Hồ Chí Minh 2026", "Thanhuy2026", "thanhuy@2026", "THÀNH ỦY!", "bantochuc123",
    "dangcongsan", "vietnam2026", "matkhau123", "Saigon1975", "tphcm2026", "2026dangcongsanvietnam",
])
def test_vietnamese_common_words_are_refused(password):
    found, message = codes(password)
    assert "password_too_common_vi" in found
    assert "quá dễ đoán" in message


def test_a_password_like_the_username_is_refused():
    user = User(username="nguyenvanbinh", first_name="Nguyễn Văn Bình", email="binh@btctu.local")
    found, message = codes("nguyenvanbinh", user)
    assert "password_too_similar" in found
    assert "quá giống" in message  # Django's own message, in Vietnamese


def test_short_and_digit_only_passwords_are_refused():
    assert "password_too_short" in codes("Ab#9x")[0]
    assert "password_only_digits" in codes("30041975123")[0]


def test_a_strong_password_passes():
    user = User(username="chuyenvien2", first_name="Trần Thị Lan")
    assert codes("Ngựa-vằn leo đồi 7 lần", user) == (set(), "")


def test_folding_strips_case_diacritics_punctuation_and_the_digits_around_the_word():
    assert core_word("Đảng-Cộng-Sản@2026") == "dangcongsan"
    assert core_word("1975SaiGon!!") == "saigon"


def test_a_gzipped_list_works(tmp_path):
    import gzip

    path = tmp_path / "words.txt.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("# comment\nCủ Chi\n")
    validator = VietnameseCommonPasswordValidator(password_list_path=path)
    with pytest.raises(ValidationError):
        validator.validate("cuchi2020")
    validator.validate("hochiminh-khong-co-trong-danh-sach-nay")
