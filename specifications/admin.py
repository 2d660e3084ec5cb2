from django.contrib import admin

from specifications.models import (
    AbilityUnit,
    ExpertAppointment,
    Opinion,
    Specification,
    SpecificationVersion,
    Vote,
)


class UnitInline(admin.TabularInline):
    model = AbilityUnit
    extra = 0


class AppointmentInline(admin.TabularInline):
    model = ExpertAppointment
    extra = 0
    fk_name = "version"


@admin.register(Specification)
class SpecificationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "created_at"]
    search_fields = ["code", "name"]


@admin.register(SpecificationVersion)
class SpecificationVersionAdmin(admin.ModelAdmin):
    list_display = ["specification", "number", "status", "body", "published_on", "retired_on"]
    list_filter = ["status"]
    search_fields = ["specification__code", "specification__name"]
    # The workflow's state moves only through its transitions.
    readonly_fields = [
        "status",
        "round",
        "duplicates",
        "filed_on",
        "filing_reference",
        "published_on",
        "retired_on",
    ]
    inlines = [UnitInline, AppointmentInline]


@admin.register(Opinion)
class OpinionAdmin(admin.ModelAdmin):
    list_display = ["version", "round", "expert", "verdict", "recorded_at"]

    def has_change_permission(self, request, obj=None):
        return False  # kept as given


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["version", "round", "expert", "passes", "cast_at"]

    def has_change_permission(self, request, obj=None):
        return False  # every vote is kept as cast
