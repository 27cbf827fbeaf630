"""The admin never moves a state machine behind its service's back, and shows only what the reader may see."""

from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.utils import timezone

from shifts.jobs import services as jobs
from shifts.jobs.models import Job
from shifts.markings.admin import ReleasableAdmin
from shifts.markings.models import Classification, Marked, Nation
from shifts.watch.services import handover
from shifts.workforce.models import Certification, CertificationStatus, Shift, ShiftStatus
from tests.factories import coalition, nation, persona, shift_at
from tests.http import csrf_post
from tests.shifts.factories import certified, position
from tests.shifts.watch_scenario import change_of_watch

# Every field that is the state of a state machine; none may be an input of an admin form.
STATE_FIELDS = {"status", "is_current", "cancel_requested", "run_token", "accepted_at", "accepted_by"}


def superuser(username: str = "usa.admin", nation_code: str = "USA"):
    officer = persona(username, nation_code)
    officer.user.is_staff = officer.user.is_superuser = True
    officer.user.save()
    return officer


def foreign_staff(username: str = "gbr.staff"):
    """A British staff user cleared SECRET who may view every model in the admin."""
    officer = persona(username, "GBR")
    officer.user.is_staff = True
    officer.user.save()
    officer.user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return officer


def _shift_form(shift: Shift, **overrides) -> dict:
    data = {
        "watch": shift.watch,
        "starts_at_0": f"{shift.starts_at:%Y-%m-%d}",
        "starts_at_1": f"{shift.starts_at:%H:%M:%S}",
        "ends_at_0": f"{shift.ends_at:%Y-%m-%d}",
        "ends_at_1": f"{shift.ends_at:%H:%M:%S}",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    return data | overrides


@pytest.mark.django_db
def test_it_does_not_put_a_shift_on_watch_from_the_admin_form(logged_in):
    floor = change_of_watch()
    client = logged_in(superuser())
    url = f"/admin/shifts/shift/{floor.incoming.pk}/change/"
    later = floor.incoming.ends_at + timedelta(hours=1)

    response = csrf_post(
        client, url, _shift_form(floor.incoming, status="on_watch", ends_at_1=f"{later:%H:%M:%S}")
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    floor.incoming.refresh_from_db()
    assert floor.incoming.status == ShiftStatus.PLANNED
    assert floor.incoming.ends_at == later  # the form itself was saved: only the status was ignored
    assert Shift.objects.filter(status=ShiftStatus.ON_WATCH).count() == 1


@pytest.mark.django_db
def test_it_freezes_a_shift_that_has_held_the_watch(logged_in):
    floor = change_of_watch()
    client = logged_in(superuser())
    later = floor.outgoing.ends_at + timedelta(hours=1)

    csrf_post(
        client,
        f"/admin/shifts/shift/{floor.outgoing.pk}/change/",
        _shift_form(floor.outgoing, status="closed", ends_at_1=f"{later:%H:%M:%S}"),
    )

    floor.outgoing.refresh_from_db()
    assert floor.outgoing.status == ShiftStatus.ON_WATCH and floor.outgoing.ends_at != later


@pytest.mark.django_db
@pytest.mark.parametrize("first", [ShiftStatus.ON_WATCH, ShiftStatus.HANDING_OVER])
@pytest.mark.parametrize("second", [ShiftStatus.ON_WATCH, ShiftStatus.HANDING_OVER])
def test_the_database_refuses_a_second_shift_on_watch(first, second):
    start = shift_at(timezone.now()).starts_at
    Shift.objects.filter(starts_at=start).update(status=first)
    other = shift_at(start + timedelta(hours=8))

    with pytest.raises(IntegrityError), transaction.atomic():
        Shift.objects.filter(pk=other.pk).update(status=second)


@pytest.mark.django_db
def test_the_database_allows_any_number_of_planned_and_closed_shifts():
    first = shift_at(timezone.now())
    for hours, status in ((8, ShiftStatus.PLANNED), (16, ShiftStatus.CLOSED), (24, ShiftStatus.CLOSED)):
        Shift.objects.filter(pk=shift_at(first.starts_at + timedelta(hours=hours)).pk).update(status=status)
    Shift.objects.filter(pk=first.pk).update(status=ShiftStatus.ON_WATCH)
    assert Shift.objects.count() == 4


@pytest.mark.django_db
def test_the_handover_still_moves_the_watch_under_the_constraint():
    floor = change_of_watch()
    report = handover.handover_open(shift=floor.outgoing, by=floor.us_chief)
    handover.handover_submit(report=report, officer=floor.us_chief)

    handover.handover_accept(report=report, officer=floor.can_chief)

    assert list(Shift.objects.exclude(status=ShiftStatus.PLANNED).values_list("pk", "status")) == [
        (floor.outgoing.pk, ShiftStatus.CLOSED),
        (floor.incoming.pk, ShiftStatus.ON_WATCH),
    ]


@pytest.mark.django_db
def test_no_admin_form_edits_a_state_field():
    """Every registered model's change form, for a superuser: no status is an input."""
    coalition()
    request = RequestFactory().get("/admin/")
    request.user = superuser().user
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_change_permission(request) and not model_admin.has_add_permission(request):
            continue
        form = model_admin.get_form(request, None)
        editable = STATE_FIELDS & set(form.base_fields)
        assert not editable, f"{model.__name__} admin edits {editable}"


def _leads_to_marked(model) -> bool:
    return any(
        field.is_relation and field.many_to_one and issubclass(field.related_model, Marked)
        for field in model._meta.get_fields()
    )


def test_every_admin_of_a_marked_model_filters_by_releasability():
    """A model added to the admin tomorrow is in this test: marked, or derived from a marked row by a foreign
    key (a job's results), its admin must filter through the selectors."""
    for model, model_admin in admin.site._registry.items():
        if issubclass(model, Marked):
            assert isinstance(model_admin, ReleasableAdmin), f"{model.__name__} admin ignores markings"
        elif _leads_to_marked(model) and model._meta.app_label in ("shifts", "tracking"):
            assert isinstance(model_admin, ReleasableAdmin) and model_admin.marked_through, (
                f"{model.__name__} admin shows rows derived from marked ones: set marked_through"
            )


@pytest.mark.django_db
def test_the_admin_hides_a_noforn_job_from_a_foreign_staff_user(logged_in):
    coalition()
    job = jobs.job_submit(
        kind="diagnostic", params={}, classification=Classification.SECRET, releasable_to=[nation("USA")]
    )
    uk = logged_in(foreign_staff())

    listing = uk.get("/admin/shifts/job/")
    page = uk.get(f"/admin/shifts/job/{job.pk}/change/", follow=True)

    assert listing.status_code == 200 and f"/admin/shifts/job/{job.pk}/" not in listing.content.decode()
    assert page.redirect_chain and "doesn’t exist" in page.content.decode()
    us = logged_in(superuser())
    assert f"/admin/shifts/job/{job.pk}/" in us.get("/admin/shifts/job/").content.decode()


@pytest.mark.django_db
def test_a_superuser_sees_no_marking_beyond_their_own(logged_in):
    coalition()
    job = jobs.job_submit(
        kind="diagnostic",
        params={},
        classification=Classification.SECRET,
        releasable_to=list(Nation.objects.all()),
    )
    low = superuser()
    low.clearance = Classification.CONFIDENTIAL
    low.save()

    listing = logged_in(low).get("/admin/shifts/job/").content.decode()

    assert f"/admin/shifts/job/{job.pk}/" not in listing


@pytest.mark.django_db
def test_the_expire_action_runs_the_certification_service(logged_in):
    coalition()
    cert = certified(persona("gbr.lapsed", "GBR"), position("OPS"), expires_on=date(2020, 1, 31))
    client = logged_in(superuser())

    csrf_post(
        client,
        "/admin/shifts/certification/",
        {"action": "expire_lapsed", "_selected_action": [cert.pk]},
    )

    cert.refresh_from_db()
    assert cert.status == CertificationStatus.EXPIRED
    assert cert.events.filter(to_status=CertificationStatus.EXPIRED).count() == 1


@pytest.mark.django_db
def test_the_cancel_action_runs_the_job_engine_and_its_rule_of_who_may_cancel(logged_in):
    coalition()
    admin_officer = superuser()
    everyone = list(Nation.objects.all())
    theirs = jobs.job_submit(kind="diagnostic", params={}, releasable_to=everyone)
    mine = jobs.job_submit(
        kind="diagnostic", params={}, releasable_to=everyone, requested_by=admin_officer.user
    )

    page = csrf_post(
        logged_in(admin_officer),
        "/admin/shifts/job/",
        {"action": "cancel", "_selected_action": [theirs.pk, mine.pk]},
        follow=True,
    )

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == "cancelled" and mine.events.filter(to_status="cancelled").exists()
    assert theirs.status == "queued", "being an admin is not being on the watch: the job engine's rule holds"
    assert f"may cancel job {theirs.pk}" in page.content.decode()
    assert Job.objects.count() == 2 and Certification.objects.count() == 0


@pytest.mark.django_db
def test_two_ccos_signing_on_at_once_one_is_refused_by_the_database(monkeypatch):
    from shifts.refusals import Refusal
    from shifts.watch.services import lifecycle as watch

    floor = change_of_watch(on_watch=False)
    transition = watch.shift_transition

    def raced(shift, to, **kwargs):
        # The other CCO's sign-on lands between this one's check and its write.
        Shift.objects.filter(pk=floor.incoming.pk).update(status=ShiftStatus.ON_WATCH)
        return transition(shift, to, **kwargs)

    monkeypatch.setattr(watch, "shift_transition", raced)
    with pytest.raises(Refusal) as refused:
        watch.shift_sign_on(shift=floor.outgoing, officer=floor.us_chief)

    assert refused.value.rule == "one_watch" and refused.value.http_status == 409
    floor.outgoing.refresh_from_db()
    assert floor.outgoing.status == ShiftStatus.PLANNED
