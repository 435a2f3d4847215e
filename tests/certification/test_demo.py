from certification import demo
from certification.models import ConflictDeclaration, StandardVersion
from certification.selectors import has_current_no_conflict, standard_in_force
from network import demo as network_demo
from network.models import ActivityLog, User
from producers import demo as producers_demo
from producers.models import Organization


def test_the_demo_data_loads_twice_without_duplicates(db):
    network_demo.load()
    producers_demo.load()
    first = demo.load()
    logged = ActivityLog.objects.count()
    second = demo.load()
    assert first == second and "evaluacion@certificadora-andina.test" in first[0]
    assert ActivityLog.objects.count() == logged
    assert standard_in_force("sps-spo") == StandardVersion.objects.get()
    evaluator = User.objects.get(email="evaluacion@certificadora-andina.test")
    valle_alto = Organization.objects.get(short_name="Valle Alto")
    assert ConflictDeclaration.objects.count() == 1
    assert has_current_no_conflict(evaluator, valle_alto)
