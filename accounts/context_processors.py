from accounts.roles import Role, roles_of


def roles(request):
    codes = roles_of(request.user)
    return {
        "user_roles": codes,
        "Role": Role,
        "is_staff_officer": bool(codes & {Role.CENTRE_OFFICER, Role.DISTRICT_OFFICER}),
    }
