"""The coordinator's Staff accounts screen (Wagtail admin, /admin/accounts/): who has an account,
in which role, when they last signed in, whether they set up two-factor; invite, change role,
deactivate, reset two-factor, resend or cancel an invitation. Views parse input and call
`accounts.actions`; every view answers 404 to anyone but a coordinator signed in with two-factor
(`accounts.access`)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton

from core import idempotency
from sending.models import Delivery

from .. import actions
from ..access import (
    account_role,
    can_manage_accounts,
    get_account_for_user,
    get_invitation_for_user,
    require_account_manager,
    staff_accounts,
)
from ..forms import InviteForm, RoleFields
from ..models import Invitation


class ManagersOnly:
    """Generic views of this screen: 404 for anyone but a coordinator with two-factor."""

    permission_policy = None
    any_permission_required = None

    def dispatch(self, request, *args, **kwargs):
        require_account_manager(request.user)
        return super().dispatch(request, *args, **kwargs)

    def user_has_permission(self, permission):
        return can_manage_accounts(self.request.user)


def _two_factor(account) -> str:
    return "Set up" if account.has_two_factor else "Not set up"


def _role_label(account) -> str:
    role = account_role(account)
    return role.label if role else "No role"


class AccountIndexView(ManagersOnly, generic.IndexView):
    model = get_user_model()
    page_title = "Staff accounts"
    header_icon = "user"
    index_url_name = "accounts_admin:index"
    index_results_url_name = "accounts_admin:index_results"
    add_url_name = "accounts_admin:invite"
    add_item_label = "Invite someone"
    default_ordering = "email"
    columns = [
        TitleColumn(
            "name",
            label="Name",
            accessor=lambda a: a.get_full_name() or a.get_username(),
            url_name="accounts_admin:account",
        ),
        Column("email", label="Email"),
        Column("role", label="Role", accessor=_role_label),
        DateColumn("last_login", label="Last sign-in"),
        Column("two_factor", label="Two-factor", accessor=_two_factor),
        Column(
            "active", label="Status", accessor=lambda a: "Active" if a.is_active else "Deactivated"
        ),
    ]

    def get_base_queryset(self):
        return staff_accounts()

    @cached_property
    def header_buttons(self):
        invitations = HeaderButton(
            "Invitations", url=reverse("accounts_admin:invitations"), icon_name="mail"
        )
        return [*super().header_buttons, invitations]


class InvitationIndexView(ManagersOnly, generic.IndexView):
    model = Invitation
    page_title = "Invitations"
    header_icon = "mail"
    index_url_name = "accounts_admin:invitations"
    index_results_url_name = "accounts_admin:invitations_results"
    add_url_name = "accounts_admin:invite"
    add_item_label = "Invite someone"
    default_ordering = "-created_at"
    columns = [
        TitleColumn("email", label="Email", url_name="accounts_admin:invitation"),
        Column("role", label="Role", accessor="role_label"),
        Column("state", label="State", accessor="get_state_display"),
        Column(
            "email_state",
            label="Email",
            accessor=lambda i: _email_state(last_delivery(i)),
        ),
        DateColumn("created_at", label="Invited"),
        DateColumn("expires_at", label="Link expires"),
    ]

    def get_base_queryset(self):
        return Invitation.objects.all()


def last_delivery(invitation):
    """The engine's row of the invitation's last email (its state: queued, sent, failed...)."""
    if invitation.last_delivery_id is None:
        return None
    return Delivery.objects.filter(pk=invitation.last_delivery_id).first()


def _email_state(delivery) -> str:
    return delivery.get_state_display() if delivery else "—"


def _districts(data):
    return data.get("districts") or []


def invite(request):
    require_account_manager(request.user)
    if request.method == "POST":
        form = InviteForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                invitation, created = actions.invite_staff(
                    email=data["email"],
                    first_name=data["first_name"],
                    role=data["role"],
                    districts=_districts(data),
                    invited_by=request.user,
                    key=data["idempotency_key"],
                )
            except actions.AccountError as exc:
                form.add_error(None, str(exc))
            else:
                if created:
                    messages.success(request, f"Invitation sent to {invitation.email}.")
                return redirect("accounts_admin:invitation", invitation.pk)
    else:
        form = InviteForm(initial={"idempotency_key": idempotency.new_key()})
    return render(
        request,
        "accounts/admin/invite.html",
        {"form": form, "page_title": "Invite someone", "header_icon": "mail"},
    )


def invitation(request, pk):
    item = get_invitation_for_user(request.user, pk)
    return render(
        request,
        "accounts/admin/invitation.html",
        {
            "invitation": item,
            "delivery": last_delivery(item),
            "page_title": f"Invitation: {item.email}",
            "header_icon": "mail",
        },
    )


@require_POST
def invitation_action(request, pk, verb):
    item = get_invitation_for_user(request.user, pk)
    do = {"resend": actions.resend_invitation, "cancel": actions.cancel_invitation}.get(verb)
    if do is None:
        raise Http404("Not found.")
    try:
        do(item, user=request.user)
    except actions.AccountError as exc:
        messages.error(request, str(exc))
    else:
        done = "sent again with a new link" if verb == "resend" else "cancelled"
        messages.success(request, f"Invitation to {item.email} {done}.")
    return redirect("accounts_admin:invitation", item.pk)


def account(request, pk):
    target = get_account_for_user(request.user, pk)
    role = account_role(target)
    if request.method == "POST":
        form = RoleFields(request.POST)
        if form.is_valid():
            try:
                actions.change_role(
                    target,
                    form.cleaned_data["role"],
                    _districts(form.cleaned_data),
                    user=request.user,
                )
            except actions.AccountError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Role of {target.email} changed.")
                return redirect("accounts_admin:account", target.pk)
    else:
        form = RoleFields(initial={"role": role.key if role else "", "districts": _scope(target)})
    return render(
        request,
        "accounts/admin/account.html",
        {
            "account": target,
            "role": role,
            "form": form,
            "page_title": f"Staff account: {target.get_full_name() or target.get_username()}",
            "header_icon": "user",
            "is_self": target.pk == request.user.pk,
        },
    )


def _scope(target):
    for scope in ("directory_scope", "responder_scope"):
        row = getattr(target, scope, None)
        if row is not None:
            return list(row.districts.all())
    return []


@require_POST
def account_action(request, pk, verb):
    target = get_account_for_user(request.user, pk)
    do = {
        "deactivate": (actions.deactivate_account, "deactivated"),
        "reactivate": (actions.reactivate_account, "reactivated"),
        "reset-two-factor": (actions.reset_two_factor, "has no two-factor device now"),
    }.get(verb)
    if do is None:
        raise Http404("Not found.")
    try:
        do[0](target, user=request.user)
    except actions.AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{target.email} {do[1]}.")
    return redirect(reverse("accounts_admin:account", args=[target.pk]))
