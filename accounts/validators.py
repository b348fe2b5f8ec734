"""A common-password check for Vietnamese: place names, Party and State words,
'matkhau', years... compared after folding, so 'Thanhuy2026', 'HồChíMinh!' and
'saigon1975' are caught as well as the bare words."""
import gzip
import re
import unicodedata
from functools import cached_property
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_LIST = Path(__file__).resolve().parent / "data" / "common_passwords_vi.txt"


def fold(text: str) -> str:
    """Lower case, no diacritics (đ -> d), letters and digits only."""
    text = unicodedata.normalize("NFKD", text.lower().replace("đ", "d"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)))


def core_word(text: str) -> str:
    """The folded text without the digits around it: 'Thanhuy2026' -> 'thanhuy', '123saigon' -> 'saigon'."""
    return fold(text).strip("0123456789")


class VietnameseCommonPasswordValidator:
    """Refuses a password whose core word (see core_word) is on the list, or that
    is only digits (years, dates, phone-like numbers). The list is a text file
    (optionally gzipped), one entry a line, '#' starts a comment; entries are folded
    the same way, so they may be written with diacritics."""

    def __init__(self, password_list_path=DEFAULT_LIST):
        self.password_list_path = Path(password_list_path)

    @cached_property
    def words(self) -> frozenset:
        opener = gzip.open if self.password_list_path.suffix == ".gz" else open
        with opener(self.password_list_path, "rt", encoding="utf-8") as handle:
            entries = (line.split("#", 1)[0].strip() for line in handle)
            return frozenset(word for word in (core_word(entry) for entry in entries if entry) if word)

    def validate(self, password, user=None):
        word = core_word(password)
        if not word:
            raise ValidationError(
                _("Mật khẩu không được chỉ gồm chữ số (năm, ngày tháng, số điện thoại)."), code="password_only_digits"
            )
        if word in self.words:
            raise ValidationError(
                _("Mật khẩu này quá dễ đoán: đó là một từ thông dụng (địa danh, tên cơ quan, “matkhau”…) "
                  "kèm số hoặc năm."),
                code="password_too_common_vi",
            )

    def get_help_text(self):
        return _("Mật khẩu không được là từ thông dụng như địa danh, tên cơ quan, “matkhau”, dù thêm số hay năm.")
