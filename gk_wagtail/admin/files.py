"""Documents published on their own: the admin screen where an editor makes a document public with no page.

Whoever may change a document may publish it on its own or withdraw it, as Wagtail's document
permissions allow, collection by collection; nobody needs a permission of this package's.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, UserColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.documents import get_permission_policy as get_document_permission_policy
from wagtail.permission_policies import BasePermissionPolicy

from gk_wagtail.files import DocumentPublication


class DocumentPublicationPermissionPolicy(BasePermissionPolicy):
    """Every action on a publication is changing its document, checked by Wagtail's document policy."""

    def __init__(self):
        super().__init__(DocumentPublication)
        self.documents = get_document_permission_policy()

    def user_has_permission(self, user, action):
        return self.documents.user_has_permission(user, "change")

    def users_with_any_permission(self, actions):
        return self.documents.users_with_permission("change")

    def user_has_permission_for_instance(self, user, action, instance):
        return self.documents.user_has_permission_for_instance(user, "change", instance.document)

    def instances_user_has_any_permission_for(self, user, actions):
        documents = self.documents.instances_user_has_permission_for(user, "change")
        return DocumentPublication.objects.filter(document__in=documents.values("pk"))

    def users_with_any_permission_for_instance(self, actions, instance):
        return self.documents.users_with_permission_for_instance("change", instance.document)


permission_policy = DocumentPublicationPermissionPolicy()


def own_publications(user):
    """The publications ``user`` may see and change: those of the documents they may change."""
    return permission_policy.instances_user_has_permission_for(user, "change")


class DocumentPublicationForm(WagtailAdminModelForm):
    """Offers only the documents the editor may change, and records who published."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            documents = permission_policy.documents.instances_user_has_permission_for(self.for_user, "change")
            self.fields["document"].queryset = documents

    def save(self, commit=True):
        if self.instance._state.adding and self.for_user is not None:
            self.instance.published_by = self.for_user
        return super().save(commit=commit)


class IndexView(generic.IndexView):
    def get_base_queryset(self):
        return own_publications(self.request.user).select_related("document", "published_by")


class EditView(generic.EditView):
    def get_queryset(self):
        return own_publications(self.request.user)


class DeleteView(generic.DeleteView):
    def get_queryset(self):
        return own_publications(self.request.user)


class DocumentPublicationViewSet(ModelViewSet):
    model = DocumentPublication
    icon = "doc-full"
    menu_label = _("Documents on their own")
    add_to_admin_menu = True
    # Right after Wagtail's Documents (400).
    menu_order = 401
    copy_view_enabled = False
    index_view_class = IndexView
    edit_view_class = EditView
    delete_view_class = DeleteView
    list_display = [
        Column("document", label=_("document")),
        "reason",
        UserColumn("published_by", label=_("published by")),
        DateColumn("published_at", label=_("published at")),
    ]
    search_fields = ["document__title", "reason"]
    edit_handler = ObjectList([FieldPanel("document"), FieldPanel("reason")], base_form_class=DocumentPublicationForm)
