from django.utils.functional import SimpleLazyObject

from todo.queues import counts_for


def badges(request):
    """The counts the navigation shows on its links (`badges.supervision`, `badges.todo`, ...).
    Lazy: the one counting query runs only when a template reads a badge (PDFs and bare pages don't)."""
    if not request.user.is_authenticated:
        return {"badges": {}}

    def compute() -> dict[str, int]:
        queues, counts = counts_for(request)
        return counts.badge(queues)

    return {"badges": SimpleLazyObject(compute)}
