import pytest

from tests.certification.factories import load_standard_file


@pytest.fixture
def standard_v1(db):
    """sps-spo 1, published, from its file."""
    return load_standard_file("sps-spo-1.yaml")


@pytest.fixture
def standard_v2(standard_v1):
    """sps-spo 2 (loaded after 1, in force from 1 July 2027), published."""
    return load_standard_file("sps-spo-2.yaml")


# --- Part 3 (cert): a file ready for its resolution, and the people around it ----------


@pytest.fixture
def body(db):
    from tests.producers.factories import CertificationBodyFactory

    return CertificationBodyFactory(name="Certificadora Andina")


@pytest.fixture
def reviewer(body, coop_a):
    from network.models import RoleKind
    from tests.certification.factories import body_person

    return body_person("rita.reviewer@example.org", RoleKind.REVIEWER, body, coop_a,
                       full_name="Rita Reviewer")  # fmt: skip


@pytest.fixture
def committee(body, coop_a):
    from tests.certification.factories import committee_member

    return committee_member("carla.committee@example.org", body, coop_a,
                            full_name="Carla Committee")  # fmt: skip


@pytest.fixture
def evaluated(body, coop_a, reviewer):
    """Coop A's initial application, evaluated, reviewed by `reviewer`."""
    from tests.certification.factories import evaluated_file

    return evaluated_file(organization=coop_a, certification_body=body, reviewer=reviewer)
