"""Write api/openapi.json: Fornex's official spec narrowed to what the panel's API offers."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from api.openapi import SCHEMA_FILE, dumps, subset


class Command(BaseCommand):
    help = "Make api/openapi.json from Fornex's official OpenAPI spec (the path given)."

    def add_arguments(self, parser):
        parser.add_argument("spec", type=Path, help="openapi-v2.3.28.json")

    def handle(self, *args, spec: Path, **options):
        SCHEMA_FILE.write_text(dumps(subset(json.loads(spec.read_text()))))
        self.stdout.write(f"Wrote {SCHEMA_FILE}")
