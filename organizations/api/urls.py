from rest_framework.routers import SimpleRouter

from .views import (
    AdmissionYearViewSet,
    CellMeetingViewSet,
    CommitteeMemberViewSet,
    CongressViewSet,
    MembershipStructureViewSet,
    OrganizationSuccessionViewSet,
    OrganizationViewSet,
    QualityRatingViewSet,
    TermViewSet,
)

router = SimpleRouter()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("organization-successions", OrganizationSuccessionViewSet, basename="organization-succession")
router.register("terms", TermViewSet, basename="term")
router.register("congresses", CongressViewSet, basename="congress")
router.register("committee-members", CommitteeMemberViewSet, basename="committee-member")
router.register("quality-ratings", QualityRatingViewSet, basename="quality-rating")
router.register("cell-meetings", CellMeetingViewSet, basename="cell-meeting")
router.register("admissions", AdmissionYearViewSet, basename="admission")
router.register("membership-structures", MembershipStructureViewSet, basename="membership-structure")

urlpatterns = router.urls
