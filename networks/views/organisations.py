"""The coordinator's screen of typed organisation names that are not linked yet: link each
group to an organisation (optionally remembering the name as an alias) or create one, in bulk."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .. import actions
from ..models import Organisation, Sector
from ..organisations import OrganisationMatcher, unmatched_names
from ..permissions import require_coordinator

NEW = "new"


def _decisions(post, groups, organisations):
    """(group, choice, sector, save_alias) for each row the coordinator decided; the rows are
    named by their normal form, so a group that changed since the page was drawn is skipped."""
    by_key = {group.key: group for group in groups}
    sectors = set(Sector.values)
    for i in range(len(post.getlist("key"))):
        group = by_key.get(post.getlist("key")[i])
        choice = post.get(f"choice_{i}", "")
        if group is None or not choice:
            continue
        if choice != NEW and choice not in organisations:
            continue
        sector = post.get(f"sector_{i}", Sector.OTHER)
        yield (
            group,
            choice,
            sector if sector in sectors else Sector.OTHER,
            post.get(f"alias_{i}") == "1",
        )


@require_http_methods(["GET", "POST"])
def unmatched(request):
    require_coordinator(request.user)
    matcher = OrganisationMatcher()
    groups = unmatched_names(matcher)
    organisations = {str(o.pk): o for o in Organisation.objects.all()}
    if request.method == "POST":
        linked = created = 0
        try:
            with transaction.atomic():
                for group, choice, sector, save_alias in _decisions(
                    request.POST, groups, organisations
                ):
                    if choice == NEW:
                        _, count = actions.create_organisation_from_name(
                            group.label, sector=sector, user=request.user
                        )
                        created += 1
                    else:
                        count = actions.link_organisation_name(
                            group.label,
                            organisations[choice],
                            save_alias=save_alias,
                            user=request.user,
                        )
                    linked += count
        except actions.OrganisationNameRefused as exc:
            messages.error(request, f"Nothing was changed: {exc}")
        else:
            if linked or created:
                messages.success(
                    request,
                    f"Linked {linked} contact{'' if linked == 1 else 's'}"
                    + (f"; created {created} organisation(s)." if created else "."),
                )
            else:
                messages.warning(request, "Choose what to do with at least one name.")
        return redirect("networks_admin:unmatched_organisations")
    rows = []
    for i, group in enumerate(groups):
        suggested = {str(s.organisation_id) for s in group.suggestions}
        rows.append(
            {
                "i": i,
                "group": group,
                "others": [o for pk, o in organisations.items() if pk not in suggested],
            }
        )
    return render(
        request,
        "networks/admin/unmatched_organisations.html",
        {"rows": rows, "sectors": Sector.choices, "new": NEW},
    )
