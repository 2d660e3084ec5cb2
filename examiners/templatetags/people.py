from django import template

from examiners.models.person import mask_id
from examiners.selectors import sees_everyone

register = template.Library()


@register.simple_tag(takes_context=True)
def person_id(context, person) -> str:
    """The resident ID in full for centre officers, masked (5001**********123X) for everyone else."""
    request = context.get("request")
    if request is not None and sees_everyone(request.user):
        return person.id_number
    return mask_id(person.id_number)
