import pytest

from tests.advocacy.factories import CampaignFactory, make_staff


@pytest.fixture
def eager_tasks():
    """Run queued tasks in-process (the integration and browser tests use a real worker)."""
    from network.celery import app

    before = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield
    app.conf.update(task_always_eager=before[0], task_eager_propagates=before[1])


@pytest.fixture
def network_staff(db):
    return make_staff()


@pytest.fixture
def petition(db):
    return CampaignFactory(slug_es="agua-limpia", title_es="Agua limpia", title_en="Clean water")


@pytest.fixture
def staff_client(client, network_staff):
    client.force_login(network_staff)
    return client
