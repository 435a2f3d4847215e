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
