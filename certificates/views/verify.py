"""Public certificate verification (domain.md §5): certificate number + holder's name → the certificate.

A wrong name and an unknown number get the same answer, so the page cannot be used to learn which
numbers exist or who holds them; look-ups are counted per client address and capped.
"""

import unicodedata

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from certificates.models import CertificateStatus, Result
from examiners.models.person import mask_id

NUMBER_MAX = 30  # longer input is not a certificate number (22 characters; 特级技师 too)
NAME_MAX = 60


def _normalised(data) -> tuple[str, str]:
    """Number without spaces, upper case, full-width characters folded; name with single spaces."""
    number = unicodedata.normalize("NFKC", data.get("no") or "")
    number = "".join(number.split()).upper()
    name = " ".join(unicodedata.normalize("NFKC", data.get("name") or "").split())
    return number, name


def _over_limit(request) -> bool:
    """Count one look-up for the client; True once it has made more than the limit in the window."""
    limit, window = settings.VERIFY_RATE_LIMIT
    key = f"verify-rate:{request.META.get('REMOTE_ADDR', '')}"
    # The window starts with the client's first look-up and the count expires with it.
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


def find_certificate(number: str, name: str) -> Result | None:
    """The certificate with this number held by this person (issued or revoked), or None."""
    if not number or not name or len(number) > NUMBER_MAX or len(name) > NAME_MAX:
        return None
    return (
        Result.objects.filter(certificate_no=number, name=name)
        .exclude(status=CertificateStatus.NOT_ISSUED)
        .select_related("body", "occupation")
        .order_by("-issue_date", "-pk")
        .first()
    )


@never_cache
def verify(request):
    """The form, and its answer: GET ?no=&name= (a link on a certificate) or the form's POST."""
    data = request.POST if request.method == "POST" else request.GET
    number, name = _normalised(data)
    context = {"number": number, "name": name, "asked": False}
    if not (number or name):
        return render(request, "certificates/verify.html", context)
    if not (number and name):
        context["error"] = _("Enter both the certificate number and the holder's name.")
        return render(request, "certificates/verify.html", context)
    if _over_limit(request):
        context["error"] = _(
            "Too many look-ups from your address. Wait %(seconds)s seconds and try again."
        ) % {"seconds": settings.VERIFY_RATE_LIMIT[1]}
        response = render(request, "certificates/verify.html", context, status=429)
        response["Retry-After"] = str(settings.VERIFY_RATE_LIMIT[1])
        return response
    certificate = find_certificate(number, name)
    context.update(
        asked=True,
        certificate=certificate,
        masked_id=mask_id(certificate.id_number) if certificate else "",
        revoked=certificate is not None and certificate.status == CertificateStatus.REVOKED,
    )
    return render(request, "certificates/verify.html", context, status=200 if certificate else 404)
