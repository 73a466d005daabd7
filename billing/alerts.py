"""Alerts: checking a team's conditions and telling its admins and owners, once per condition.

A condition is (team, kind, subject). When a check finds it holding and no active alert exists,
one is raised; while it keeps holding nothing more happens; when a check sees it no longer
holds, the alert is cleared, and a later return raises (and emails) a new one. The database
keeps at most one active alert per condition (a partial unique index), so two checks running
at the same time raise it once; the email is claimed with a conditional update, so it is sent
once. Where Fornex could not be read, the alerts that depend on it are left as they are: no
data is not good news.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.audit import audit_record
from accounts.models import Connection, Membership, Team
from accounts.roles import Role
from billing import figures, selectors
from billing.models import Alert, AlertSettings
from fornexpanel.core import formats
from fornexpanel.gateway import Fetched
from operations.models import Operation
from vps import selectors as vps_selectors

log = logging.getLogger(__name__)
Kind = Alert.Kind

FAILED_OPERATIONS_WINDOW = timedelta(hours=24)
# A claim on an email older than this belongs to a worker that died while sending.
EMAIL_CLAIM_TIMEOUT = timedelta(minutes=10)
CONNECTION_KINDS = (Kind.BALANCE_LOW, Kind.RUNWAY_SHORT, Kind.ORDER_EXPIRING)


@dataclass
class Findings:
    """What one check saw: conditions holding, and which (kind, connection) it could judge."""

    holding: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    # (kind, connection pk or None): only alerts in a judged scope may be cleared.
    judged: set[tuple[str, int | None]] = field(default_factory=set)

    def hold(self, kind: str, subject: str, connection: Connection | None, /, **detail) -> None:
        self.holding[(kind, subject)] = {"connection": connection, "detail": detail}


def _check_connection(findings: Findings, rules: AlertSettings, connection: Connection) -> None:
    # Balance and orders only: the invoices are not needed to judge anything here.
    summary = selectors.ConnectionSummary(
        connection=connection,
        balance=selectors.balance(connection),
        invoices=Fetched(None, None),
        orders=vps_selectors.orders(connection),
    )
    subject = str(connection.pk)
    if summary.balance.ok and not summary.balance.stale:
        findings.judged.add((Kind.BALANCE_LOW, connection.pk))
        amount = summary.balance.data.amount
        if rules.balance_below is not None and amount < rules.balance_below:
            findings.hold(
                Kind.BALANCE_LOW,
                subject,
                connection,
                balance=str(amount),
                threshold=str(rules.balance_below),
                currency=summary.currency,
            )
    fresh_orders = summary.orders.ok and not summary.orders.stale
    if fresh_orders and summary.balance.ok and not summary.balance.stale:
        findings.judged.add((Kind.RUNWAY_SHORT, connection.pk))
        runway = summary.runway
        limit = rules.runway_below_days
        if limit is not None and runway is not None and runway < limit:
            findings.hold(
                Kind.RUNWAY_SHORT,
                subject,
                connection,
                runway=str(runway),
                threshold=limit,
                balance=str(summary.balance.data.amount),
                spend=str(summary.spend),
                currency=summary.currency,
            )
    if fresh_orders:
        findings.judged.add((Kind.ORDER_EXPIRING, connection.pk))
        if rules.expiring_within_days is not None:
            for item in figures.expiring_orders(
                summary.orders.data, within_days=rules.expiring_within_days
            ):
                order = item.order
                findings.hold(
                    Kind.ORDER_EXPIRING,
                    f"{connection.pk}:{order.id}",
                    connection,
                    order=order.id,
                    name=order.name or order.hostname or order.id,
                    type=order.type,
                    expires=item.expires_at.isoformat(),
                    threshold=rules.expiring_within_days,
                )


def _check_operations(findings: Findings, rules: AlertSettings, team: Team) -> None:
    findings.judged.add((Kind.OPERATION_FAILED, None))
    if not rules.failed_operations:
        return
    since = timezone.now() - FAILED_OPERATIONS_WINDOW
    failed = (
        Operation.objects.filter(
            team=team,
            state__in=(Operation.State.FAILED, Operation.State.UNKNOWN),
            finished_at__gte=since,
        )
        .select_related("connection")
        .order_by("pk")
    )
    batches: dict[str, list[Operation]] = defaultdict(list)
    for op in failed:
        if op.batch is not None:
            batches[str(op.batch)].append(op)
            continue
        findings.hold(
            Kind.OPERATION_FAILED,
            str(op.pk),
            op.connection,
            operation=op.pk,
            kind=op.kind,
            target=op.target_label or op.target_id,
            state=op.state,
        )
    for batch, ops in batches.items():
        # A bulk action is one condition, one email, however many of its servers failed.
        first = ops[0]
        findings.hold(
            Kind.OPERATION_FAILED,
            f"batch:{batch}",
            first.connection if len({op.connection_id for op in ops}) == 1 else None,
            operation=first.pk,
            batch=batch,
            count=len(ops),
            kind=first.kind,
            targets=", ".join(op.target_label or op.target_id for op in ops[:10])
            + (" …" if len(ops) > 10 else ""),
        )


def _in_judged_scope(alert: Alert, findings: Findings) -> bool:
    if alert.kind == Kind.OPERATION_FAILED:
        return (alert.kind, None) in findings.judged
    if alert.connection_id is None:
        return True  # its connection was removed: nothing left to watch
    return (alert.kind, alert.connection_id) in findings.judged


def _raise(team: Team, kind: str, subject: str, found: dict[str, Any]) -> Alert | None:
    connection = found["connection"]
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                team=team, connection=connection, kind=kind, subject=subject, detail=found["detail"]
            )
            audit_record(
                action="alert.raise",
                actor=None,
                actor_name="panel",
                team=team,
                target_type="alert",
                target_id=str(alert.pk),
                target_label=describe(alert),
                detail={"kind": kind, "subject": subject},
            )
    except IntegrityError:
        # Another check raised it a moment ago: one alert, one email.
        return None
    return alert


def alerts_check_team(team: Team) -> list[Alert]:
    """Raise the conditions that started holding, clear those that stopped. Returns new ones."""
    rules, _created = AlertSettings.objects.get_or_create(team=team)
    findings = Findings()
    for connection in Connection.objects.filter(team=team):
        _check_connection(findings, rules, connection)
    _check_operations(findings, rules, team)

    active = {(alert.kind, alert.subject): alert for alert in selectors.active_alerts(team)}
    now = timezone.now()
    for key, alert in active.items():
        if key not in findings.holding and _in_judged_scope(alert, findings):
            # Conditional: a concurrent check may have cleared it already.
            Alert.objects.filter(pk=alert.pk, cleared_at__isnull=True).update(cleared_at=now)
    raised = []
    for (kind, subject), found in findings.holding.items():
        if (kind, subject) not in active:
            alert = _raise(team, kind, subject, found)
            if alert is not None:
                raised.append(alert)
    AlertSettings.objects.filter(pk=rules.pk).update(checked_at=timezone.now())
    return raised


def recipients(team: Team) -> list:
    memberships = Membership.objects.filter(
        team=team, role__in=(Role.ADMIN, Role.OWNER), user__is_active=True
    ).select_related("user")
    return [m.user for m in memberships if m.user.email]


def describe(alert: Alert) -> str:
    """One line about the alert, in the active language."""
    # A figure missing from an older row reads "?" rather than failing the page or the email.
    d = defaultdict(lambda: "?", alert.detail or {})
    if alert.kind == Kind.BALANCE_LOW:
        return _("Balance %(balance)s is under %(threshold)s.") % {
            "balance": formats.money(d["balance"], d["currency"]),
            "threshold": formats.money(d["threshold"], d["currency"]),
        }
    if alert.kind == Kind.RUNWAY_SHORT:
        # Whole days, as the runway card shows them: one figure for one thing.
        try:
            days = int(Decimal(d["runway"]))
        except (ArithmeticError, ValueError, TypeError):
            days = None
        if days is None:
            return _(
                "The balance lasts about %(runway)s days at %(spend)s a month "
                "(alert under %(threshold)s days)."
            ) % {
                **d,
                "runway": formats.number(d["runway"]),
                "spend": formats.money(d["spend"], d["currency"]),
            }
        return ngettext(
            "The balance lasts about %(days)s day at %(spend)s a month "
            "(alert under %(threshold)s days).",
            "The balance lasts about %(days)s days at %(spend)s a month "
            "(alert under %(threshold)s days).",
            days,
        ) % {
            **d,
            "days": formats.number(days, 0),
            "threshold": formats.number(d["threshold"], 0),
            "spend": formats.money(d["spend"], d["currency"]),
        }
    if alert.kind == Kind.ORDER_EXPIRING:
        expires = _parse(d.get("expires"))
        values = defaultdict(lambda: "?", d)
        # The reader's day, as the tables show it.
        values["date"] = formats.day(expires) if expires else "?"
        if expires is not None and formats.aware(expires) < alert.raised_at:
            return _("Order %(name)s (%(order)s) expired on %(date)s.") % values
        return _("Order %(name)s (%(order)s) expires on %(date)s.") % values
    if alert.kind == Kind.OPERATION_FAILED and "batch" in d:
        return (
            ngettext(
                "%(count)d operation of a bulk %(kind)s failed or ended unknown: %(targets)s.",
                "%(count)d operations of a bulk %(kind)s failed or ended unknown: %(targets)s.",
                int(d["count"]) if str(d["count"]).isdigit() else 0,
            )
            % d
        )
    if alert.kind == Kind.OPERATION_FAILED:
        return _("Operation #%(operation)s (%(kind)s on %(target)s) ended: %(state)s.") % d
    return alert.get_kind_display()


def _parse(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def _claim_email(alert_id: int) -> bool:
    now = timezone.now()
    claimed = (
        Alert.objects.filter(pk=alert_id, emailed_at__isnull=True, cleared_at__isnull=True)
        .filter(
            Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - EMAIL_CLAIM_TIMEOUT)
        )
        .update(email_claimed_at=now)
    )
    return claimed == 1


def alert_notify(alert_id: int) -> bool:
    """Email the alert to the team's admins and owners, unless someone already did (or is)."""
    if not _claim_email(alert_id):
        return False
    alert = Alert.objects.select_related("team", "connection").get(pk=alert_id)
    messages = []
    for user in recipients(alert.team):
        # In the member's language and time zone, as the pages would show it to them.
        with (
            translation.override(user.language or settings.LANGUAGE_CODE),
            timezone.override(formats.member_zone(user)),
        ):
            context = {"alert": alert, "text": describe(alert), "team": alert.team, "user": user}
            subject = _("[Fornex Panel] %(team)s: %(kind)s") % {
                "team": alert.team.name,
                "kind": alert.get_kind_display(),
            }
            body = render_to_string("billing/email/alert.txt", context)
        messages.append(EmailMessage(subject, body, to=[user.email]))
    try:
        if messages:
            get_connection().send_messages(messages)
    except Exception as error:  # any mail failure: release the claim, the next check retries
        log.warning("alert email failed: alert=%s error=%s", alert_id, type(error).__name__)
        Alert.objects.filter(pk=alert_id).update(
            email_claimed_at=None, email_error=type(error).__name__[:200]
        )
        return False
    Alert.objects.filter(pk=alert_id).update(emailed_at=timezone.now(), email_error="")
    return True


def pending_emails(team: Team) -> list[int]:
    return list(
        Alert.objects.filter(team=team, cleared_at__isnull=True, emailed_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def alerts_check(team: Team) -> list[Alert]:
    """Check one team and send the emails still owed (new alerts and earlier failed sends)."""
    raised = alerts_check_team(team)
    for alert_id in pending_emails(team):
        alert_notify(alert_id)
    return raised
