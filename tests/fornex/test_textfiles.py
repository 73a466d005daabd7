"""Zone files and OpenVPN profiles are checked before anyone sees them: garbage, a file cut short
and a body shorter than its Content-Length are Fornex's fault (MalformedResponse), never a file."""

from __future__ import annotations

import pytest
from conftest import BASE, KEY
from fornex_samples import OVPN, ZONE

from fornexpanel.fornex import MalformedResponse, UpstreamUnavailable, V2Client
from fornexpanel.fornex.textfiles import (
    TextFileError,
    check_ovpn,
    check_zone_file,
    check_zone_lists,
)

ZONE_URL = BASE + "/dns/v0.1/example.com/zone_file/"
OVPN_URL = BASE + "/vpn/301-1/config-udp.ovpn"


def test_a_zone_file_as_fornex_writes_it_passes():
    assert check_zone_file(ZONE) == ZONE


def test_the_sandbox_zone_file_passes(sandbox):
    from tests.dns.conftest import sandbox_zone

    assert check_zone_file(sandbox_zone(sandbox))


def test_the_sandbox_profile_passes(sandbox):
    import requests

    from tests.sandbox.helpers import VPN

    response = requests.get(
        f"{sandbox.api_url}/vpn/{VPN}/config-udp.ovpn",
        params={"apikey": sandbox.FULL_KEY},
        timeout=10,
    )
    response.raise_for_status()
    assert check_ovpn(response.text)


def test_a_profile_as_fornex_writes_it_passes():
    assert check_ovpn(OVPN) == OVPN


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("{not json", "line 1"),
        ("Hello, this is not a zone\n", "line 1"),
        ("\x00\x01\x02garbage", "NUL"),
        ("$TTL 21600\n@ 3600 IN A 203.0.113.1\n", "no SOA"),
        (ZONE.replace("@ IN SOA", "@ IN SOA ns0. h. 1 2 3 4 5\n@ IN SOA", 1), "SOA"),
        ("$INCLUDE /etc/passwd\n" + ZONE, "directive"),
        (ZONE + "www 3600 IN A 203.0.\n", "IPv4"),
        (ZONE + "www 3600 IN BOGUS x\n", "type"),
        (ZONE + 'note 3600 IN TXT "unfinished\n', "quoted"),
    ],
)
def test_garbage_is_not_a_zone_file(text, reason):
    with pytest.raises(TextFileError, match=reason):
        check_zone_file(text)


@pytest.mark.parametrize("cut", [0.1, 0.2, 0.3, 0.5, 0.75, 0.95])
def test_a_zone_file_cut_inside_a_record_is_refused(cut):
    # Cut in the middle of a line (never exactly at a line break: that case is the
    # Content-Length check's).
    position = int(len(ZONE) * cut)
    while ZONE[position - 1] == "\n" or ZONE[position] == "\n":
        position += 1
    head = ZONE[:position]
    if head.rstrip().endswith(("servers.", "com.", '~all"')):
        pytest.skip("cut at the end of a complete record")
    with pytest.raises(TextFileError):
        check_zone_file(head)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("<html><body>502 Bad Gateway</body></html>", "line 1|never closed"),
        ("{not json", "not an OpenVPN directive"),
        (OVPN.replace("client\n", ""), "lacks client"),
        (OVPN.replace("remote 209.222.104.210 443 udp\n", ""), "lacks remote"),
        (OVPN[: OVPN.index("<ca>")], "lacks <ca>"),
        (OVPN[: OVPN.index("</key>")], "<key> block is never closed"),
        (OVPN[: OVPN.index("-----END PRIVATE KEY")] + "</key>\n", "no complete PEM"),
        (OVPN.replace("MIGHAgEAMBMGByqGSM49AgEGCCqG", "MIGHAgEA%%%broken"), "broken PEM"),
        (OVPN.replace("<key>", "<cert2>").replace("</key>", "</cert2>"), "lacks <key>"),
    ],
)
def test_garbage_is_not_a_profile(text, reason):
    with pytest.raises(TextFileError, match=reason):
        check_ovpn(text)


@pytest.mark.parametrize("cut", [0.05, 0.3, 0.6, 0.8, 0.97])
def test_a_profile_cut_short_is_refused(cut):
    with pytest.raises(TextFileError):
        check_ovpn(OVPN[: int(len(OVPN) * cut)])


# Through the client: Fornex's fault, with the reason and no file content


def test_a_garbage_zone_file_is_a_malformed_answer(api, client):
    api.get(ZONE_URL, body="Hello, this is not a zone\n", content_type="text/plain")
    with pytest.raises(MalformedResponse, match="Not a valid zone file") as caught:
        client.dns_zone_file("example.com")
    assert caught.value.operation == "dns_zone_file"
    assert "Hello" not in str(caught.value)


def test_a_garbage_profile_is_a_malformed_answer(api, client):
    api.get(OVPN_URL, body="{not json", content_type="application/x-openvpn-profile")
    with pytest.raises(MalformedResponse, match="Not a valid OpenVPN profile"):
        client.vpn_config("301-1", "udp")


def test_a_profile_whose_key_is_cut_off_never_reaches_the_caller(api, client):
    truncated = OVPN[: OVPN.index("-----END PRIVATE KEY")]
    api.get(OVPN_URL, body=truncated)
    with pytest.raises(MalformedResponse) as caught:
        client.vpn_config("301-1", "udp")
    # The message names what is wrong, never the private key it holds.
    assert "MIGHAgEA" not in str(caught.value)


def test_a_zone_file_cut_at_a_line_break_is_caught_by_its_length(api, client):
    whole = ZONE.encode()
    head = whole[: whole.index(b"www ")]  # complete records only: it would parse
    assert check_zone_file(head.decode())
    api.get(ZONE_URL, body=head, headers={"Content-Length": str(len(whole))})
    # urllib3 counts the bytes against Content-Length: the answer broke off, and is retried.
    with pytest.raises(UpstreamUnavailable, match="broke mid-answer"):
        client.dns_zone_file("example.com")
    assert len(api.calls) == 3


def test_an_invalid_content_length_is_refused(api, client):
    # urllib3 cannot count against it, so the transport refuses the answer itself.
    api.get(ZONE_URL, body=ZONE.encode(), headers={"Content-Length": "many"})
    with pytest.raises(MalformedResponse, match="Content-Length"):
        client.dns_zone_file("example.com")


def test_a_compressed_body_is_not_compared_with_its_length(api, client):
    # The length is that of the gzip bytes; requests hands over the inflated text.
    import gzip

    packed = gzip.compress(ZONE.encode())
    api.get(
        ZONE_URL,
        body=packed,
        headers={"Content-Encoding": "gzip", "Content-Length": str(len(packed))},
    )
    assert client.dns_zone_file("example.com") == ZONE


def test_the_v2_dialect_checks_the_zone_file(api):
    # (v2 has no VPN profile: its client refuses vpn_config without asking, NoV2Equivalent.)
    api.get(BASE + "/dns/domain/example.com/zone_file/", body="garbage garbage\n")
    with (
        V2Client(KEY, BASE + "/", backoff=0) as client,
        pytest.raises(MalformedResponse, match="zone file"),
    ):
        client.dns_zone_file("example.com")


# Against the records the API lists: what a cut at a line break or inside a name leaves


def _listed():
    from fornexpanel.fornex import DnsRecord

    return [
        DnsRecord(1, "", "A", "203.0.113.10", 3600, None),
        DnsRecord(2, "www", "CNAME", "example.com", 3600, None),
        DnsRecord(3, "", "MX", "mx1.improvmx.com", 3600, 10),
        DnsRecord(4, "", "TXT", "v=spf1 include:spf.improvmx.com ~all", 3600, None),
        DnsRecord(5, "_sip._tcp", "SRV", "5 5060 sip.example.com", 3600, 10),
        DnsRecord(6, "v6.example.com", "AAAA", "2001:db8:0::1", 3600, None),
        DnsRecord(7, "", "ALIAS", "not written in the file", None, None),
    ]


def test_a_zone_with_every_listed_record_passes():
    assert check_zone_lists(ZONE, "example.com", _listed()) == ZONE


def test_a_zone_cut_at_a_line_break_lacks_listed_records():
    head = ZONE[: ZONE.index("_sip")]
    assert check_zone_file(head)
    with pytest.raises(TextFileError, match="lacks 2 of the records Fornex lists"):
        check_zone_lists(head, "example.com", _listed())


def test_a_zone_cut_inside_a_name_has_another_target():
    head = ZONE[: ZONE.index("improvmx.com.")] + "imp\n"
    assert check_zone_file(head)
    with pytest.raises(TextFileError, match="lacks"):
        check_zone_lists(head, "example.com", _listed())


def test_a_zone_listing_another_address_fails():
    changed = ZONE.replace("203.0.113.10", "203.0.113.1")
    with pytest.raises(TextFileError, match="lacks 1 of"):
        check_zone_lists(changed, "example.com", _listed())
