from django.contrib.auth.models import Group, User
from django.db import transaction

from accounts.models import Profile
from accounts.roles import Role


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str | None,
    roles: list[str],
    display_name: str = "",
    email: str = "",
    phone: str = "",
    district=None,
    is_staff: bool = False,
) -> User:
    """Create an account with its roles (groups) and profile."""
    user = User.objects.create_user(username=username, password=password, email=email, is_staff=is_staff)
    user.groups.set([Group.objects.get_or_create(name=role)[0] for role in roles])
    Profile.objects.create(user=user, display_name=display_name, phone=phone, district=district)
    return user


def sign_up_body_admin(*, form) -> User:
    """Self-registration: every new account is a body administrator with no body yet."""
    data = form.cleaned_data
    return create_user(
        username=data["username"],
        password=data["password1"],
        roles=[Role.BODY_ADMIN],
        display_name=data["display_name"],
        email=data.get("email", ""),
        phone=data.get("phone", ""),
    )
