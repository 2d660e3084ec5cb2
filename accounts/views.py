from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.forms import SignupForm
from accounts.services import sign_up_body_admin


def signup(request):
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = sign_up_body_admin(form=form)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Account created. You can now apply to file your organisation."))
        return redirect("registry:dashboard")
    return render(request, "registration/signup.html", {"form": form})
