"""A zone file and an OpenVPN profile as Fornex serves them, for the client's tests."""

ZONE = """$TTL 21600
@ IN SOA ns1.fornex.com. hostmaster.fornex.com. (
        2026120301 ; serial
        10800 ; refresh
        3600 ; retry
        1209600 ; expire
        3600 ) ; minimum

@                        21600  IN NS     ns1.fornex.com.
@                        21600  IN NS     ns2.fornex.com.
@                        3600   IN A      203.0.113.10
www                      3600   IN CNAME  @
@                        3600   IN MX     10 mx1.improvmx.com.
@                        3600   IN TXT    "v=spf1 include:spf.improvmx.com ~all"
_sip._tcp                3600   IN SRV    10 5 5060 sip.example.com.
v6                       3600   IN AAAA   2001:db8::1
; пример
"""

PEM = "\n".join(
    [
        "-----BEGIN CERTIFICATE-----",
        "MIIBszCCAVmgAwIBAgIUQ2l0ZXN0",
        "Y2VydGlmaWNhdGU=",
        "-----END CERTIFICATE-----",
    ]
)
KEY_PEM = "\n".join(
    ["-----BEGIN PRIVATE KEY-----", "MIGHAgEAMBMGByqGSM49AgEGCCqG", "-----END PRIVATE KEY-----"]
)

OVPN = f"""client
dev tun
<connection>
remote 209.222.104.210 443 udp
</connection>
resolv-retry infinite
nobind
persist-key
persist-tun
remote-cert-tls server
cipher AES-256-GCM
<ca>
{PEM}
</ca>
<cert>
{PEM}
</cert>
<key>
{KEY_PEM}
</key>
"""
