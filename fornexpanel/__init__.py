"""Fornex Panel: a web control panel for teams that run their hosting at Fornex."""

from fornexpanel.celery import app as celery_app

__all__ = ["celery_app"]
