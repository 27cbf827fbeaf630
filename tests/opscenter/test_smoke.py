def test_it_requires_login(client):
    assert client.get("/jobs/").status_code == 302
