"""What the job engine tells the floor: the watch, a floor above, listens (`shifts.watch.receivers`)."""

from django.dispatch import Signal

job_failed = Signal()  # job_id: sent after the transaction that failed the job commits
