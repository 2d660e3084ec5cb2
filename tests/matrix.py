"""Shared by the permission matrices: the roles, the world they act in, and the check itself.

World: body A (filed, 渝中区, administered by `admin_a`) and body B (filed, 九龙坡区, `admin_b`),
a district officer of each district, a centre officer, a quality supervisor and the bureau's admin.
"""

from accounts.roles import Role
from tests import factories

ROLES = ["anon", "admin_a", "admin_b", "district_same", "district_other", "centre", "supervisor", "bureau"]
LOGIN = 302  # login_required sends the anonymous visitor to the login page


def row(*codes: int) -> dict[str, int]:
    return dict(zip(ROLES, codes, strict=True))


def base_world() -> dict:
    """Two filed bodies in two districts and one user of every role, ready for a matrix to build on."""
    admin_a = factories.body_admin(username="admin_a")
    admin_b = factories.body_admin(username="admin_b")
    body_a = factories.filed_body(admin=admin_a)
    body_b = factories.filed_body(admin=admin_b, district_code=factories.JIULONGPO)
    bureau = factories.user_with_role(Role.BUREAU_ADMIN, username="bureau")
    bureau.is_staff = bureau.is_superuser = True
    bureau.save()
    users = {
        "anon": None,
        "admin_a": admin_a,
        "admin_b": admin_b,
        "district_same": factories.district_officer(factories.YUZHONG),
        "district_other": factories.district_officer(factories.JIULONGPO),
        "centre": factories.centre_officer(),
        "supervisor": factories.user_with_role(Role.SUPERVISOR),
        "bureau": bureau,
    }
    return {"body_a": body_a, "body_b": body_b, "users": users}


def mismatches(client, users: dict, role: str, matrix: list, ids: dict, *, post_data=None) -> list[str]:
    """Run every row of `matrix` — (method, url, expected[, data]) — as `role`; list what differs.

    Each request starts from a fresh login (a logout row ends the session). An anonymous 302 must
    lead to the login page.
    """
    found = []
    for method, url, expected, *rest in matrix:
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        data = rest[0] if rest else (post_data if method == "post" else None)
        response = getattr(client, method)(url.format(**ids), data)
        if response.status_code != expected[role]:
            found.append(f"{method.upper()} {url}: got {response.status_code}, expected {expected[role]}")
        elif (
            expected[role] == LOGIN
            and role == "anon"
            and url.startswith(
                (
                    "/registry/",
                    "/examiners/",
                    "/integrity/",
                    "/audits/",
                    "/certificates/",
                    "/schedule/",
                    "/notifications/",
                    "/jobs/",
                    "/todo/",
                    "/plans/",
                )
            )
            and not response.url.startswith("/accounts/login/")
        ):
            found.append(f"{method.upper()} {url}: redirected to {response.url}, not the login page")
    return found
