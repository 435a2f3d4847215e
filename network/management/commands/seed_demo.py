from importlib import import_module, util

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

# Apps load in dependency order; each may have a `demo` module with `load() -> [accounts]`.
DEMO_APPS = ["network", "producers", "certification", "advocacy"]


class Command(BaseCommand):
    help = "Load the demo data of every app (idempotent) and print the demo accounts."

    def handle(self, *args, **options):
        accounts = []
        for label in DEMO_APPS:
            module_name = f"{apps.get_app_config(label).name}.demo"
            if util.find_spec(module_name) is None:
                continue
            with transaction.atomic():
                accounts += import_module(module_name).load() or []
        self.stdout.write("Demo accounts:")
        for line in accounts:
            self.stdout.write(f"  {line}")
