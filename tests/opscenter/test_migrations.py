import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_models_and_their_migrations_agree():
    # A model moved between modules must not move the database: no migration is pending.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
