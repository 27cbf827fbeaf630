"""The workforce: officers, the watches (shifts) and their seats, positions, crews, certification, swaps."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from shifts.markings.models import Nation, classification_choices


class Officer(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer")
    nation = models.ForeignKey(Nation, on_delete=models.PROTECT, related_name="officers")
    rank = models.CharField(max_length=40, blank=True)
    service = models.CharField(max_length=60, blank=True)
    clearance = models.PositiveSmallIntegerField(choices=classification_choices, default=0)
    active = models.BooleanField(default=True)
    # The secret of the officer's iCal feed; revoked by replacing it (None: no feed).
    ical_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        name = self.user.get_full_name() or self.user.get_username()
        return f"{self.rank} {name} ({self.nation.code})".strip()


class Watch(models.TextChoices):
    MID = "mid", "Mid"
    DAY = "day", "Day"
    SWING = "swing", "Swing"


class ShiftStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ON_WATCH = "on_watch", "On watch"
    HANDING_OVER = "handing_over", "Handing over"
    CLOSED = "closed", "Closed"


# The statuses of the one shift that holds the watch.
LIVE_SHIFT_STATUSES = (ShiftStatus.ON_WATCH, ShiftStatus.HANDING_OVER)


class Shift(models.Model):
    """One 8-hour watch, all times UTC; its status changes only through shifts.watch.services.lifecycle."""

    watch = models.CharField(max_length=10, choices=Watch.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=ShiftStatus.choices, default=ShiftStatus.PLANNED)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["starts_at"], name="shift_unique_start"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"
            ),
            # At most one shift holds the watch, whatever path writes (admin, shell, a race of two sign-ons):
            # a partial unique index on a value every live shift shares. A unique index on `status` would
            # let one shift be on watch while another hands over; this one counts both as the same.
            models.UniqueConstraint(
                models.Case(models.When(status__in=LIVE_SHIFT_STATUSES, then=models.Value("live"))),
                condition=Q(status__in=LIVE_SHIFT_STATUSES),
                name="shift_one_on_watch",
                violation_error_message="another shift is already on watch",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_watch_display()} {self.starts_at:%Y-%m-%d %H%MZ}"


class Position(models.Model):
    """A seat on the watch floor. Eligibility is position x nationality: no nations listed means all."""

    code = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=100)
    is_chief = models.BooleanField(default=False, help_text="The Chief of Current Operations' seat")
    eligible_nations = models.ManyToManyField(Nation, blank=True, related_name="positions")
    min_on_watch = models.PositiveSmallIntegerField(default=1)
    cert_validity_months = models.PositiveSmallIntegerField(default=18)

    class Meta:
        ordering = ["-is_chief", "code"]
        constraints = [
            # The chief seat holds exactly one officer: the roster rules rely on it.
            models.CheckConstraint(
                condition=Q(is_chief=False) | Q(min_on_watch=1), name="position_one_chief"
            ),
            models.UniqueConstraint(
                fields=["is_chief"], condition=Q(is_chief=True), name="position_single_chief"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Crew(models.Model):
    name = models.CharField(max_length=60, unique=True)
    members = models.ManyToManyField(Officer, blank=True, related_name="crews")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """Who held which seat on which watch. Written only by `shifts.workforce.services.roster`."""

    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="assignments")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="assignments")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="assignments")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=20, default="ui", help_text="ui, api, admin, generator, swap")

    class Meta:
        ordering = ["shift__starts_at", "-position__is_chief", "position__code"]
        constraints = [
            models.UniqueConstraint(fields=["shift", "officer"], name="assignment_one_seat_per_shift")
        ]
        indexes = [models.Index(fields=["officer", "position"])]

    def __str__(self) -> str:
        return f"{self.officer} as {self.position} on {self.shift}"


class Rule(models.TextChoices):
    """The roster rules; a violation and a waiver name one of these."""

    ONE_CCO = "one_cco", "Exactly one CCO per shift"
    CERTIFIED = "certified", "Certified for the whole shift"
    CURRENT = "current", "Current, or supervised by a current officer"
    NATION = "nation", "Nation eligible for the position"
    OVERLAP = "overlap", "No overlapping shifts"
    REST = "rest", "Minimum rest between shifts"
    CONSECUTIVE = "consecutive", "Maximum consecutive watches"
    MANNING = "manning", "Minimum manning per position"
    # Not a roster rule: waived on the outgoing shift, it lets the incoming CCO accept before the window.
    EARLY_RELIEF = "early_relief", "Handover accepted before the acceptance window"


class Waiver(models.Model):
    """An approved exception to one rule for one shift (and one officer, or the whole shift when blank)."""

    rule = models.CharField(max_length=20, choices=Rule.choices)
    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="waivers")
    officer = models.ForeignKey(
        Officer, null=True, blank=True, on_delete=models.PROTECT, related_name="waivers"
    )
    reason = models.TextField()
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Waiver of {self.rule} on {self.shift}"


class CertificationStatus(models.TextChoices):
    IN_TRAINING = "in_training", "In training"
    AWAITING_EVALUATION = "awaiting_evaluation", "Awaiting evaluation"
    CERTIFIED = "certified", "Certified"
    SUSPENDED = "suspended", "Suspended"
    DECERTIFIED = "decertified", "Decertified"
    EXPIRED = "expired", "Expired"


class Certification(models.Model):
    """One officer's qualification on one position. Status changes only through the certification service."""

    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="certifications")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="certifications")
    status = models.CharField(
        max_length=20,
        choices=CertificationStatus.choices,
        default=CertificationStatus.IN_TRAINING,
        db_index=True,
    )
    certified_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True, help_text="Valid through the end of this day (UTC)")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["officer__user__last_name", "-position__is_chief", "position__code"]
        constraints = [models.UniqueConstraint(fields=["officer", "position"], name="certification_unique")]
        permissions = [("certify_officer", "Can evaluate and certify officers")]

    def __str__(self) -> str:
        return f"{self.officer} {self.position}: {self.get_status_display()}"


class CertificationEvent(models.Model):
    """Append-only history of a certification: who moved it, when, from what, to what, why."""

    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    from_status = models.CharField(max_length=20, choices=CertificationStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CertificationStatus.choices)
    reason = models.TextField()

    class Meta:
        ordering = ["at", "id"]


class Evaluation(models.Model):
    """One evaluation attempt on a certification."""

    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="evaluations")
    evaluated_on = models.DateField()
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    passed = models.BooleanField()
    remarks = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-evaluated_on", "-id"]


class SwapStatus(models.TextChoices):
    OFFERED = "offered", "Offered"
    PROPOSED = "proposed", "Replacement proposed"
    CONSENTED = "consented", "Replacement consented, awaiting approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class SwapRequest(models.Model):
    """An officer offers their seat on a shift; a replacement that keeps every rule takes it once approved."""

    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="swap_requests")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="+")
    requester = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="swaps_offered")
    replacement = models.ForeignKey(
        Officer, null=True, blank=True, on_delete=models.PROTECT, related_name="swaps_taken"
    )
    status = models.CharField(max_length=20, choices=SwapStatus.choices, default=SwapStatus.OFFERED)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("schedule_roster", "Can edit the roster and approve swaps")]

    def __str__(self) -> str:
        return f"Swap {self.pk}: {self.requester} on {self.shift} ({self.status})"


class SwapEvent(models.Model):
    """Append-only history of a swap request."""

    swap = models.ForeignKey(SwapRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    from_status = models.CharField(max_length=20, choices=SwapStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=SwapStatus.choices)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
