"""What the API shows of coded values and registers, for sites that syndicate the pages.

Every coded value keeps its code (``"validity": "valid"``) and gains ``<field>_label`` in the
request's language (Chinese unless the client asks for another); every organization is an object
with its id, name, short name and 统一社会信用代码, so a portal can match it with its own register.
"""

from rest_framework import serializers
from wagtail.api import APIField


class ChoiceLabelField(serializers.Field):
    """The label of a choice field's value: ``APIField("validity_label", serializer=ChoiceLabelField("validity"))``."""

    def __init__(self, choice_field, **kwargs):
        self.choice_field = choice_field
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        if not getattr(instance, self.choice_field):
            return ""
        return str(getattr(instance, f"get_{self.choice_field}_display")())


def coded(name):
    """The API fields of choice field ``name``: its code as stored, then ``<name>_label``."""
    return [APIField(name), APIField(f"{name}_label", serializer=ChoiceLabelField(name))]


def organization_summary(organization):
    """An organization as the API shows it: id, name, short name and 统一社会信用代码 ("" when unknown)."""
    return {
        "id": organization.pk,
        "name": organization.name,
        "short_name": organization.short_name,
        "credit_code": organization.credit_code,
    }


class OrganizationField(serializers.Field):
    """A foreign key to an Organization, as ``organization_summary``; null when empty."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, organization):
        return organization_summary(organization)


class ThemeField(serializers.Field):
    """A foreign key to a Theme: id, name, code and the first-level heading it sits under."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, theme):
        parent = theme.parent
        return {
            "id": theme.pk,
            "name": theme.name,
            "code": theme.code,
            "parent": {"id": parent.pk, "name": parent.name, "code": parent.code} if parent else None,
        }
