"""Admin for the bureau administrator. Plans and targets are read-only here: they are changed on the plan
pages (/plans/), which keep each change in the plan's history. The colleges' catalogue is editable."""

from django.contrib import admin

from plans.forms import CollegeForm
from plans.models import Plan, PlanChange, Target, TechnicalCollege


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TargetInline(ReadOnly, admin.TabularInline):
    model = Target
    fields = ["metric", "scope", "district", "body_kind", "value", "note"]
    readonly_fields = fields
    extra = 0


class ChangeInline(ReadOnly, admin.TabularInline):
    model = PlanChange
    fields = ["at", "by", "action", "before", "after"]
    readonly_fields = fields
    extra = 0


@admin.register(Plan)
class PlanAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["year", "name", "source"]
    search_fields = ["name", "source"]
    inlines = [TargetInline, ChangeInline]


@admin.register(Target)
class TargetAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["plan", "metric", "scope", "district", "body_kind", "value"]
    list_filter = ["plan__year", "metric", "scope"]


@admin.register(PlanChange)
class PlanChangeAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["at", "plan", "action", "by"]
    list_filter = ["action", "plan__year"]


@admin.register(TechnicalCollege)
class TechnicalCollegeAdmin(admin.ModelAdmin):
    form = CollegeForm  # the credit code checked (GB 32100) as on the catalogue's pages
    list_display = ["name", "credit_code", "district", "closed_on"]
    list_filter = ["district"]
    search_fields = ["name", "credit_code"]
