"""Billing views, one module per page family. `dashboard` is the panel's home page (/)."""

from billing.views.overview import billing, dashboard

__all__ = ["billing", "dashboard"]
