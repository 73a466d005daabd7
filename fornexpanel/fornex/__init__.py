"""Fornex API client: plain Python, no Django.

    client = make_client("legacy", api_key, "https://fornex.com/api")  # or "v2"
    client.account_balance()  # -> Balance(amount=Decimal("91.0"), currency="EUR")

Importing this package installs a logging filter that redacts `apikey=` values from urllib3's
DEBUG lines (they carry full URLs, query string included).
"""

from .base import DEFAULT_BASE_URL, STAT_FIELDS, FornexClient
from .errors import (
    BadRequest,
    BlockedByFilter,
    FornexError,
    InvalidApiKey,
    MalformedResponse,
    NoPermission,
    NotFound,
    NoV2Equivalent,
    RateLimited,
    TimeBudgetSpent,
    Unsupported,
    UpstreamUnavailable,
)
from .factory import DIALECTS, make_client
from .legacy import LegacyClient

# Ordering servers (v2_orders.py)
from .order_types import (  # noqa: E402
    ServerConfiguration,
    ServerOrder,
    VpsDiskClass,
    VpsLocation,
    VpsOrderCreated,
    VpsService,
)
from .redaction import install_log_redaction
from .storage import OrderUpdated, S3Credentials, S3Order
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
    IpAddress,
    LogEntry,
    Order,
    OrderCancelled,
    OrderDetails,
    PasswordReset,
    PowerJob,
    RecordAdded,
    ReinstallOption,
    ReinstallStarted,
    SshKey,
    StatSeries,
    TicketCreated,
    VpnPlan,
    VpsPlan,
    VpsStats,
    VpsStatus,
    WebhookInfo,
)
from .v2 import V2Client

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
    "BlockedByFilter",
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
    "IpAddress",
    "LegacyClient",
    "LogEntry",
    "MalformedResponse",
    "NoPermission",
    "NoV2Equivalent",
    "NotFound",
    "Order",
    "OrderCancelled",
    "OrderDetails",
    "OrderUpdated",
    "PasswordReset",
    "PowerJob",
    "RecordAdded",
    "ReinstallOption",
    "ReinstallStarted",
    "S3Credentials",
    "S3Order",
    "SshKey",
    "StatSeries",
    "TicketCreated",
    "Unsupported",
    "RateLimited",
    "TimeBudgetSpent",
    "UpstreamUnavailable",
    "V2Client",
    "VpnPlan",
    "VpsPlan",
    "VpsStats",
    "VpsStatus",
    "WebhookInfo",
    "make_client",
    # Ordering servers
    "ServerConfiguration",
    "ServerOrder",
    "VpsDiskClass",
    "VpsLocation",
    "VpsOrderCreated",
    "VpsService",
]
