"""The party organization tree, its reorganizations, and the users who answer
for parts of it."""
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from core.audit import audited
from core.models import ScopedSearchQuerySet, SearchableModel
from core.scoping import STEP, ScopedQuerySet, ancestor_paths, path_depth, path_step, subtree_q

from ..choices import KIND_LEVEL, GrassrootsType, OrganizationKind, OrganizationLevel, Role, SuccessionKind


class OrganizationQuerySet(ScopedSearchQuerySet):
    def active_on(self, day):
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class Organization(SearchableModel):
    """A party organization at any level. Its position in the tree is the
    materialized `path` (see core.scoping); `depth` starts at 1 for a root."""
    WRITE_SCOPE_FIELDS = ("",)
    NATURAL_KEY = ("code",)  # core.natural_keys: lookups by key, 409 `duplicate`

    SCOPE_FIELD = ""
    SEARCH_FIELDS = ("name", "short_name", "code")

    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    code = models.SlugField(_("mã"), max_length=50, unique=True)
    kind = models.CharField(_("loại tổ chức"), max_length=32, choices=OrganizationKind.choices)
    level = models.CharField(_("cấp"), max_length=16, choices=OrganizationLevel.choices, editable=False)
    grassroots_type = models.CharField(
        _("loại hình tổ chức cơ sở"), max_length=32, choices=GrassrootsType.choices, blank=True
    )
    has_government = models.BooleanField(_("có chính quyền cùng cấp"), default=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("trực thuộc"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    path = models.CharField(_("đường dẫn cây"), max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(_("độ sâu"), editable=False, default=0)
    issuer_code = models.CharField(
        _("ký hiệu cơ quan ban hành"), max_length=20, blank=True,
        help_text=_("Phần sau dấu / trong số văn bản, ví dụ TU, QU, HU, ĐU, BTCTU."),
    )
    notes = models.TextField(_("ghi chú"), blank=True)

    history = audited(excluded_fields=["path", "depth", "search_text"])
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("tổ chức đảng")
        verbose_name_plural = _("tổ chức đảng")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="organization_valid_range",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def picker_label(self):
        """How pickers name it, told apart from namesakes by its parent:
        "Chi bộ Khu phố 1 – Đảng ủy phường 1" (select_related("parent") first)."""
        return f"{self.name} – {self.parent.name}" if self.parent_id else self.name

    # --- tree -------------------------------------------------------------
    def clean(self):
        super().clean()
        if self.parent_id and self.pk:
            if self.parent_id == self.pk or (self.path and self.parent.path.startswith(self.path)):
                raise ValidationError(
                    {"parent": _("Không thể chuyển một tổ chức vào chính nó hoặc vào tổ chức cấp dưới của nó.")}
                )
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Ngày hết hiệu lực phải sau ngày có hiệu lực.")})

    def _parent_path(self):
        return self.parent.path if self.parent_id else ""

    def save(self, *args, **kwargs):
        self.level = KIND_LEVEL[self.kind]
        with transaction.atomic():
            if self._state.adding or not self.path:
                super().save(*args, **kwargs)
                self.path = self._parent_path() + path_step(self.pk)
                self.depth = path_depth(self.path)
                type(self).objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
                return
            old_path = type(self).objects.filter(pk=self.pk).values_list("path", flat=True).get()
            new_path = self._parent_path() + path_step(self.pk)
            if new_path != old_path:
                if self.parent_id and self.parent.path.startswith(old_path):
                    raise ValidationError(
                        {"parent": _("Không thể chuyển một tổ chức vào chính nó hoặc vào tổ chức cấp dưới của nó.")}
                    )
                # Rewrite the whole subtree's paths in one statement.
                depth_delta = path_depth(new_path) - path_depth(old_path)
                type(self).objects.filter(subtree_q(old_path)).update(
                    path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
                    depth=F("depth") + depth_delta,
                )
                self.path, self.depth = new_path, path_depth(new_path)
            super().save(*args, **kwargs)

    def ancestor_ids(self):
        return [int(path[-STEP:]) for path in ancestor_paths(self.path, include_self=False)]

    def ancestors(self):
        return Organization.objects.filter(pk__in=self.ancestor_ids()).order_by("path")

    def descendants(self, include_self=False):
        qs = Organization.objects.filter(subtree_q(self.path))
        return qs if include_self else qs.exclude(pk=self.pk)

    def is_active_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or self.valid_to >= day)

    @property
    def is_active(self):
        return self.valid_to is None


class TermQuerySet(models.QuerySet):
    def for_date(self, day):
        return self.filter(starts_on__lte=day, ends_on__gte=day).order_by("-starts_on").first()


class Term(models.Model):
    """A congress term (nhiệm kỳ), e.g. 2015–2020. Nominal dates; each
    organization's own congress dates are recorded per organization."""

    name = models.CharField(_("nhiệm kỳ"), max_length=20, unique=True)
    start_year = models.PositiveSmallIntegerField(_("năm bắt đầu"))
    end_year = models.PositiveSmallIntegerField(_("năm kết thúc"))
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")
        ordering = ["start_year"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gt=F("start_year")), name="term_years_order"),
        ]

    def __str__(self):
        return self.name


class OrganizationSuccession(models.Model):
    """A reorganization link: `predecessor` was merged into, split into,
    renamed or transferred to `successor` on `effective_date`."""
    WRITE_SCOPE_FIELDS = ("predecessor", "successor")
    NATURAL_KEY = ("predecessor", "successor", "kind")

    SCOPE_FIELD = "predecessor"
    SCOPE_FIELDS = ("predecessor", "successor")  # seen from either side

    predecessor = models.ForeignKey(
        Organization, verbose_name=_("tổ chức trước"), on_delete=models.PROTECT, related_name="successor_links"
    )
    successor = models.ForeignKey(
        Organization, verbose_name=_("tổ chức kế thừa"), on_delete=models.PROTECT, related_name="predecessor_links"
    )
    kind = models.CharField(_("hình thức"), max_length=20, choices=SuccessionKind.choices)
    effective_date = models.DateField(_("ngày hiệu lực"))
    basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    history = audited()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế thừa tổ chức")
        verbose_name_plural = _("kế thừa tổ chức")
        ordering = ["effective_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor", "kind"], name="succession_unique"),
            models.CheckConstraint(condition=~Q(predecessor=F("successor")), name="succession_not_self"),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor} ({self.get_kind_display()})"


class User(AbstractUser):
    """A person or a system. `organizations` are the roots of the subtrees the
    user answers for; administrators see everything."""

    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.LEADER)
    organizations = models.ManyToManyField(
        Organization, verbose_name=_("phạm vi phụ trách"), blank=True, related_name="scoped_users"
    )
    api_write = models.BooleanField(
        _("được ghi qua API"), default=False, help_text=_("Chỉ áp dụng cho hệ thống kết nối (API).")
    )
    personal_data_access = models.BooleanField(
        _("được xem dữ liệu cá nhân"), default=False,
        help_text=_("Hệ thống kết nối chỉ thấy dữ liệu cá nhân cán bộ khi được cấp quyền."),
    )

    objects = UserManager()

    STAFF_ROLES = {Role.ADMIN, Role.INSPECTOR, Role.TEAM_LEADER, Role.LEADER}

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def save(self, *args, **kwargs):
        self.is_staff = self.is_superuser or self.role in self.STAFF_ROLES
        super().save(*args, **kwargs)

    @property
    def has_global_scope(self):
        return self.is_superuser or self.role == Role.ADMIN

    def scope_paths(self):
        """Root paths of the user's subtrees (None: the whole tree), cached per instance."""
        if self.has_global_scope:
            return None
        if not hasattr(self, "_scope_paths"):
            self._scope_paths = list(self.organizations.values_list("path", flat=True))
        return self._scope_paths

    @property
    def can_see_personal_data(self):
        return self.role != Role.API_CLIENT or self.personal_data_access
