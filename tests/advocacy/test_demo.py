from advocacy import demo
from advocacy.models import Campaign, Declaration, Signature
from network import demo as network_demo


def test_the_demo_data_loads_twice_without_duplicates(db):
    network_demo.load()
    first = demo.load()
    second = demo.load()
    assert first == second and "precio-justo-cafe" in first[0]
    assert Campaign.objects.filter(status="published").count() == 2
    assert Signature.objects.count() == len(demo.SIGNERS)
    assert Declaration.objects.filter(status="declared").count() == 1
