from __future__ import annotations

import zoneinfo

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from accounts.crypto import is_sendable_api_key
from accounts.models import Connection, Team, User
from accounts.roles import Role


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username or email"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def clean_username(self) -> str:
        # Members may type their email: sign-in itself is by username.
        value = self.cleaned_data["username"].strip()
        if "@" in value:
            match = User.objects.filter(email__iexact=value).values_list("username", flat=True)
            return match.first() or value
        return value


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
    )


class SignUpForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Letters, digits and @/./+/-/_ only.")},
    )
    first_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        if first and cleaned.get("username"):
            candidate = User(username=cleaned["username"], email=self.email)
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        if User.objects.filter(email__iexact=self.email).exists():
            raise forms.ValidationError(
                _("An account with this email exists already: sign in to accept the invitation.")
            )
        return cleaned


class ProfileForm(forms.ModelForm):
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        help_text=_("Also switched with the buttons in the header."),
    )
    timezone = forms.ChoiceField(
        label=_("Time zone"), help_text=_("Pages show dates and times in this time zone.")
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "language", "timezone"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Each language named in its own words, so a member who cannot read the current one
        # still finds theirs.
        self.fields["language"].choices = [
            ("", _("The browser's language")),
            *[(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES],
        ]
        zones = sorted(zoneinfo.available_timezones())
        self.fields["timezone"].choices = [(zone, zone) for zone in zones]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another account uses this email."))
        return email


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name"]


class TeamSettingsForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "require_two_factor"]
        help_texts = {
            "require_two_factor": _(
                "Members without two-factor sign-in are sent to set it up before they can see "
                "this team's pages."
            )
        }


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.VIEWER)

    def __init__(self, *args, allowed_roles: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in allowed_roles]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class ConnectionForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=100)
    dialect = forms.ChoiceField(
        label=_("API dialect"),
        choices=Connection.Dialect.choices,
        initial=Connection.Dialect.V2,
    )
    # Write-only: never rendered back into the page (render_value=False), kept if left blank.
    api_key = forms.CharField(
        label=_("API key"),
        required=True,
        strip=True,
        max_length=200,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_(
            "Found in your Fornex control panel. Stored encrypted; shown only as its last four characters."
        ),
    )

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["api_key"].required = False
            self.fields["api_key"].help_text = _(
                "Leave empty to keep the current key. Stored encrypted."
            )

    def clean_api_key(self) -> str:
        key = self.cleaned_data["api_key"]
        if key and not is_sendable_api_key(key):
            # Often an invisible character copied along with the key.
            raise forms.ValidationError(
                _(
                    "The key may contain only Latin letters, digits and punctuation, without "
                    "spaces. Paste it again, without invisible characters."
                )
            )
        if key and len(key) < 8:
            raise forms.ValidationError(_("This does not look like a Fornex API key."))
        return key


class ConfirmNameForm(forms.Form):
    """Destructive actions ask the member to type the object's name."""

    confirm = forms.CharField(label=_("Type the name to confirm"), max_length=200)

    def __init__(self, *args, expected: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip()
        if value != self.expected:
            raise forms.ValidationError(_("The name does not match."))
        return value


class PanelPasswordResetForm(PasswordResetForm):
    """Django's reset form; each account an email goes to gets a line in its security history."""

    def get_users(self, email):
        from accounts.audit import audit_record

        for user in super().get_users(email):
            audit_record(action="auth.password_reset_request", actor=user, team=None, target=user)
            yield user


class ReauthenticateForm(forms.Form):
    """“Confirm it's you”: the password, or a code from the authenticator app."""

    secret = forms.CharField(
        label=_("Password or code"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
        help_text=_("Your password, or a 6-digit code from your authenticator app."),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.method = ""

    def clean_secret(self) -> str:
        from accounts.twofactor import has_two_factor, verify_totp_code

        value = self.cleaned_data["secret"]
        compact = value.strip().replace(" ", "")
        if compact.isdigit() and len(compact) in (6, 8) and has_two_factor(self.user):
            if verify_totp_code(self.user, compact):
                self.method = "code"
                return value
        elif self.user.check_password(value):
            self.method = "password"
            return value
        raise forms.ValidationError(_("This is not your password or a current code."))
