"""The default request categories and their deadlines; staff change them as data.

Urgent requests: first response within 2 hours everywhere; safety and work injury, where a
worker may be in danger, within 4 hours even when not marked urgent.
"""

from django.db import migrations

# code, name, first response (h), resolution (h), urgent first response (h), order
CATEGORIES = [
    ("wages", "工资报酬", 24, 15 * 24, 2, 10),
    ("social_insurance", "社会保险", 24, 15 * 24, 2, 20),
    ("labour_contract", "劳动合同", 24, 15 * 24, 2, 30),
    ("work_injury", "工伤认定与待遇", 4, 10 * 24, 2, 40),
    ("dismissal", "解除劳动关系", 24, 10 * 24, 2, 50),
    ("safety", "安全生产与职业健康", 4, 5 * 24, 2, 60),
    ("union_rights", "工会权益", 48, 15 * 24, 2, 70),
    ("other", "其他", 48, 15 * 24, 2, 80),
]


def add_categories(apps, schema_editor):
    RequestCategory = apps.get_model("rights", "RequestCategory")
    for code, name, response, resolution, urgent, order in CATEGORIES:
        RequestCategory.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "response_hours": response,
                "resolution_hours": resolution,
                "urgent_response_hours": urgent,
                "order": order,
            },
        )


def remove_categories(apps, schema_editor):
    RequestCategory = apps.get_model("rights", "RequestCategory")
    RequestCategory.objects.filter(code__in=[row[0] for row in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("rights", "0001_initial")]

    operations = [migrations.RunPython(add_categories, remove_categories)]
