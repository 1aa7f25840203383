"""Snippet choosers that obey the model's permission policy, as its index does.

Wagtail's stock chooser views (`choose/`, `choose/results/`, `chosen/<pk>/`, `chosen-multiple/`)
list every row of the model to anyone who can reach the admin. These list, and hand back, only
the instances the registered permission policy lets the user see
(`instances_user_has_any_permission_for`), and answer 404 to a user the policy gives no
permission at all, the same as for a missing object. Set `chooser_viewset_class =
PolicyScopedChooserViewSet` on a snippet viewset (or inherit `PolicyScopedSnippetViewSet`).
"""

from django.http import Http404
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views.snippets import SnippetViewSet

ACTIONS = ("view", "add", "change", "delete")


def _policy(model):
    return policy_registry.get_by_type(model)


def visible_instances(user, model):
    """The rows of `model` that `user` may see; none when the policy gives them nothing."""
    policy = _policy(model)
    if not policy.user_has_any_permission(user, ACTIONS):
        return model._default_manager.none()
    return policy.instances_user_has_any_permission_for(user, ACTIONS)


class _PolicyGate:
    """404 before any work for a user with no permission on the model at all."""

    def dispatch(self, request, *args, **kwargs):
        if not _policy(self.model_class).user_has_any_permission(request.user, ACTIONS):
            raise Http404("No such page.")
        return super().dispatch(request, *args, **kwargs)


class _ScopedList(_PolicyGate):
    def get_object_list(self):
        return visible_instances(self.request.user, self.model_class)


class ChooseView(_ScopedList, snippet_chooser.ChooseView):
    pass


class ChooseResultsView(_ScopedList, snippet_chooser.ChooseResultsView):
    pass


class ChosenView(_PolicyGate, snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        try:
            return visible_instances(self.request.user, self.model_class).get(pk=pk)
        except (ValueError, TypeError):
            raise Http404("No such object.") from None


class ChosenMultipleView(_PolicyGate, snippet_chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return visible_instances(self.request.user, self.model_class).filter(pk__in=pks)


class CreateView(_PolicyGate, snippet_chooser.SnippetCreateView):
    pass


class PolicyScopedChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView
    create_view_class = CreateView


class PolicyScopedSnippetViewSet(SnippetViewSet):
    """A snippet viewset whose chooser endpoints obey the same permission policy as its index."""

    chooser_viewset_class = PolicyScopedChooserViewSet
