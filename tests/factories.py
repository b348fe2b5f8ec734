"""Factories for the foundation models. Each app's tests keep their own
factories in tests/<app>/factories.py and build on these."""
import factory

from organizations.choices import OrganizationKind, Role
from organizations.models import Organization, User


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Đảng ủy cơ sở số {n}")
    code = factory.Sequence(lambda n: f"org-{n}")
    kind = OrganizationKind.GRASSROOTS_COMMITTEE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.INSPECTOR
    password = factory.django.Password("pw")

    @factory.post_generation
    def organizations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organizations.set(extracted)
