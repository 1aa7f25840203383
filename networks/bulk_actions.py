"""Bulk actions of the contact listing (add to network, add to static segment, tag, archive) and
the suppression list's delete."""

from django import forms
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from core.roles import is_coordinator

from . import actions
from .models import Contact, Network, Segment, Suppression
from .permissions import contacts_for_user


class ContactBulkAction(SnippetBulkAction):
    """Only contacts the user may see are acted on, including for "select all"."""

    template_name = "networks/admin/bulk_action.html"
    models = [Contact]
    coordinator_only = False

    def get_all_objects_in_listing_query(self, parent_id):
        return contacts_for_user(self.request.user).values_list("pk", flat=True)

    @classmethod
    def get_queryset(cls, model, object_ids):
        return Contact.objects.filter(pk__in=list(object_ids))

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        visible = set(
            contacts_for_user(self.request.user)
            .filter(pk__in=[o.pk for o in objects])
            .values_list("pk", flat=True)
        )
        return [o for o in objects if o.pk in visible], extra

    def check_perm(self, obj):
        if self.coordinator_only:
            return is_coordinator(self.request.user)
        return self.permission_policy.user_has_permission(self.request.user, "change")

    def get_execution_context(self):
        return {"user": self.request.user, "form": self.cleaned_form}


class AddToNetworkForm(forms.Form):
    network = forms.ModelChoiceField(Network.objects.all())
    role = forms.CharField(required=False, max_length=100, help_text="e.g. member, chair")


class AddToNetworkBulkAction(ContactBulkAction):
    display_name = "Add to network"
    action_type = "add_to_network"
    aria_label = "Add the selected contacts to a network"
    action_priority = 22
    form_class = AddToNetworkForm
    coordinator_only = True

    @classmethod
    def execute_action(cls, objects, user=None, form=None, **kwargs):
        data = form.cleaned_data
        count = actions.add_contacts_to_network(objects, data["network"], user, data["role"])
        return count, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} contact(s) added to the network."


class AddToSegmentForm(forms.Form):
    segment = forms.ModelChoiceField(Segment.objects.all(), label="Static segment")


class AddToSegmentBulkAction(ContactBulkAction):
    display_name = "Add to segment"
    action_type = "add_to_segment"
    aria_label = "Add the selected contacts to a segment"
    action_priority = 25
    form_class = AddToSegmentForm
    coordinator_only = True

    @classmethod
    def execute_action(cls, objects, user=None, form=None, **kwargs):
        return actions.add_contacts_to_segment(objects, form.cleaned_data["segment"], user), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} contact(s) added to the segment."


class TagForm(forms.Form):
    tags = forms.CharField(help_text="Comma-separated.", max_length=200)


class TagBulkAction(ContactBulkAction):
    display_name = "Tag"
    action_type = "tag"
    aria_label = "Tag the selected contacts"
    action_priority = 20
    form_class = TagForm

    @classmethod
    def execute_action(cls, objects, user=None, form=None, **kwargs):
        tags = form.cleaned_data["tags"].split(",")
        return actions.tag_contacts(objects, tags, user), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} contact(s) tagged."


class ArchiveBulkAction(ContactBulkAction):
    display_name = "Archive"
    action_type = "archive"
    aria_label = "Archive the selected contacts"
    # First in the footer: archiving (reversible) is how contacts leave use. Wagtail's generic
    # "Delete" (priority 30) sorts after these four, under "More", and the contact permission
    # policy refuses it to everyone: erasure on request is the contact's own "Erase" screen.
    action_priority = 10

    @classmethod
    def execute_action(cls, objects, user=None, form=None, **kwargs):
        return actions.archive_contacts(objects, user), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} contact(s) archived."


class SuppressionDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk "Delete" for the suppression list, each address removed through
    `unsuppress_address` (Wagtail's own deletes the rows with no log entry)."""

    models = [Suppression]

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return sum(actions.unsuppress_address(s, user=user) for s in objects), 0


BULK_ACTIONS = [
    AddToNetworkBulkAction,
    AddToSegmentBulkAction,
    TagBulkAction,
    ArchiveBulkAction,
    SuppressionDeleteBulkAction,
]
