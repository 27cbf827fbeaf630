import pytest

from shifts.markings.banners import banner, highest, portion
from tests.factories import nation
from tests.shifts.watch_scenario import change_of_watch


def test_banners_put_usa_first_then_the_rest_alphabetically():
    assert banner(2, ["GBR", "CAN", "USA", "AUS"]) == "SECRET//REL TO USA, AUS, CAN, GBR"
    assert banner(2, ["USA"]) == "SECRET//NOFORN"
    assert portion(2, ["USA"]) == "S//NF" and portion(0, ["USA", "GBR"]) == "U"
    assert highest([(0, ["USA", "GBR", "CAN"]), (2, ["USA", "GBR"])]) == (2, ["GBR", "USA"])


def test_the_levels_are_a_configurable_ordered_list(settings):
    settings.OPSCENTER = {
        **settings.OPSCENTER,
        "CLASSIFICATION_LEVELS": ["UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET"],
    }
    assert banner(1, ["GBR", "USA"]) == "RESTRICTED//REL TO USA, GBR"
    assert banner(3, ["USA"]) == "SECRET//NOFORN"
    assert portion(1, ["USA"]) == "R//NF"


@pytest.mark.django_db
def test_a_configured_level_shows_on_the_page_and_guards_like_any_other(settings, logged_in):
    from shifts.watch.services import log as watch

    settings.OPSCENTER = {
        **settings.OPSCENTER,
        "CLASSIFICATION_LEVELS": ["UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET"],
    }
    floor = change_of_watch()
    floor.uk_operator.clearance = 1
    floor.uk_operator.save()
    watch.log_entry_create(
        author=floor.us_chief,
        category="other",
        severity=1,
        text="Restricted note",
        classification=1,
        releasable_to=[nation("USA"), nation("GBR")],
    )
    watch.log_entry_create(
        author=floor.us_chief,
        category="other",
        severity=1,
        text="Confidential note",
        classification=2,
        releasable_to=[nation("USA"), nation("GBR")],
    )
    page = logged_in(floor.uk_operator).get("/log/").content.decode()
    assert "Restricted note" in page and "Confidential note" not in page
    assert "RESTRICTED//REL TO USA, GBR" in page
