import pytest
from django.tasks.base import TaskResultStatus
from django.tasks.signals import task_finished


@pytest.fixture(autouse=True)
def _tasks_must_not_fail():
    """The immediate backend records a failed task instead of raising: make such a failure fail the test."""
    failed = []

    def watch(sender, task_result, **kwargs):
        if task_result.status == TaskResultStatus.FAILED:
            failed.append(task_result.errors[-1].traceback)

    task_finished.connect(watch)
    yield
    task_finished.disconnect(watch)
    assert not failed, "a task failed:\n" + "\n".join(failed)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs the block's on-commit callbacks (the deliveries) at its end, as a
    real commit would; the test's own transaction never commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
