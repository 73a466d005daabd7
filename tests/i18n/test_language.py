"""The interface language: the browser's on a first visit, switched in the header, remembered per
member (sign-in, profile), used by the worker and in emails; dates, numbers and money in it."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from accounts.models import AuditEvent
from accounts.services import invitation_create, user_language_set
from fornexpanel.core.context_processors import VERSION

PASSWORD = "correct horse battery staple"
LOGIN = "/accounts/login/"
COOKIE = settings.LANGUAGE_COOKIE_NAME


def _lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    return match.group(1) if match else ""


def test_the_first_visit_follows_the_browsers_language(client, db):
    russian = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9,en;q=0.8")
    assert _lang(russian) == "ru"
    assert russian["Content-Language"] == "ru"
    assert "Вход в Fornex Panel" in russian.content.decode()
    english = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert _lang(english) == "en"
    assert "Sign in to Fornex Panel" in english.content.decode()


def test_a_browser_in_another_language_gets_english(client, db):
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert _lang(response) == "en"


def test_the_sign_in_page_has_the_language_buttons(client, db):
    page = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="language-switcher"' in page
    assert 'data-testid="language-ru"' in page and 'title="Русский"' in page


def test_switching_in_the_header_saves_the_language_on_the_member(login, owner):
    client = login(owner)
    response = client.post(
        reverse("set_language"), {"language": "ru", "next": "/team/"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302 and response["Location"] == "/team/"
    assert response.cookies[COOKIE].value == "ru"
    owner.refresh_from_db()
    assert owner.language == "ru"
    event = AuditEvent.objects.filter(action="user.update", actor=owner).latest("pk")
    assert event.detail == {"changed": ["language"], "before": "", "after": "ru"}
    page = client.get("/team/", HTTP_ACCEPT_LANGUAGE="en")
    assert _lang(page) == "ru" and "Участники" in page.content.decode()


def test_switching_signed_out_sets_only_the_browsers_cookie(client, owner):
    response = client.post(reverse("set_language"), {"language": "ru", "next": LOGIN})
    assert response.cookies[COOKIE].value == "ru"
    assert _lang(client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en")) == "ru"
    owner.refresh_from_db()
    assert owner.language == ""


def test_a_language_the_panel_does_not_offer_changes_nothing(login, owner):
    client = login(owner)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    owner.refresh_from_db()
    assert owner.language == ""
    with pytest.raises(ValidationError):
        user_language_set(actor=owner, language="xx")


def test_the_switch_is_a_form_post_only(client, db):
    assert client.get(reverse("set_language")).status_code == 405


def test_the_members_language_wins_over_the_browser(login, owner, russian):
    client = login(russian(owner))
    page = client.get("/team/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert _lang(page) == "ru"
    assert page["Content-Language"] == "ru"


def test_signing_in_brings_back_the_members_language(client, owner, russian):
    russian(owner)
    response = client.post(
        LOGIN, {"username": owner.username, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    # The cookie keeps it on this browser, the sign-in page included after signing out.
    assert response.cookies[COOKIE].value == "ru"
    assert _lang(client.get("/", HTTP_ACCEPT_LANGUAGE="en")) == "ru"
    client.post(reverse("accounts:logout"))
    assert _lang(client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en")) == "ru"


def test_a_member_without_a_saved_language_keeps_the_browsers(client, owner):
    response = client.post(
        LOGIN, {"username": owner.username, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert COOKIE not in response.cookies
    assert _lang(client.get("/team/", HTTP_ACCEPT_LANGUAGE="ru")) == "ru"
    assert _lang(client.get("/team/", HTTP_ACCEPT_LANGUAGE="en")) == "en"


def _profile(client, owner, **changes):
    data = {
        "first_name": "",
        "last_name": "",
        "email": owner.email,
        "language": "",
        "timezone": "UTC",
        **changes,
    }
    return client.post(reverse("accounts:profile"), data, HTTP_ACCEPT_LANGUAGE="en")


def test_the_profile_sets_the_language_and_says_so_in_it(login, owner):
    client = login(owner)
    form = client.get(reverse("accounts:profile")).content.decode()
    assert 'name="language"' in form and "Русский" in form
    response = _profile(client, owner, language="ru")
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "ru"
    owner.refresh_from_db()
    assert owner.language == "ru"
    page = client.get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Профиль сохранён." in page


def test_the_profile_can_hand_the_choice_back_to_the_browser(login, owner, russian):
    client = login(russian(owner))
    response = _profile(client, owner, language="")
    assert response.cookies[COOKIE].value == ""  # deleted
    owner.refresh_from_db()
    assert owner.language == ""
    assert _lang(client.get("/team/", HTTP_ACCEPT_LANGUAGE="en")) == "en"


def test_dates_numbers_and_money_follow_the_language_and_the_time_zone(
    login, owner, russian, connection
):
    owner.timezone = "Asia/Tokyo"
    owner.save(update_fields=["timezone"])
    client = login(russian(owner))
    page = client.get(reverse("billing:billing")).content.decode()
    assert re.search(r'data-testid="balance">\s*91,00\xa0?EUR', page) or "91,00 EUR" in page
    assert "91.00" not in page
    response = client.get(reverse("accounts:team"))
    assert response.context["TIME_ZONE"] == "Asia/Tokyo"
    assert response.context["LANGUAGE_CODE"] == "ru"


def test_the_scripts_get_their_strings_in_the_pages_language(client, db):
    catalogue = client.get(reverse("javascript_catalog"), HTTP_ACCEPT_LANGUAGE="ru")
    assert catalogue.status_code == 200
    body = catalogue.content.decode()
    assert "%(number)s \\u041a\\u0411" in body or "%(number)s КБ" in body  # "КБ"
    assert "pgettext" in body and "interpolate" in body
    english = client.get(reverse("javascript_catalog"), HTTP_ACCEPT_LANGUAGE="en").content
    assert "КБ".encode() not in english and b"\\u041a\\u0411" not in english
    page = client.get(LOGIN).content.decode()
    assert f'src="{reverse("javascript_catalog")}?lang=en&amp;v={VERSION}"' in page


def test_an_invitation_email_is_written_in_the_inviters_language(
    team, owner, django_capture_on_commit_callbacks
):
    with translation.override("ru"), django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            actor=owner, team=team, email="new@example.com", role="viewer", base_url="http://x"
        )
    message = mail.outbox[-1]
    assert message.subject == "Приглашение в команду Ops team в Fornex Panel"
    assert "с ролью «Наблюдатель»" in message.body
