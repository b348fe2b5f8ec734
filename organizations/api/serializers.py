from rest_framework import serializers

from ..models import Organization, OrganizationSuccession


class OrganizationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "code", "name", "short_name", "kind"]


class ScopedOrganizationField(serializers.PrimaryKeyRelatedField):
    """An organization chosen by id, among those in the requesting user's scope."""

    def get_queryset(self):
        request = self.context.get("request")
        return Organization.objects.for_user(request.user if request else None)


class OrganizationSerializer(serializers.ModelSerializer):
    parent = ScopedOrganizationField(allow_null=True, required=False)
    parent_detail = OrganizationBriefSerializer(source="parent", read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = Organization
        fields = [
            "id", "code", "name", "short_name", "kind", "level", "grassroots_type", "has_government",
            "parent", "parent_detail", "depth", "valid_from", "valid_to", "is_active", "issuer_code", "notes",
        ]
        read_only_fields = ["level", "depth"]


class OrganizationSuccessionSerializer(serializers.ModelSerializer):
    predecessor = OrganizationBriefSerializer(read_only=True)
    successor = OrganizationBriefSerializer(read_only=True)

    class Meta:
        model = OrganizationSuccession
        fields = ["id", "predecessor", "successor", "kind", "effective_date", "basis"]
