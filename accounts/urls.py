from django.urls import path

from accounts.views import audit, auth, connections, profile, security, team

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", auth.login_view, name="login"),
    path("accounts/login/verify/", auth.login_verify, name="login_verify"),
    path("accounts/logout/", auth.logout_view, name="logout"),
    path("accounts/profile/", profile.profile, name="profile"),
    path("accounts/two-factor/", profile.two_factor, name="two_factor"),
    path("accounts/two-factor/recovery/", profile.two_factor_recovery, name="two_factor_recovery"),
    path(
        "accounts/two-factor/disable/", profile.two_factor_disable_view, name="two_factor_disable"
    ),
    path("accounts/security/", security.security, name="security"),
    path(
        "accounts/security/sessions/<str:session_id>/end/",
        security.session_end,
        name="session_end",
    ),
    path(
        "accounts/security/sessions/end-others/",
        security.sessions_end_others,
        name="sessions_end_others",
    ),
    path("accounts/security/verify/", security.session_verify, name="session_verify"),
    path("accounts/confirm/", security.reauthenticate, name="reauthenticate"),
    path("accounts/password/", security.password_change, name="password_change"),
    path("accounts/password/reset/", security.password_reset, name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        security.password_reset_done,
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        security.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        security.password_reset_complete,
        name="password_reset_complete",
    ),
    path("invitations/<str:token>/", team.invitation_accept, name="invitation_accept"),
    path("team/", team.team_detail, name="team"),
    path("team/new/", team.team_create, name="team_create"),
    path("team/switch/", team.team_switch, name="team_switch"),
    path("team/settings/", team.team_settings, name="team_settings"),
    path("team/delete/", team.team_delete, name="team_delete"),
    path("team/leave/", team.team_leave, name="team_leave"),
    path("team/members/<int:membership_id>/role/", team.member_role, name="member_role"),
    path("team/members/<int:membership_id>/remove/", team.member_remove, name="member_remove"),
    path("team/members/<int:membership_id>/unlock/", team.member_unlock, name="member_unlock"),
    path("team/invitations/", team.invitation_create, name="invitation_create"),
    path(
        "team/invitations/<int:invitation_id>/revoke/",
        team.invitation_revoke,
        name="invitation_revoke",
    ),
    path("team/connections/", connections.connection_list, name="connections"),
    path("team/connections/new/", connections.connection_create, name="connection_create"),
    path("team/connections/<int:pk>/", connections.connection_edit, name="connection_edit"),
    path("team/connections/<int:pk>/test/", connections.connection_test, name="connection_test"),
    path(
        "team/connections/<int:pk>/switch-to-v2/",
        connections.connection_switch_to_v2,
        name="connection_switch_v2",
    ),
    path(
        "team/connections/<int:pk>/delete/", connections.connection_delete, name="connection_delete"
    ),
    path("audit/", audit.audit_list, name="audit"),
    path("audit/export.csv", audit.audit_export, name="audit_export"),
    path(
        "audit/object/<slug:target_type>/<path:target_id>/",
        audit.audit_object,
        name="audit_object",
    ),
]
