"""Sessions that know their member (SESSION_ENGINE = "accounts.sessions"): Django's database
sessions, stored in accounts.MemberSession with the member's id beside the data.

A member's sessions are listed on their security page and can be ended one by one; changing the
password or turning two-factor sign-in on ends all but the current one. A session is named in
pages and URLs by a keyed hash of its key, never by the key itself (the key is the credential).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from fornexpanel.core.prepared import Prepared

# Set at sign-in: when, from where, with which browser (shown on the security page).
SIGNED_IN_KEY = "signed_in"


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        from accounts.models import MemberSession

        return MemberSession

    def _get_session_from_db(self):
        """The session by its key, unless it has expired: a prepared read, as it is made on every
        request (fornexpanel/core/prepared.py)."""
        key = self.session_key
        if key:
            for session in _session_by_key(key, using=self.model.objects.db):
                if session.expire_date > timezone.now():
                    return session
        self._session_key = None
        return None

    def _validate_session_key(self, key):
        # A cookie can carry a NUL (an octal escape in a quoted value): no session, not a 500.
        return super()._validate_session_key(key) and "\x00" not in key

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        instance.user_id = int(user_id) if str(user_id or "").isdigit() else None
        return instance


def _build_session_read(key: str):
    from accounts.models import MemberSession

    return MemberSession.objects.filter(session_key=key)


_session_by_key = Prepared(_build_session_read, str)


def public_id(session_key: str) -> str:
    return salted_hmac("accounts.sessions.public_id", session_key).hexdigest()[:24]


def remember_sign_in(request: HttpRequest, *, ip: str | None, user_agent: str) -> None:
    request.session[SIGNED_IN_KEY] = {
        "at": timezone.now().isoformat(),
        "ip": ip or "",
        "ua": user_agent[:200],
    }


@dataclass(frozen=True)
class SessionInfo:
    id: str
    signed_in_at: datetime | None
    ip: str
    user_agent: str
    expires_at: datetime
    current: bool


def sessions_of(user, current_key: str | None) -> list[SessionInfo]:
    from accounts.models import MemberSession

    found = []
    rows = MemberSession.objects.filter(user=user, expire_date__gt=timezone.now())
    for row in rows.order_by("-expire_date"):
        data = SessionStore().decode(row.session_data)
        if str(data.get(SESSION_KEY)) != str(user.pk):
            continue
        meta = data.get(SIGNED_IN_KEY) or {}
        signed_in_at = None
        if meta.get("at"):
            try:
                signed_in_at = datetime.fromisoformat(meta["at"])
            except (TypeError, ValueError):
                signed_in_at = None
        found.append(
            SessionInfo(
                id=public_id(row.session_key),
                signed_in_at=signed_in_at,
                ip=str(meta.get("ip") or ""),
                user_agent=str(meta.get("ua") or ""),
                expires_at=row.expire_date,
                current=row.session_key == current_key,
            )
        )
    return found


def end_other_sessions(user, keep: str | None) -> int:
    """End every session of `user` except `keep` (the current one). Returns how many."""
    from accounts.models import MemberSession

    others = MemberSession.objects.filter(user=user)
    if keep:
        others = others.exclude(session_key=keep)
    deleted, _ = others.delete()
    return deleted


def end_session(user, session_id: str) -> bool:
    """End the session of `user` named `session_id` (its public id)."""
    from accounts.models import MemberSession

    for key in MemberSession.objects.filter(user=user).values_list("session_key", flat=True):
        if public_id(key) == session_id:
            MemberSession.objects.filter(session_key=key).delete()
            return True
    return False
