import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group

from core.roles import ROLES


@pytest.mark.django_db
def test_the_migrations_make_the_four_role_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


@pytest.mark.parametrize("app", ["dialogues", "opinions", "strategy"])
def test_every_model_has_an_admin_with_filters_and_search(app):
    for model in apps.get_app_config(app).get_models():
        if model._meta.auto_created or hasattr(model, "instance_type"):
            continue  # through tables, and the history of a model (shown on its own admin)
        model_admin = admin.site._registry.get(model)
        assert model_admin is not None, f"{model.__name__} has no admin"
        assert model_admin.list_filter, f"{model.__name__} admin has no list filter"
        assert model_admin.search_fields, f"{model.__name__} admin has no search"
