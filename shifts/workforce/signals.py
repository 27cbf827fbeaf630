"""What the workforce tells the floor. Notifications belong to the watch, a floor above: the workforce
sends these after its transaction commits, and `shifts.watch.receivers` turns them into notifications."""

from django.dispatch import Signal

seat_changed = Signal()  # officer, key, text: a seat of theirs was added or removed
swap_offered = Signal()  # swap, candidates: who could take an offered seat
swap_proposed = Signal()  # swap: its named replacement is asked to consent
swap_waiting = Signal()  # swap: consented, waiting for an approver
