"""The app's models, one module per concern; Django reads them from here (app_label "shifts")."""

from shifts.jobs.models import DiagnosticResult, Job, JobChunk, JobEvent, JobStatus  # noqa: F401
from shifts.markings.models import Classification, Marked, Nation, classification_choices  # noqa: F401
from shifts.watch.models import (  # noqa: F401
    AlertAcknowledgement,
    HandoverEvent,
    HandoverQuestion,
    HandoverReport,
    HandoverSection,
    HandoverSectionVersion,
    HandoverStatus,
    LogCategory,
    LogEntry,
    Notification,
    SectionKind,
    Severity,
    ShiftEvent,
)
from shifts.workforce.models import (  # noqa: F401
    LIVE_SHIFT_STATUSES,
    Assignment,
    Certification,
    CertificationEvent,
    CertificationStatus,
    Crew,
    Evaluation,
    Officer,
    Position,
    Rule,
    Shift,
    ShiftStatus,
    SwapEvent,
    SwapRequest,
    SwapStatus,
    Waiver,
    Watch,
)
