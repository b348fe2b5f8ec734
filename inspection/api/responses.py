"""The shapes of answers the views build by hand, for the schema."""
from rest_framework import serializers


class NextNumberSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="The next free number for the issuer, type and term.")
    number_display = serializers.CharField(help_text="As written on the document, e.g. 05-TB/TU.")


class RecurringLimitationSerializer(serializers.Serializer):
    topic = serializers.CharField(help_text="Topic code.")
    topic_name = serializers.CharField()
    tag = serializers.CharField(help_text="Tag slug.")
    tag_name = serializers.CharField()
    organizations = serializers.IntegerField(help_text="Organizations where it was found.")
    years = serializers.IntegerField(help_text="Years in which it was found.")
    findings = serializers.IntegerField()
