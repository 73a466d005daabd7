"""The audit history in words: each event's action as a sentence in the reader's language, and
its details as labelled fields. The stored event keeps its action code and detail dictionary (the
CSV export and the API show those); only the page reads them through here.

The actor has a column of their own, so a sentence names what was done and to what, without a
subject (which also spares the Russian sentences the actor's grammatical gender).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fornexpanel.core import formats

# Action code -> sentence; %(target)s is the object's name, where the event has one.
SENTENCES = {
    "connection.switch": gettext_lazy("Switched the Fornex connection %(target)s to the v2 API"),
    "dns.domain.tags": gettext_lazy("Changed the tags of the domain %(target)s"),
    "operation.end": gettext_lazy("Ended the stuck job %(target)s by hand"),
    "order.label": gettext_lazy("Renamed or retagged the order %(target)s"),
    "private_network.create": gettext_lazy("Created a private network"),
    "private_network.delete": gettext_lazy("Deleted the private network %(target)s"),
    "project.add_orders": gettext_lazy("Added orders to the project %(target)s"),
    "project.remove_orders": gettext_lazy("Removed orders from the project %(target)s"),
    "project.create": gettext_lazy("Created the project %(target)s"),
    "project.delete": gettext_lazy("Deleted the project %(target)s"),
    "project.logo": gettext_lazy("Changed the logo of the project %(target)s"),
    "project.update": gettext_lazy("Renamed the project %(target)s"),
    "s3.credentials.reveal": gettext_lazy("Revealed the keys of the S3 storage %(target)s"),
    "s3.notification_threshold": gettext_lazy(
        "Set the low-space threshold of the S3 storage %(target)s"
    ),
    "vps.order": gettext_lazy("Ordered the server %(target)s"),
    "vps.private_network": gettext_lazy("Switched private networking of %(target)s"),
    "access.denied": gettext_lazy("Was refused an action their role does not allow"),
    "alert.raise": gettext_lazy("An alert was raised for %(target)s"),
    "alerts.settings": gettext_lazy("Changed the alert settings"),
    "api.call": gettext_lazy("Called the API with the token %(target)s"),
    "api_token.create": gettext_lazy("Created the API token %(target)s"),
    "api_token.revoke": gettext_lazy("Revoked the API token %(target)s"),
    "auth.lockout": gettext_lazy("Sign-in was locked after too many failed attempts"),
    "auth.login": gettext_lazy("Signed in"),
    "auth.login_failed": gettext_lazy("Failed to sign in"),
    "auth.logout": gettext_lazy("Signed out"),
    "auth.password_change": gettext_lazy("Changed their password"),
    "auth.password_reset": gettext_lazy("Set a new password through a reset link"),
    "auth.password_reset_request": gettext_lazy("Asked for a password reset link"),
    "auth.reauthenticate": gettext_lazy("Confirmed it was them"),
    "auth.session_end": gettext_lazy("Ended sessions"),
    "auth.session_verify": gettext_lazy("Verified a session with a two-factor code"),
    "auth.two_factor_failed": gettext_lazy("Entered a wrong two-factor code"),
    "auth.unlock": gettext_lazy("Unlocked sign-in for %(target)s"),
    "connection.create": gettext_lazy("Added the Fornex connection %(target)s"),
    "connection.delete": gettext_lazy("Removed the Fornex connection %(target)s"),
    "connection.test": gettext_lazy("Tested the Fornex connection %(target)s"),
    "connection.update": gettext_lazy("Changed the Fornex connection %(target)s"),
    "dns.domain.add": gettext_lazy("Added the domain %(target)s"),
    "dns.domain.delete": gettext_lazy("Deleted the domain %(target)s"),
    "dns.plan.discard": gettext_lazy("Discarded the staged DNS changes of %(target)s"),
    "dns.plan.stage": gettext_lazy("Staged a DNS change in %(target)s"),
    "dns.plan.unstage": gettext_lazy("Took back a staged DNS change in %(target)s"),
    "dns.plan_apply": gettext_lazy("Applied the staged DNS changes of %(target)s"),
    "dns.record.add": gettext_lazy("Added a DNS record to %(target)s"),
    "dns.record.delete": gettext_lazy("Deleted a DNS record of %(target)s"),
    "dns.record.update": gettext_lazy("Changed a DNS record of %(target)s"),
    "domain.nameservers": gettext_lazy("Changed the name servers of %(target)s"),
    "invitation.accept": gettext_lazy("Accepted an invitation to the team"),
    "invitation.create": gettext_lazy("Invited %(target)s to the team"),
    "invitation.revoke": gettext_lazy("Revoked the invitation of %(target)s"),
    "member.leave": gettext_lazy("Left the team"),
    "member.remove": gettext_lazy("Removed %(target)s from the team"),
    "member.role_change": gettext_lazy("Changed the role of %(target)s"),
    "order.cancel": gettext_lazy("Asked Fornex to cancel the order %(target)s"),
    "order.cancel_unset": gettext_lazy("Withdrew the cancellation of the order %(target)s"),
    "ssh_key.add": gettext_lazy("Added the SSH key %(target)s"),
    "ssh_key.attach": gettext_lazy("Attached an SSH key to %(target)s"),
    "ssh_key.delete": gettext_lazy("Deleted the SSH key %(target)s"),
    "ssh_key.detach": gettext_lazy("Detached an SSH key from %(target)s"),
    "team.create": gettext_lazy("Created the team %(target)s"),
    "team.delete": gettext_lazy("Deleted the team %(target)s"),
    "team.update": gettext_lazy("Changed the team's settings"),
    "ticket.create": gettext_lazy("Opened a support ticket"),
    "two_factor.disable": gettext_lazy("Turned two-factor sign-in off"),
    "two_factor.enable": gettext_lazy("Turned two-factor sign-in on"),
    "two_factor.recovery_codes": gettext_lazy("Made new recovery codes"),
    "user.create": gettext_lazy("Created an account"),
    "user.update": gettext_lazy("Changed their profile"),
    "vpn.config": gettext_lazy("Downloaded a VPN configuration of %(target)s"),
    "vps.hard_reset": gettext_lazy("Hard-reset the server %(target)s"),
    "vps.password_reset": gettext_lazy("Reset the root password of %(target)s"),
    "vps.reinstall": gettext_lazy("Reinstalled the server %(target)s"),
    "vps.rescue_start": gettext_lazy("Started rescue mode on %(target)s"),
    "vps.rescue_stop": gettext_lazy("Stopped rescue mode on %(target)s"),
    "vps.restart": gettext_lazy("Restarted the server %(target)s"),
    "vps.start": gettext_lazy("Started the server %(target)s"),
    "vps.stop": gettext_lazy("Stopped the server %(target)s"),
    "webhook.clear": gettext_lazy("Removed the ticket webhook of %(target)s"),
    "webhook.set": gettext_lazy("Set the ticket webhook of %(target)s"),
}

# Detail key -> label. A key not listed here is shown with its underscores as spaces.
LABELS = {
    "after": gettext_lazy("After"),
    "already_member": gettext_lazy("Already a member"),
    "attempted": gettext_lazy("Attempted"),
    "attempts_cleared": gettext_lazy("Attempts cleared"),
    "before": gettext_lazy("Before"),
    "changed": gettext_lazy("Changed"),
    "dialect": gettext_lazy("API dialect"),
    "error": gettext_lazy("Error"),
    "expires_at": gettext_lazy("Expires"),
    "ip": gettext_lazy("IP address"),
    "key_hint": gettext_lazy("Key"),
    "kind": gettext_lazy("Kind"),
    "message": gettext_lazy("Message"),
    "nameservers": gettext_lazy("Name servers"),
    "needed": gettext_lazy("Role needed"),
    "owner": gettext_lazy("Owner"),
    "panel": gettext_lazy("Through the panel"),
    "params": gettext_lazy("Parameters"),
    "proto": gettext_lazy("Protocol"),
    "retry_of": gettext_lazy("Retry of"),
    "role": gettext_lazy("Role"),
    "sessions_ended": gettext_lazy("Sessions ended"),
    "staged_changes_dropped": gettext_lazy("Staged changes dropped"),
    "subject": gettext_lazy("Subject"),
    "two_factor": gettext_lazy("Two-factor"),
    "with": gettext_lazy("With"),
}


@dataclass(frozen=True)
class Field:
    label: str
    value: str


def sentence(action: str, target: str = "") -> str:
    """The event's action as a sentence in the current language."""
    template = SENTENCES.get(action)
    if template is None:
        # An action this table does not know yet: its code, readable, never a blank.
        return action.replace("_", " ").replace(".", ": ", 1)
    text = str(template)
    if "%(target)s" in text:
        return text % {"target": target or "—"}
    return text


def _value(value: Any) -> str:
    from accounts.roles import Role

    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if value is None or value == "":
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(_value(item) for item in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{_label(key)}: {_value(item)}" for key, item in value.items())
    if isinstance(value, str) and value in Role.values:
        return str(Role(value).label)
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        return formats.moment(value)
    return str(value)


def _label(key: str) -> str:
    label = LABELS.get(key)
    return str(label) if label is not None else key.replace("_", " ").capitalize()


def fields(detail: dict | None) -> list[Field]:
    """The event's details as labelled fields, in the order they were recorded."""
    return [Field(_label(key), _value(value)) for key, value in (detail or {}).items()]
