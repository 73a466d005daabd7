"""SSH key fingerprints exactly as `ssh-keygen -l -f key.pub` prints them (expected values below
were printed by OpenSSH's ssh-keygen for these keys)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from vps.fingerprints import fingerprint

ED25519 = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINdIYDNa9/0Olg0Bs+2IayPSCqzAdlTzydTC76vhHxOk alice@laptop"
)
RSA = (
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQCrOHx0NHrEIXEM8DohdZlcMeEal2pW3fkhp6a29VUYQASNa2McRW/j"
    "68yiin8ckZUEe3jmV7NmB3yP4Smsr/TVeuA1dNUgxpZAoTdbtqMdo1RU8C+fCJc02RbSnPO5mNPXU//G2sEU9+Zc+1eXZk"
    "pUMKAE6up4/ID6Ljyflg45D49DQhxfzrIKYWMT78u2bQ9ht5n+MgKA/YC2Pa5b4HcELLN1m7jHUAuygl5NRxHokS/8fs/J"
    "d7Kak8cqiQL5XdURtwgmDWGxqFvY3+kjvoR9sBoW+aQHf7V4MjUodsPCiW3MXVxAu1iuE2hY2xCOU3uGU6Ya74KZFAGF1V"
    "x33DOyKhLT5TS13xk0ZqPY6yLTPEjZVoAUo2cErJGJrzCU/wEp+CUEkqIZfvhVQbymdsQyEaFxd8oo7bT3JFWiq055MMKN"
    "X7elM38G33WQDMOH4fYTJTbeTpISO7ES8n8BwlrbYSMIlBhejk9klcDtQgDlv1AH+eLuURvU3oHWIB3iX00= deploy (CI)"
)
ECDSA = (
    "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBM208sH7ZeIskxqHET8Z"
    "7dJqU1iTVERCPf2+OwfMOWcc+DRks6z1CwPt2VjTu02Q6wLiR3ipMKcWbHcm433Mu57uUwsN3D4hU8Kutfzpf01Wn01lyS"
    "y9hcljrSTcnCdhtg=="
)


@pytest.mark.parametrize(
    ("key", "printed"),
    [
        (ED25519, "256 SHA256:9Uu7g9/DSYRaQYFSXhIv5KPSm4VtT5doXyzwn4m9F2w (ED25519)"),
        (RSA, "3072 SHA256:pAs+kxBS2bfP2yIJD40XybrX9JBM2Cn3a5lSSO+uA4A (RSA)"),
        (ECDSA, "384 SHA256:Tcrf1CqlHnCa2gRQkOXEdEyP66NFvwYJf5CW6sDdCm0 (ECDSA)"),
    ],
)
def test_the_fingerprint_is_what_ssh_keygen_prints(key, printed):
    assert str(fingerprint(key)) == printed


def test_the_comment_is_kept_apart():
    assert fingerprint(ED25519).comment == "alice@laptop"
    assert fingerprint(ECDSA).comment == ""


@pytest.mark.parametrize("key", ["", "ssh-ed25519", "ssh-ed25519 not*base64", None])
def test_something_that_is_not_a_key_has_no_fingerprint(key):
    assert fingerprint(key) is None


def test_the_keys_page_shows_fingerprints(login, viewer, connection):
    body = login(viewer).get(reverse("vps:ssh_keys")).content.decode()
    assert 'data-testid="key-fingerprint"' in body
    assert "SHA256:" in body
