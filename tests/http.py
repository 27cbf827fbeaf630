from django.test import Client


def csrf_post(client: Client, url: str, data=None, **kwargs):
    """POST as a browser does: with the CSRF token from the cookie a page set."""
    client.get("/jobs/")
    token = client.cookies["csrftoken"].value
    return client.post(url, data or {}, HTTP_X_CSRFTOKEN=token, **kwargs)
