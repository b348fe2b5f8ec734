"""Models of the organizations app: the tree (tree.py) and the yearly records
inspections examine. Import from here: `from organizations.models import X`."""
from .admissions import AdmissionYear, MembershipStructure
from .committees import CommitteeMember, Congress
from .meetings import CellMeeting
from .ratings import MemberRating, QualityRating
from .tree import Organization, OrganizationQuerySet, OrganizationSuccession, Term, TermQuerySet, User

__all__ = [
    "AdmissionYear", "CellMeeting", "CommitteeMember", "Congress", "MemberRating", "MembershipStructure",
    "Organization", "OrganizationQuerySet", "OrganizationSuccession", "QualityRating", "Term", "TermQuerySet",
    "User",
]
