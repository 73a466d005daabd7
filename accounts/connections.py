"""Fornex connections: the teams' API keys, stored encrypted, and the clients made from them."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import requests
import requests.adapters
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.access import authorize
from accounts.audit import audit_record
from accounts.crypto import (
    UnsendableApiKey,
    decrypt_api_key,
    encrypt_api_key,
    is_sendable_api_key,
    reencrypt,
)
from accounts.models import AuditEvent, Connection, Team, User
from fornexpanel.core.debug import remember_revealed
from fornexpanel.fornex import DIALECTS, AccountInfo, FornexClient, FornexError, make_client


def _key_hint(api_key: str) -> str:
    return api_key[-4:]


def _store_key(connection: Connection, api_key: str) -> None:
    connection.key_ciphertext = encrypt_api_key(
        team_id=connection.team_id, uid=connection.uid, api_key=api_key
    )
    connection.key_hint = _key_hint(api_key)


def api_key_for(connection: Connection) -> str:
    """The plain key, for the client only. Raises KeyDecryptionError rather than return junk,
    and UnsendableApiKey for a key stored before the form refused such characters."""
    api_key = decrypt_api_key(
        team_id=connection.team_id, uid=connection.uid, ciphertext=connection.key_ciphertext
    )
    if not is_sendable_api_key(api_key):
        raise UnsendableApiKey("The stored Fornex API key holds characters that cannot be sent.")
    remember_revealed(api_key)
    return api_key


# One pooled HTTP session per connection (and dialect, and API address) in this process, reused
# by every call: its keep-alive connections are shared by the threads of the process. A session
# holds no key (the transport adds it to each request), so a changed key needs no new session.
_SESSIONS: dict[tuple[object, str, str], requests.Session] = {}
_SESSIONS_LOCK = threading.Lock()
POOL_SIZE = 10


def session_for(connection_pk: object, dialect: str, base_url: str) -> requests.Session:
    name = (connection_pk, dialect, base_url)
    with _SESSIONS_LOCK:
        session = _SESSIONS.get(name)
        if session is None:
            session = requests.Session()
            adapter = requests.adapters.HTTPAdapter(
                pool_connections=1, pool_maxsize=POOL_SIZE, max_retries=0
            )
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            _SESSIONS[name] = session
        return session


def close_sessions(connection_pk: object) -> None:
    """Close and forget a (deleted) connection's pooled sessions."""
    with _SESSIONS_LOCK:
        names = [name for name in _SESSIONS if name[0] == connection_pk]
        sessions = [_SESSIONS.pop(name) for name in names]
    for session in sessions:
        session.close()


def _client(connection: Connection, dialect: str) -> FornexClient:
    from fornexpanel import gateway
    from fornexpanel.fornex import budget

    if budget.remaining() is None:
        # Outside a page or a gateway read (a worker's task): no budget, FORNEX_TIMEOUT per attempt.
        timeout, retries = (min(5, settings.FORNEX_TIMEOUT), settings.FORNEX_TIMEOUT), 2
    else:
        timeout, retries = gateway.attempt_timeout(), gateway.ATTEMPT_RETRIES
    return make_client(
        dialect,
        api_key=api_key_for(connection),
        base_url=settings.FORNEX_API_URL,
        timeout=timeout,
        retries=retries,
        session=session_for(connection.pk, dialect, settings.FORNEX_API_URL),
    )


def client_for(connection: Connection) -> FornexClient:
    """The connection's client, on its pooled session; inside a time budget (a page, a gateway
    read) with the attempt timeouts and retries that follow from FORNEX_BUDGET."""
    return _client(connection, connection.dialect)


@transaction.atomic
def connection_create(
    *, actor: User, team: Team, label: str, dialect: str, api_key: str
) -> Connection:
    authorize(user=actor, team=team, action="connection.manage")
    connection = Connection(team=team, label=label, dialect=dialect)
    _store_key(connection, api_key.strip())
    connection.save()
    audit_record(
        action="connection.create",
        actor=actor,
        team=team,
        target=connection,
        detail={"dialect": dialect, "key_hint": connection.key_hint},
    )
    return connection


@transaction.atomic
def connection_update(
    *, actor: User, connection: Connection, label: str, dialect: str, api_key: str | None
) -> Connection:
    authorize(user=actor, team=connection.team, action="connection.manage")
    changes: dict[str, object] = {}
    if label != connection.label:
        changes["label"] = {"before": connection.label, "after": label}
        connection.label = label
    if dialect != connection.dialect:
        changes["dialect"] = {"before": connection.dialect, "after": dialect}
        connection.dialect = dialect
    if api_key:
        changes["key_hint"] = {"before": connection.key_hint, "after": _key_hint(api_key.strip())}
        _store_key(connection, api_key.strip())
        connection.account_name = connection.account_email = ""
        connection.last_checked_at = None
    connection.save()
    audit_record(
        action="connection.update",
        actor=actor,
        team=connection.team,
        target=connection,
        detail=changes,
    )
    if api_key or "dialect" in changes:
        from fornexpanel import gateway

        transaction.on_commit(lambda: gateway.invalidate_connection(connection))
    return connection


@transaction.atomic
def connection_delete(*, actor: User, connection: Connection) -> None:
    authorize(user=actor, team=connection.team, action="connection.manage")
    audit_record(action="connection.delete", actor=actor, team=connection.team, target=connection)
    pk = connection.pk
    connection.delete()

    def forget() -> None:
        from fornexpanel import gateway

        gateway.forget_connection(pk)
        close_sessions(pk)

    transaction.on_commit(forget)


@dataclass(frozen=True)
class ConnectionCheck:
    """What "Test connection" found: the account, and which API dialects accept the key."""

    info: AccountInfo | None
    works_with: tuple[str, ...]
    error: Exception | None = None


def _account_info(connection: Connection, dialect: str) -> AccountInfo:
    return _client(connection, dialect).account_info()


def connection_test(*, actor: User, connection: Connection) -> ConnectionCheck:
    """Ask Fornex for the account's name and email with this key, in each dialect, so the member
    learns which one the key works with; remember the account on success."""
    authorize(user=actor, team=connection.team, action="connection.manage")
    from fornexpanel import gateway

    def ask(dialect: str) -> AccountInfo | Exception:
        try:
            return _account_info(connection, dialect)
        except FornexError as error:
            return error

    dialects = (connection.dialect, *(d for d in DIALECTS if d != connection.dialect))
    # Both dialects at once, inside one time budget: never one full wait after the other.
    with gateway.within_budget():
        answers = gateway.concurrently(*(lambda d=d: ask(d) for d in dialects))
    results: dict[str, AccountInfo | Exception] = dict(zip(dialects, answers, strict=True))
    works_with = tuple(d for d, result in results.items() if not isinstance(result, Exception))
    chosen = results[connection.dialect]
    if isinstance(chosen, Exception):
        audit_record(
            action="connection.test",
            actor=actor,
            team=connection.team,
            target=connection,
            outcome=AuditEvent.Outcome.FAILURE,
            detail={
                "error": type(chosen).__name__,
                "dialect": connection.dialect,
                "works_with": list(works_with),
            },
        )
        return ConnectionCheck(info=None, works_with=works_with, error=chosen)
    info = chosen
    with transaction.atomic():
        connection.account_name = info.name
        connection.account_email = info.email
        connection.last_checked_at = timezone.now()
        connection.save(update_fields=["account_name", "account_email", "last_checked_at"])
        audit_record(
            action="connection.test",
            actor=actor,
            team=connection.team,
            target=connection,
            detail={
                "account": info.name,
                "dialect": connection.dialect,
                "works_with": list(works_with),
            },
        )
    return ConnectionCheck(info=info, works_with=works_with)


def rotate_all_keys() -> int:
    """Re-encrypt every stored API key and two-factor seed under the first key of FORNEX_KEYS.
    Returns how many."""
    from accounts.models import AuthenticatorDevice

    count = 0
    with transaction.atomic():
        for model in (Connection, AuthenticatorDevice):
            for row in model.objects.select_for_update().only("pk", "key_ciphertext"):
                row.key_ciphertext = reencrypt(row.key_ciphertext)
                row.save(update_fields=["key_ciphertext"])
                count += 1
    return count


def connection_switch_to_v2(*, actor: User, connection: Connection) -> ConnectionCheck:
    """Switch a connection to Fornex's v2 API in one step, tested first: the key is tried with v2,
    and the connection is switched (and the account remembered) only if v2 accepts it. A key v2
    refuses leaves the connection as it was, with Fornex's answer in the check's `error`."""
    authorize(user=actor, team=connection.team, action="connection.manage")
    target = Connection.Dialect.V2
    try:
        info = _account_info(connection, target)
    except FornexError as error:
        audit_record(
            action="connection.switch",
            actor=actor,
            team=connection.team,
            target=connection,
            outcome=AuditEvent.Outcome.FAILURE,
            detail={"from": connection.dialect, "to": target, "error": type(error).__name__},
        )
        return ConnectionCheck(info=None, works_with=(), error=error)
    with transaction.atomic():
        before = connection.dialect
        connection_update(
            actor=actor,
            connection=connection,
            label=connection.label,
            dialect=target,
            api_key=None,
        )
        connection.account_name = info.name
        connection.account_email = info.email
        connection.last_checked_at = timezone.now()
        connection.save(update_fields=["account_name", "account_email", "last_checked_at"])
        audit_record(
            action="connection.switch",
            actor=actor,
            team=connection.team,
            target=connection,
            detail={"from": before, "to": target, "account": info.name},
        )
    return ConnectionCheck(info=info, works_with=(target,))
