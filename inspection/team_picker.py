"""Team members picked by name: the cadres and the staff users the reader may
see, searched without diacritics, each offered as a token ("cadre:12",
"user:5") that the wizard and the inspection edit page send back. Names of
people outside the system are still typed as text."""
from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadres.models import Cadre
from core.scoping import subtree_q, user_scope_paths
from core.text import fold
from organizations.models import User

from .choices import TeamRole

LIMIT = 10


def _user_name(user):
    return user.get_full_name() or user.get_username()


def _people_of_users(users):
    return [{"token": f"user:{u.pk}", "name": _user_name(u), "detail": _("Người dùng hệ thống")} for u in users]


def _people_of_cadres(cadres):
    return [{"token": f"cadre:{c.pk}", "name": c.full_name, "detail": c.organization.name} for c in cadres]


def staff_users(viewer):
    """Active staff users whose scope lies in the viewer's (all of them for an administrator)."""
    users = User.objects.filter(is_active=True, role__in=User.STAFF_ROLES)
    roots = user_scope_paths(viewer)
    if roots is None:
        return users
    if not roots:
        return users.none()
    inside = Q()
    for path in roots:
        inside |= subtree_q(path, "organizations__")
    return users.filter(inside).distinct()


def people_matching(viewer, query):
    """At most LIMIT cadres and LIMIT users whose name holds every word of the query (no diacritics needed)."""
    words = fold(query).split()
    if not words:
        return []
    cadres = Cadre.objects.for_user(viewer).search(query).select_related("organization").order_by("full_name")[:LIMIT]
    users = [u for u in staff_users(viewer).order_by("last_name", "first_name", "username")
             if all(w in fold(f"{_user_name(u)} {u.get_username()}") for w in words)][:LIMIT]
    return _people_of_cadres(cadres) + _people_of_users(users)


def people_of_tokens(viewer, tokens):
    """{token: person} for the tokens the viewer may pick; an unknown one raises ValidationError."""
    ids = {"cadre": set(), "user": set()}
    for token in tokens:
        kind, _sep, pk = token.partition(":")
        if kind not in ids or not pk.isdigit():
            raise forms.ValidationError(_("Thành viên đoàn không hợp lệ."))
        ids[kind].add(int(pk))
    cadres = list(Cadre.objects.for_user(viewer).filter(pk__in=ids["cadre"]).select_related("organization")) \
        if ids["cadre"] else []
    users = list(staff_users(viewer).filter(pk__in=ids["user"])) if ids["user"] else []
    people = {p["token"]: p | {"cadre": c} for p, c in zip(_people_of_cadres(cadres), cadres, strict=True)}
    people |= {p["token"]: p | {"user": u} for p, u in zip(_people_of_users(users), users, strict=True)}
    missing = [t for t in tokens if t not in people]
    if missing:
        raise forms.ValidationError(_("Không tìm thấy thành viên đoàn trong phạm vi phụ trách."))
    return people


class TeamFieldsMixin(forms.Form):
    """The team in a form: people picked by name (checkboxes named `people`, one
    chosen as head with the radio `head_pick`), plus names typed for people
    outside the system. `self.user` is the reader."""

    head = forms.CharField(label=gettext_lazy("Trưởng đoàn (nếu không chọn ở trên, ghi họ tên)"), max_length=255,
                           required=False)
    members = forms.CharField(label=gettext_lazy("Thành viên ngoài hệ thống (mỗi dòng một người)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def picked_tokens(self):
        if self.is_bound and hasattr(self.data, "getlist"):
            return [t for t in dict.fromkeys(self.data.getlist("people")) if t]
        return list(self.initial.get("people", []))

    def head_token(self):
        return self.data.get("head_pick", "") if self.is_bound else self.initial.get("head_pick", "")

    def picked_people(self):
        """The people shown as chosen (what was sent back, or the current team), each marked head or not."""
        try:
            people = people_of_tokens(self.user, self.picked_tokens())
        except forms.ValidationError:
            people = {}
        head = self.head_token()
        return [people[t] | {"is_head": t == head} for t in self.picked_tokens() if t in people]

    def clean_team(self, cleaned):
        tokens, head = self.picked_tokens(), self.head_token()
        try:
            people = people_of_tokens(self.user, tokens)
        except forms.ValidationError as exc:
            self.add_error("members", exc)
            return None
        if head and head not in people:
            self.add_error("head", _("Trưởng đoàn phải là một người đã chọn."))
            return None
        typed_head = (cleaned.get("head") or "").strip()
        if head and typed_head:
            self.add_error("head", _("Đoàn kiểm tra chỉ có một trưởng đoàn: bỏ họ tên đã ghi hoặc bỏ chọn ở trên."))
            return None
        if not head and not typed_head:
            self.add_error("head", _("Chọn hoặc ghi họ tên trưởng đoàn."))
            return None
        team = [{"role": TeamRole.HEAD, "full_name": typed_head}] if typed_head else []
        for token in tokens:
            person = people[token]
            member = {"role": TeamRole.HEAD if token == head else TeamRole.MEMBER, "full_name": person["name"]}
            member |= {key: person[key] for key in ("cadre", "user") if key in person}
            team.append(member)
        team += [{"role": TeamRole.MEMBER, "full_name": line.strip()}
                 for line in (cleaned.get("members") or "").splitlines() if line.strip()]
        team.sort(key=lambda m: m["role"] != TeamRole.HEAD)
        return team


def team_initial(inspection):
    """The form's initial team from an inspection: picked people as tokens, typed names as text."""
    initial = {"people": [], "head_pick": "", "head": "", "members": ""}
    typed = []
    for member in inspection.team.all():
        token = f"cadre:{member.cadre_id}" if member.cadre_id else f"user:{member.user_id}" if member.user_id else ""
        if token:
            initial["people"].append(token)
            if member.role == TeamRole.HEAD:
                initial["head_pick"] = token
        elif member.role == TeamRole.HEAD:
            initial["head"] = member.full_name
        else:
            typed.append(member.full_name)
    initial["members"] = "\n".join(typed)
    return initial
