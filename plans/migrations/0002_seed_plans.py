"""The plans as data: the 2022 plan with the figures of 渝人社办〔2022〕46号 part five, items 15–17, and a plan
for the year the migration runs in that carries the same figures over until the bureau enters its own.

Idempotent: rows that exist are left as they are. Reversing removes only the rows this seeded (targets
with the seeded figures; a seeded plan only once no other target is left on it)."""

from django.db import migrations
from django.utils import timezone

TITLE = "《2022年重庆市职业能力建设工作要点》"
DOCUMENT = f"{TITLE}（渝人社办〔2022〕46号）"
SOURCE = f"{DOCUMENT}第五部分第15–17条"
CARRIED_NAME = "《{year}年重庆市职业能力建设工作要点》（沿用2022年指标）"
CARRIED_SOURCE = f"沿用{SOURCE}"

# (metric, scope, body_kind, value, note): value None is "all of them" (应备尽备).
TARGETS = [
    ("bodies", "city", "", 500, "推动全市职业技能鉴定评价机构总量达到500家（第15条）"),
    ("bodies", "body_kind", "employer", 200, "鼓励更多企业申请备案为评价机构，力争总量达到200家（第15条）"),
    ("colleges_filed", "city", "", None, "实现全市技工院校评价机构“应备尽备”（第15条）"),
    ("evaluations", "city", "", 300_000, "全年开展技能人才评价30万人次（第15条）"),
    ("recognitions", "city", "", 200_000, "其中职业资格评价和技能等级认定20万人次（第15条）"),
    ("special_ability", "city", "", 100_000, "其中专项职业能力考核10万人次（第15条）"),
    ("examiners", "city", "", 2000, "认证考评员2000人次（第16条）"),
    ("supervisors", "city", "", 300, "认证质量督导员300人次（第16条）"),
    ("specifications", "city", "", 15, "开发15个新专项职业能力考核规范（第17条）"),
]


def seeded_plans(year: int) -> list[tuple[int, str, str]]:
    plans = [(2022, TITLE, SOURCE)]
    if year != 2022:
        plans.append((year, CARRIED_NAME.format(year=year), CARRIED_SOURCE))
    return plans


def seed(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    Target = apps.get_model("plans", "Target")
    for year, name, source in seeded_plans(timezone.localdate().year):
        plan, _created = Plan.objects.get_or_create(year=year, defaults={"name": name, "source": source})
        for metric, scope, body_kind, value, note in TARGETS:
            Target.objects.get_or_create(
                plan=plan,
                metric=metric,
                district=None,
                body_kind=body_kind,
                defaults={"scope": scope, "value": value, "note": note},
            )


def unseed(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    Target = apps.get_model("plans", "Target")
    # By name and source, not by today's year: the carried-over plan is of the year the migration ran in.
    for plan in Plan.objects.filter(source__in=[SOURCE, CARRIED_SOURCE]):
        if (plan.year, plan.name, plan.source) not in seeded_plans(plan.year):
            continue
        for metric, scope, body_kind, value, note in TARGETS:
            Target.objects.filter(
                plan=plan,
                metric=metric,
                scope=scope,
                district=None,
                body_kind=body_kind,
                value=value,
                note=note,
            ).delete()
        if not plan.targets.exists():
            plan.delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
