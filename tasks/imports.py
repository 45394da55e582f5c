"""Huey task for large spreadsheet imports: the admin's preview or confirm runs here and stores
its progress in the job's state file, which the admin polls for its progress bar."""

from huey.contrib.djhuey import task

from registers.imports import jobs


@task()
def run_import_job(token: str, confirm: bool = False) -> str:
    """Safe to run twice: a job another worker holds, or already done, returns at once."""
    job = jobs.ImportJob(token)
    result = job.run(confirm)
    return result.summary() if result else "held by another worker"


def enqueue(token: str, confirm: bool) -> None:
    run_import_job(token, confirm)


jobs.ASYNC_RUNNER = enqueue
