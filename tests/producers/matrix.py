"""Routes of the producers app in the permission matrix (see tests/matrix.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from network.files import validate_upload
from network.models import RoleKind
from tests.fixtures.personas import make_user
from tests.matrix import (
    ANONYMOUS,
    COOP_A_ADMIN,
    COOP_A_VIEWER,
    COOP_B_ADMIN,
    EVALUATOR,
    LOGIN,
    NETWORK_STAFF,
    OTHER_COUNTRY_STAFF,
    Route,
)
from tests.producers.factories import (
    CertificationBodyFactory,
    CountryNetworkFactory,
    MemberFactory,
    OrganizationFactory,
    ProductFactory,
    ProductNetworkFactory,
    grant,
    pdf_upload,
)


def build(world) -> dict:
    from network.services.roles import invitation_create
    from producers.services.documents import document_create
    from producers.services.members import register_upload

    users = world.users
    coffee = ProductNetworkFactory(slug="coffee", name="Café")
    coop_a = OrganizationFactory(legal_name="Coop A", country="PE", products=[coffee])
    coop_b = OrganizationFactory(legal_name="Coop B", country="PE")
    grant(users[COOP_A_ADMIN], RoleKind.ORG_ADMIN, organization=coop_a)
    grant(users[COOP_A_VIEWER], RoleKind.ORG_VIEWER, organization=coop_a)
    grant(users[COOP_B_ADMIN], RoleKind.ORG_ADMIN, organization=coop_b)
    grant(users[NETWORK_STAFF], RoleKind.NETWORK_STAFF)
    grant(
        users[OTHER_COUNTRY_STAFF],
        RoleKind.NETWORK_STAFF,
        country_network=CountryNetworkFactory(country="MX"),
    )
    body = CertificationBodyFactory()
    grant(users[EVALUATOR], RoleKind.EVALUATOR, certification_body=body)
    colleague = make_user("colleague@example.org", full_name="Colleague of A")
    colleague_role = grant(colleague, RoleKind.ORG_EDITOR, organization=coop_a)
    admin = users[COOP_A_ADMIN]
    upload = pdf_upload()
    document = document_create(
        organization=coop_a,
        by=admin,
        data={"doc_type": "statutes", "title": "Estatutos"},
        uploaded=upload,
        checked=validate_upload(upload),
    )
    register = SimpleUploadedFile("socios.csv", b"code,name\nA1,Ana\n", content_type="text/csv")
    member_import = register_upload(
        organization=coop_a, by=admin, uploaded=register, checked=validate_upload(register)
    )
    invitation, _token = invitation_create(
        by=admin, email="pending@example.org", kind=RoleKind.ORG_VIEWER, organization=coop_a
    )
    _other, token = invitation_create(
        by=admin, email="newcomer@example.org", kind=RoleKind.ORG_VIEWER, organization=coop_a
    )
    peru = coop_a.country_network
    peru_staff_role = grant(
        make_user("peru.staff@example.org", full_name="Staff of Peru"),
        RoleKind.NETWORK_STAFF,
        country_network=peru,
    )
    staff_invitation, _token = invitation_create(
        by=users[NETWORK_STAFF],
        email="new.peru.staff@example.org",
        kind=RoleKind.NETWORK_STAFF,
        country_network=peru,
    )
    return {
        "peru": peru,
        "coffee": coffee,
        "certification_body": body,
        "peru_staff_role": peru_staff_role,
        "staff_invitation": staff_invitation,
        "coop_a": coop_a,
        "coop_b": coop_b,
        "product": ProductFactory(organization=coop_a, product_network=coffee),
        "member": MemberFactory(organization=coop_a),
        "document": document,
        "version": document.versions.get(),
        "member_import": member_import,
        "colleague_role": colleague_role,
        "invitation": invitation,
        "invitation_token": token,
    }


VIEW = {ANONYMOUS: LOGIN, COOP_A_ADMIN: 200, COOP_A_VIEWER: 200, NETWORK_STAFF: 200, "*": 404}
EDIT = {ANONYMOUS: LOGIN, COOP_A_ADMIN: 200, COOP_A_VIEWER: 403, NETWORK_STAFF: 200, "*": 404}
DECIDE = {ANONYMOUS: LOGIN, COOP_A_ADMIN: 403, COOP_A_VIEWER: 403, NETWORK_STAFF: 200, "*": 404}
STAFF_ONLY = {ANONYMOUS: LOGIN, OTHER_COUNTRY_STAFF: 200, NETWORK_STAFF: 200, "*": 403}


def org(**more):
    return lambda objects: {
        "pk": objects["coop_a"].pk,
        **{name: value(objects) for name, value in more.items()},
    }


ROUTES = {
    "producers:apply": Route(expect={"*": 200}),
    "producers:apply_done": Route(expect={"*": 200}),
    "producers:organization_list": Route(expect={ANONYMOUS: LOGIN, "*": 200}),
    "producers:organization_detail": Route(kwargs=org(), expect=VIEW),
    "producers:organization_edit": Route(kwargs=org(), expect=EDIT),
    "producers:activity_list": Route(kwargs=org(), expect=VIEW),
    "producers:product_add": Route(kwargs=org(), expect=EDIT),
    "producers:product_edit": Route(kwargs=org(product_pk=lambda o: o["product"].pk), expect=EDIT),
    "producers:product_remove": Route(
        kwargs=org(product_pk=lambda o: o["product"].pk), expect=EDIT
    ),
    "producers:membership_decide": Route(kwargs=org(transition=lambda o: "suspend"), expect=DECIDE),
    "producers:people_list": Route(kwargs=org(), expect=EDIT),
    "producers:role_edit": Route(kwargs=org(role_pk=lambda o: o["colleague_role"].pk), expect=EDIT),
    "producers:role_remove": Route(
        kwargs=org(role_pk=lambda o: o["colleague_role"].pk), expect=EDIT
    ),
    "producers:invitation_revoke": Route(
        kwargs=org(invitation_pk=lambda o: o["invitation"].pk), expect=EDIT
    ),
    "producers:member_list": Route(kwargs=org(), expect=VIEW),
    "producers:member_add": Route(kwargs=org(), expect=EDIT),
    "producers:member_edit": Route(kwargs=org(member_pk=lambda o: o["member"].pk), expect=EDIT),
    "producers:member_remove": Route(kwargs=org(member_pk=lambda o: o["member"].pk), expect=EDIT),
    "producers:register_import": Route(kwargs=org(), expect=EDIT),
    "producers:register_preview": Route(
        kwargs=org(import_pk=lambda o: o["member_import"].pk), expect=EDIT
    ),
    "producers:register_export": Route(kwargs=org(file_format=lambda o: "xlsx"), expect=VIEW),
    "producers:document_list": Route(kwargs=org(), expect=VIEW),
    "producers:document_add": Route(kwargs=org(), expect=EDIT),
    "producers:document_detail": Route(kwargs=org(doc_pk=lambda o: o["document"].pk), expect=VIEW),
    "producers:document_edit": Route(kwargs=org(doc_pk=lambda o: o["document"].pk), expect=EDIT),
    "producers:document_download": Route(
        kwargs=org(doc_pk=lambda o: o["document"].pk, version_pk=lambda o: o["version"].pk),
        expect=VIEW,
    ),
    "producers:directory": Route(expect=STAFF_ONLY),
    "producers:directory_export": Route(expect=STAFF_ONLY),
}
