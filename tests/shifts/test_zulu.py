from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from shifts import zulu
from shifts.fields import ZuluDateTimeField


def test_every_instant_is_written_one_way_in_utc():
    sydney = timezone(timedelta(hours=11))
    instant = datetime(2026, 12, 2, 19, 55, 30, tzinfo=sydney)
    assert zulu.zulu(instant) == "2026-12-02 0855Z"
    assert zulu.zulu(instant, seconds=True) == "2026-12-02 0855:30Z"
    assert zulu.day(date(2026, 2, 12)) == "2026-02-12"


@pytest.mark.parametrize(
    "typed",
    ["2026-12-02 0855Z", "2026-12-02 0855", "2026-12-02T08:55", "2026-12-02 08:55", "2026-12-02t08:55z"],
)
def test_inputs_take_the_floor_form_and_pasted_iso(typed):
    assert ZuluDateTimeField().clean(typed) == datetime(2026, 12, 2, 8, 55, tzinfo=UTC)


@pytest.mark.parametrize("typed", ["12/02/2026 08:55", "2026-13-02 0855Z", "yesterday"])
def test_an_ambiguous_or_wrong_time_is_refused_with_the_form_to_use(typed):
    with pytest.raises(Exception, match="write it as 2026-12-02 0855Z"):
        ZuluDateTimeField().clean(typed)


def test_an_input_shows_the_saved_time_in_the_floor_form():
    rendered = ZuluDateTimeField().widget.render(
        "occurred_at", ZuluDateTimeField().prepare_value(datetime(2026, 12, 2, 8, 55, tzinfo=UTC))
    )
    assert 'value="2026-12-02 0855Z"' in rendered
