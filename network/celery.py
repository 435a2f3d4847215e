"""The Celery app: configured from Django settings under the CELERY_ namespace.

Every task is a `MingaTask`: it can be queued after commit (`delay_on_commit`, from
Celery's DjangoTask) and gives up after MINGA_TASK_MAX_DELIVERIES deliveries, so a
task that crashes its worker (acks_late + reject_on_worker_lost) is not retried forever.
"""

import logging
import os

from celery import Celery
from celery.contrib.django.task import DjangoTask

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings")

logger = logging.getLogger(__name__)


class MingaTask(DjangoTask):
    def __call__(self, *args, **kwargs):
        if self.request.id and not self.request.called_directly and self._too_many_deliveries():
            logger.error("giving up on %s[%s]: delivered too often", self.name, self.request.id)
            return None
        return super().__call__(*args, **kwargs)

    def _too_many_deliveries(self) -> bool:
        from django.conf import settings
        from django.core.cache import cache

        key = f"task-deliveries:{self.request.id}:{self.request.retries}"
        cache.add(key, 0, timeout=24 * 3600)
        return cache.incr(key) > settings.MINGA_TASK_MAX_DELIVERIES


app = Celery("minga", task_cls=MingaTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
