"""Admin for the bureau administrator: catalogues are editable; bodies and applications are read-only
here, because every change of state must go through the transitions (and their log) on the pages."""

from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from registry.models import AssessmentBody, District, FilingApplication, Occupation, ScopeLine


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "type"]
    search_fields = ["code", "name"]


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "major_group", "edition"]
    list_filter = ["major_group", "edition"]
    search_fields = ["code", "name"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ScopeInline(admin.TabularInline):
    model = ScopeLine
    fk_name = "body"
    extra = 0
    can_delete = False
    readonly_fields = ["occupation", "work_type", "level", "effective_from", "effective_to"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AssessmentBody)
class AssessmentBodyAdmin(GuardedModelAdmin, ReadOnlyAdmin):
    list_display = ["name", "filing_no", "kind", "district", "status", "valid_to"]
    list_filter = ["status", "kind", "district"]
    search_fields = ["name", "credit_code", "filing_no"]
    inlines = [ScopeInline]


@admin.register(FilingApplication)
class FilingApplicationAdmin(ReadOnlyAdmin):
    list_display = ["reference", "body", "kind", "status", "submitted_at"]
    list_filter = ["status", "kind"]
    search_fields = ["reference", "body__name"]
