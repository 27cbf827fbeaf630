import re

import pytest
from django.test import Client


@pytest.mark.django_db
def test_whitenoise_serves_the_hashed_assets_of_a_page(us_chief):
    client = Client()
    client.force_login(us_chief.user)
    body = client.get("/").content.decode()
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', body)
    assert len(assets) == 5 and all(re.search(r"\.[0-9a-f]{12}\.", a) for a in assets), assets
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert "max-age=315360000" in response.headers["Cache-Control"]
