"""Fornex API client: plain Python, no Django.

    client = make_client("legacy", api_key, "https://fornex.com/api")
    client.account_balance()  # -> Balance(amount=Decimal("91.0"), currency="EUR")

Importing this package installs a logging filter that redacts `apikey=` values from urllib3's
DEBUG lines (they carry full URLs, query string included).
"""

from .base import DEFAULT_BASE_URL, STAT_FIELDS, FornexClient
from .errors import (
    BadRequest,
    FornexError,
    InvalidApiKey,
    MalformedResponse,
    NoPermission,
    NotFound,
    UpstreamUnavailable,
)
from .factory import DIALECTS, make_client
from .legacy import LegacyClient
from .redaction import install_log_redaction
from .transport import USER_AGENT
from .types import (
    AccountInfo,
    BackupPlan,
    Balance,
    DedicatedPlan,
    DnsRecord,
    Domain,
    DomainAdded,
    DsTraffic,
    DsTrafficDay,
    DsTrafficUsed,
    HostingPlan,
    Invoices,
    LogEntry,
    Order,
    PasswordReset,
    RecordAdded,
    SshKey,
    StatSeries,
    VpnPlan,
    VpsPlan,
    VpsStats,
    VpsStatus,
    WebhookInfo,
)

install_log_redaction()

__all__ = [
    "DEFAULT_BASE_URL",
    "DIALECTS",
    "STAT_FIELDS",
    "USER_AGENT",
    "AccountInfo",
    "BackupPlan",
    "BadRequest",
    "Balance",
    "DedicatedPlan",
    "DnsRecord",
    "Domain",
    "DomainAdded",
    "DsTraffic",
    "DsTrafficDay",
    "DsTrafficUsed",
    "FornexClient",
    "FornexError",
    "HostingPlan",
    "InvalidApiKey",
    "Invoices",
    "LegacyClient",
    "LogEntry",
    "MalformedResponse",
    "NoPermission",
    "NotFound",
    "Order",
    "PasswordReset",
    "RecordAdded",
    "SshKey",
    "StatSeries",
    "UpstreamUnavailable",
    "VpnPlan",
    "VpsPlan",
    "VpsStats",
    "VpsStatus",
    "WebhookInfo",
    "make_client",
]
