from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationLevel(models.TextChoices):
    CITY = "city", _("Cấp thành phố")
    ADVISORY = "advisory", _("Cơ quan tham mưu")
    UPPER = "upper", _("Cấp trên cơ sở")
    GRASSROOTS = "grassroots", _("Cơ sở")
    PARTIAL = "partial", _("Đảng bộ bộ phận")
    CELL = "cell", _("Chi bộ trực thuộc")


class OrganizationKind(models.TextChoices):
    CITY_COMMITTEE = "city_committee", _("Thành ủy")
    ADVISORY_BOARD = "advisory_board", _("Ban tham mưu của cấp ủy")
    URBAN_DISTRICT = "urban_district", _("Quận ủy")
    RURAL_DISTRICT = "rural_district", _("Huyện ủy")
    BLOC = "bloc", _("Đảng ủy khối")
    CORPORATION = "corporation", _("Đảng ủy tổng công ty")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Đảng ủy cơ sở")
    GRASSROOTS_CELL = "grassroots_cell", _("Chi bộ cơ sở")
    PARTIAL_COMMITTEE = "partial_committee", _("Đảng bộ bộ phận")
    SUBORDINATE_CELL = "subordinate_cell", _("Chi bộ trực thuộc")


KIND_LEVEL = {
    OrganizationKind.CITY_COMMITTEE: OrganizationLevel.CITY,
    OrganizationKind.ADVISORY_BOARD: OrganizationLevel.ADVISORY,
    OrganizationKind.URBAN_DISTRICT: OrganizationLevel.UPPER,
    OrganizationKind.RURAL_DISTRICT: OrganizationLevel.UPPER,
    OrganizationKind.BLOC: OrganizationLevel.UPPER,
    OrganizationKind.CORPORATION: OrganizationLevel.UPPER,
    OrganizationKind.GRASSROOTS_COMMITTEE: OrganizationLevel.GRASSROOTS,
    OrganizationKind.GRASSROOTS_CELL: OrganizationLevel.GRASSROOTS,
    OrganizationKind.PARTIAL_COMMITTEE: OrganizationLevel.PARTIAL,
    OrganizationKind.SUBORDINATE_CELL: OrganizationLevel.CELL,
}


class GrassrootsType(models.TextChoices):
    WARD_COMMUNE = "ward_commune", _("Phường, xã, thị trấn")
    ADMINISTRATIVE = "administrative", _("Cơ quan hành chính")
    PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp")
    STATE_ENTERPRISE = "state_enterprise", _("Doanh nghiệp nhà nước")
    PRIVATE_ENTERPRISE = "private_enterprise", _("Doanh nghiệp ngoài nhà nước")
    ARMED_FORCES = "armed_forces", _("Lực lượng vũ trang")
    OTHER = "other", _("Khác")


class SuccessionKind(models.TextChoices):
    MERGED_INTO = "merged_into", _("Hợp nhất, sáp nhập vào")
    SPLIT_INTO = "split_into", _("Chia tách thành")
    RENAMED = "renamed", _("Đổi tên thành")
    TRANSFERRED = "transferred", _("Chuyển giao cho")


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    INSPECTOR = "inspector", _("Chuyên viên Ban Tổ chức")
    TEAM_LEADER = "team_leader", _("Trưởng đoàn kiểm tra")
    LEADER = "leader", _("Lãnh đạo cấp ủy")
    REPORTER = "reporter", _("Cán bộ báo cáo của đơn vị")
    API_CLIENT = "api_client", _("Hệ thống kết nối (API)")
