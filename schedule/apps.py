from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ScheduleConfig(AppConfig):
    name = "schedule"
    verbose_name = _("Daily schedule")

    def ready(self):
        # Each app declares its daily tasks in its own daily.py (schedule.registry.daily); every process
        # (web, worker, scheduler) knows them all, so pages and runs read the same list.
        autodiscover_modules("daily")
