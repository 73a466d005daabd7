from __future__ import annotations

from django.dispatch import receiver
from django.http import HttpRequest
from django.test.signals import setting_changed
from django.urls import NoReverseMatch, Resolver404, get_urlconf, resolve, reverse
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.middleware import memberships_of
from accounts.roles import Role

VERSION = "0.1.0"

# (label, url name, icon, the path prefix that marks it active)
NAVIGATION = [
    (_("Dashboard"), "dashboard", "bi-speedometer2", None),
    (_("Orders"), "vps:list", "bi-hdd-rack", "/servers/"),
    (_("DNS"), "dns:list", "bi-globe2", "/dns/"),
    (_("Billing"), "billing:billing", "bi-wallet2", "/billing/"),
    (_("Team"), "accounts:team", "bi-people", "/team/"),
    (_("Audit"), "accounts:audit", "bi-journal-text", "/audit/"),
    (_("API"), "api:docs", "bi-braces", "/api/"),
]


def panel(request: HttpRequest) -> dict:
    context = {"version": VERSION, "navbar_key": None}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"panel": context}
    membership = getattr(request, "membership", None)
    path = request.path
    nav = [
        {
            "label": label,
            "url": url,
            "icon": icon,
            "active": path == url if prefix is None else path.startswith(prefix),
        }
        for label, url, icon, prefix in _entries(membership.role if membership else None)
    ]
    memberships = getattr(request, "memberships", None)
    if memberships is None:  # a page rendered before the team middleware ran
        memberships = memberships_of(user)
    context.update(
        {
            "nav": nav,
            "team": membership.team if membership else None,
            "role": membership.role if membership else None,
            "role_label": Role(membership.role).label if membership else "",
            "memberships": memberships,
            # Everything the header shows besides the language (includes/navbar.html keeps it
            # rendered per member, team and menu; {% fragment %}).
            "navbar_key": (
                get_urlconf(),
                user.pk,
                user.get_username(),
                membership.team.name if membership else None,
                membership.team_id if membership else None,
                membership.role if membership else None,
                tuple(item["active"] for item in nav),
                tuple((m.team_id, m.team.name, m.role) for m in memberships),
            ),
        }
    )
    return {"panel": context}


def _entries(role: str | None) -> list[tuple]:
    """The menu's entries for a role: (label, url, icon, prefix). The same for every request of
    the URLconf (kept per URLconf and role; the settings' test overrides change the URLconf)."""
    key = (get_urlconf(), role)
    found = _menus.get(key)
    if found is None:
        found = []
        for label, name, icon, prefix in NAVIGATION:
            try:
                url = reverse(name)
            except NoReverseMatch:  # a section not installed yet is simply not shown
                continue
            if role is not None and not _allowed(url, role):
                continue  # an entry that would answer 403 is not offered
            found.append((label, url, icon, prefix))
        _menus[key] = found
    return found


_menus: dict[tuple, list[tuple]] = {}


@receiver(setting_changed)
def _urls_changed(setting: str, **kwargs) -> None:
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _menus.clear()


def _allowed(url: str, role: str | None) -> bool:
    """The menu follows the role table: a team page whose action the role lacks is left out."""
    try:
        view = resolve(url).func
    except Resolver404:
        return False
    action = getattr(view, "action", None)
    if getattr(view, "access", None) != "team" or action is None:
        return True
    return role is not None and roles.can(role, action)
