"""The seeded accounts as plain data; ``seed.py`` turns a profile into an ``Account``.

Record values may refer to an order's addresses: ``ip:<order>`` is its first IPv4 address,
``ip6:<order>`` its IPv6 address (every seeded VPS has one), and ``dkim`` is a generated 2048-bit
DKIM key (longer than one 255-byte TXT string, so the zone file has to split it).
"""

# One row per order, record or key reads best as a table, even where a row passes 100 columns.
# ruff: noqa: E501

from __future__ import annotations

from dataclasses import dataclass

# Tariffs that are not in a plan catalogue: name -> (tariff_id, monthly price).
OTHER_TARIFFS = {
    "VPN dedicated": (1, 10),
    "Domain .io": (812, 35),
    "Domain .com": (801, 11),
    "Domain .studio": (845, 24),
    "VH-SSD-2": (33, 1),
    "VH-SSD-5": (34, 2),
    "Backup 100 Gb": (501, 3),
}


@dataclass(frozen=True)
class Profile:
    slug: str  # names the account's random stream
    username: str
    name: str
    email: str
    balance: float
    unpaid_invoices_count: int
    unpaid_invoices_amount: int
    webhook_url: str | None
    # id, type, name, hostname, tariff, status, days until expiration, VPS power ("" otherwise)
    orders: tuple[tuple[str, str, str, str, str, str, int, str], ...]
    # name, tags, records as (host, type, ttl, prio, value)
    domains: tuple[tuple[str, tuple[str, ...], tuple[tuple, ...]], ...]
    # title, key type, comment, VPS orders it is attached to
    keys: tuple[tuple[str, str, str, tuple[str, ...]], ...]
    # order id, job_action, days ago: finished jobs in the log
    past_jobs: tuple[tuple[str, str, int], ...]


NORTHWIND = Profile(
    slug="northwind",
    username="northwind",
    name="Northwind Labs",
    email="ops@northwind.io",
    balance=91.0,
    unpaid_invoices_count=1,
    unpaid_invoices_amount=100,
    webhook_url="https://hooks.slack.com/services/T0SANDBOX/B0SANDBOX/northwindSandboxHook",
    orders=(
        ("34-177054", "vps", "web-1", "web-1.northwind.io", "SSD Cloud 4GB", "active", 23, "on"),
        ("34-177055", "vps", "web-2", "web-2.northwind.io", "SSD Cloud 4GB", "active", 23, "on"),
        ("34-177061", "vps", "db-primary", "db-1.northwind.io", "SSD Cloud 8GB", "active", 9, "on"),
        ("34-177062", "vps", "db-replica", "db-2.northwind.io", "SSD Cloud 8GB", "active", 9, "on"),
        ("34-178310", "vps", "ci-runner", "ci.northwind.io", "SSD Cloud 2GB", "active", 58, "on"),
        ("34-179421", "vps", "staging", "staging.nw-staging.net", "SSD Cloud 1GB", "active", 27, "off"),
        ("34-180006", "vps", "monitoring", "mon.northwind.io", "SSD Cloud 2GB", "active", 121, "on"),
        ("34-1234", "ds", "storage-1", "storage-1.northwind.io", "DS XeonSAS", "active", 13, ""),
        ("34-1290", "ds", "analytics", "analytics.northwind.io", "DS Ryzen", "active", 45, ""),
        ("301-12312", "vpn", "office-vpn", "vpn-12312.fornex.org", "VPN dedicated", "active", 40, ""),
        ("375-13", "domain", "northwind.io", "northwind.io", "Domain .io", "active", 200, ""),
        ("375-27", "domain", "northwind-labs.com", "northwind-labs.com", "Domain .com", "active", 11, ""),
        ("217-4410", "hosting", "landing", "h4410.fornex.org", "VH-SSD-2", "suspended", -6, ""),
        ("401-2286", "backup", "backup-100", "backup-2286.fornex.org", "Backup 100 Gb", "pending", 30, ""),
    ),
    domains=(
        ("northwind.io", ("production",), (
            ("", "A", None, None, "ip:34-177054"),
            ("", "AAAA", None, None, "ip6:34-177054"),
            ("www", "A", 600, None, "ip:34-177054"),
            ("api", "A", 300, None, "ip:34-177055"),
            ("db", "A", 3600, None, "ip:34-177061"),
            ("*", "A", 3600, None, "ip:34-177055"),
            ("docs", "CNAME", 3600, None, "northwind.gitbook.io"),
            ("status", "CNAME", None, None, "stats.uptimerobot.com"),
            ("", "MX", None, 10, "mx1.improvmx.com"),
            ("", "MX", None, 20, "mx2.improvmx.com"),
            ("", "TXT", None, None, "v=spf1 include:spf.improvmx.com ~all"),
            ("_dmarc", "TXT", 3600, None, "v=DMARC1; p=quarantine; rua=mailto:dmarc@northwind.io"),
            ("mail._domainkey", "TXT", 3600, None, "dkim"),
            ("lab", "NS", 86400, None, "ns1.he.net"),
            ("lab", "NS", 86400, None, "ns2.he.net"),
            ("_sip._tcp", "SRV", 3600, 10, "60 5060 sip.northwind.io"),
            ("", "CAA", None, None, '0 issue "letsencrypt.org"'),
            ("", "CAA", None, None, '0 iodef "mailto:security@northwind.io"'),
        )),
        ("northwind-labs.com", ("production", "marketing"), (
            ("", "A", None, None, "ip:217-4410"),
            ("www", "CNAME", None, None, "northwind-labs.com"),
            ("", "MX", 3600, 1, "aspmx.l.google.com"),
            ("", "MX", 3600, 5, "alt1.aspmx.l.google.com"),
            ("", "TXT", None, None, "google-site-verification=Nw7dQe1xS0mVbqk3tYc9LhZ2pR8u"),
            ("", "CAA", 86400, None, '0 issue "sectigo.com"'),
        )),
        ("nw-staging.net", ("staging",), (
            ("", "A", 300, None, "ip:34-179421"),
            ("*", "A", 300, None, "ip:34-179421"),
            ("ci", "A", 300, None, "ip:34-178310"),
            ("ci", "AAAA", 300, None, "ip6:34-178310"),
            ("", "TXT", None, None, "v=spf1 -all"),
        )),
        ("northwind.dev", (), (
            ("", "A", None, None, "ip:34-180006"),
            ("grafana", "CNAME", 1800, None, "mon.northwind.io"),
            ("_https._tcp", "SRV", 3600, 0, "5 443 mon.northwind.io"),
        )),
    ),
    keys=(
        ("alice@laptop", "ssh-ed25519", "alice@laptop", ("34-177054", "34-177055", "34-180006")),
        ("deploy (CI)", "ssh-ed25519", "deploy@ci.northwind.io", ("34-177054", "34-177055", "34-178310")),
        ("bob workstation", "ssh-rsa", "bob@workstation", ("34-177061", "34-177062")),
    ),
    past_jobs=(
        ("34-177054", "set_root_passwd", 12),
        ("34-177061", "restart", 5),
        ("34-179421", "stop", 3),
    ),
)  # fmt: skip

BLUEHARBOR = Profile(
    slug="blueharbor",
    username="blueharbor",
    name="Blue Harbor Studio",
    email="admin@blueharbor.studio",
    balance=12.5,
    unpaid_invoices_count=2,
    unpaid_invoices_amount=35,
    webhook_url=None,
    orders=(
        ("34-181500", "vps", "app", "app.blueharbor.studio", "SSD Cloud 2GB", "active", 16, "on"),
        ("34-181501", "vps", "worker", "worker.blueharbor.studio", "SSD Cloud 2GB", "active", 16, "on"),
        ("34-181502", "vps", "db", "db.blueharbor.studio", "SSD Cloud 4GB", "active", 75, "on"),
        ("375-88", "domain", "blueharbor.studio", "blueharbor.studio", "Domain .studio", "active", 300, ""),
        ("217-5120", "hosting", "blog", "h5120.fornex.org", "VH-SSD-5", "active", 80, ""),
    ),
    domains=(
        ("blueharbor.studio", ("production",), (
            ("", "A", None, None, "ip:34-181500"),
            ("www", "CNAME", None, None, "blueharbor.studio"),
            ("", "MX", None, 10, "mx.zoho.eu"),
            ("", "TXT", None, None, "v=spf1 include:zoho.eu ~all"),
        )),
        ("bh-cdn.net", (), (
            ("", "A", 600, None, "ip:34-181501"),
            ("img", "A", 600, None, "ip:34-181501"),
        )),
    ),
    keys=(("carol@macbook", "ssh-ed25519", "carol@macbook", ("34-181500",)),),
    past_jobs=(("34-181502", "restart", 2),),
)  # fmt: skip
