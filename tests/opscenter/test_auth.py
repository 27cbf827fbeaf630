import pytest
from django.conf import settings

from tests.factories import PASSWORD

PAGES = ["/", "/jobs/", "/jobs/1/", "/api/v1/jobs/", "/api/v1/schema/", "/api/v1/docs/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_it_turns_away_anonymous_readers(client, url):
    response = client.get(url)
    if url.startswith("/api/"):
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == 302
        assert response.url.startswith("/login/")


def test_it_lets_an_officer_log_in_see_the_shell_and_log_out(client, us_chief):
    page = client.get("/login/")
    assert page.status_code == 200 and b"Log in to the watch" in page.content
    response = client.post("/login/", {"username": "us_chief", "password": PASSWORD}, follow=True)
    body = response.content.decode()
    assert "Watch floor" in body and "Dana Reyes" in body and ">USA<" in body
    assert settings.OPSCENTER["CLASSIFICATION_BANNER"] in body
    client.post("/logout/")
    assert client.get("/").status_code == 302


def test_a_wrong_password_is_refused(client, us_chief):
    response = client.post("/login/", {"username": "us_chief", "password": "nope"})
    assert response.status_code == 200
    assert b"did not match" in response.content


def test_sessions_end_after_twelve_hours_idle():
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_the_admin_is_on(client, us_chief):
    us_chief.user.is_staff = us_chief.user.is_superuser = True
    us_chief.user.save()
    client.login(username="us_chief", password=PASSWORD)
    assert client.get("/admin/shifts/job/").status_code == 200


def test_static_assets_are_served_by_the_app_not_a_cdn(client, us_chief):
    client.login(username="us_chief", password=PASSWORD)
    body = client.get("/").content.decode()
    assert "//cdn" not in body and "https://" not in body
    for asset in (
        "opscenter/opscenter.css",
        "django_htmx/htmx-2.min.js",
        "opscenter/clock.js",
        "opscenter/favicon.svg",
    ):
        assert f"/static/{asset.rsplit('.', 1)[0]}" in body
    docs = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in docs and "https://" not in docs.split("<body")[0]
