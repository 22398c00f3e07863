"""Serializers of the microcredentials API: explicit fields, read-only (issuing and revoking are
services run by the completion slice's events and by staff in the admin)."""

from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from professionalisation.credentials.models import Microcredential
from professionalisation.credentials.openbadges import STATUSES

_CREDENTIAL_EXAMPLE = {
    "uuid": "1f0c8a9e-5b7d-4f61-9a52-0c3e8d2b7a41",
    "credential_id": "urn:uuid:1f0c8a9e-5b7d-4f61-9a52-0c3e8d2b7a41",
    "name": "Formatief handelen in de les",
    "activity": "formatief-handelen-in-de-les",
    "learner_name": "Tessa Teacher",
    "issued_at": "2027-03-24T14:02:11+01:00",
    "valid": True,
    "revoked_at": None,
    "revoke_reason": "",
    "download_jwt": "https://portal.iclon.example/credentials/1f0c8a9e-5b7d-4f61-9a52-0c3e8d2b7a41/credential.jwt",
}


@extend_schema_serializer(examples=[OpenApiExample("A microcredential", value=_CREDENTIAL_EXAMPLE, response_only=True)])
class MicrocredentialListSerializer(serializers.ModelSerializer):
    uuid = serializers.CharField(read_only=True, help_text="The credential id without urn:uuid: (the URL's key).")
    name = serializers.CharField(read_only=True, help_text="The achievement's title, in the learner's language.")
    activity = serializers.SlugRelatedField(
        source="completion.registration.session.activity",
        slug_field="slug",
        read_only=True,
        help_text="The activity's slug.",
    )
    valid = serializers.BooleanField(read_only=True, help_text="false once ICLON has revoked it.")
    download_jwt = serializers.SerializerMethodField(help_text="The signed credential (vc+jwt), for a wallet.")

    class Meta:
        model = Microcredential
        fields = [
            "uuid",
            "credential_id",
            "name",
            "activity",
            "learner_name",
            "issued_at",
            "valid",
            "revoked_at",
            "revoke_reason",
            "download_jwt",
        ]

    def get_download_jwt(self, obj) -> str:
        request = self.context.get("request")
        path = f"/credentials/{obj.uuid}/credential.jwt"
        return request.build_absolute_uri(path) if request else path


class MicrocredentialDetailSerializer(MicrocredentialListSerializer):
    jwt = serializers.CharField(read_only=True, help_text="The signed credential: a compact JWS, typ vc+jwt, EdDSA.")
    credential = serializers.JSONField(read_only=True, help_text="The Open Badges 3.0 credential that the JWT signs.")

    class Meta(MicrocredentialListSerializer.Meta):
        fields = [*MicrocredentialListSerializer.Meta.fields, "jwt", "credential"]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "The signed credential (JWT)",
            value={"credential": "eyJhbGciOiJFZERTQSIsInR5cCI6InZjK2p3dCJ9.eyJAY29udGV4dCI6Wy4uLl19.c2lnbmF0dXJl"},
            request_only=True,
        ),
        OpenApiExample(
            "The decoded credential",
            value={
                "credential": {
                    "@context": [
                        "https://www.w3.org/ns/credentials/v2",
                        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
                    ],
                    "id": "urn:uuid:1f0c8a9e-5b7d-4f61-9a52-0c3e8d2b7a41",
                    "type": ["VerifiableCredential", "OpenBadgeCredential"],
                    "name": "Formatief handelen in de les",
                    "...": "…",
                }
            },
            request_only=True,
        ),
    ]
)
class VerifyInputSerializer(serializers.Serializer):
    credential = serializers.JSONField(
        help_text=(
            "The credential: the compact JWT text (vc+jwt), or the decoded credential JSON object "
            "(then compared with ICLON's record, as it carries no signature)."
        )
    )


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Valid",
            value={
                "valid": True,
                "status": "valid",
                "message": "This credential is genuine: ICLON issued it and has not revoked it.",
                "credential": {"id": "urn:uuid:1f0c8a9e-5b7d-4f61-9a52-0c3e8d2b7a41", "name": "…"},
            },
            response_only=True,
        ),
        OpenApiExample(
            "Revoked",
            value={
                "valid": False,
                "status": "revoked",
                "message": "ICLON has revoked this credential. Reason: Corrected.",
                "credential": {"id": "urn:uuid:1f0c8a9e-5b7d-4f61-9a52-0c3e8d2b7a41", "name": "…"},
            },
            response_only=True,
        ),
        OpenApiExample(
            "Tampered",
            value={
                "valid": False,
                "status": "tampered",
                "message": "The signature does not match: this credential has been changed after ICLON signed it.",
                "credential": {"id": "urn:uuid:1f0c8a9e-5b7d-4f61-9a52-0c3e8d2b7a41", "name": "…"},
            },
            response_only=True,
        ),
    ]
)
class VerifyResultSerializer(serializers.Serializer):
    valid = serializers.BooleanField(help_text="true only for status valid.")
    status = serializers.ChoiceField(
        choices=STATUSES,
        help_text=(
            "valid; revoked (ICLON revoked it); tampered (changed after signing); expired; unknown_issuer "
            "(not signed with a key of ICLON); invalid (not a complete OB 3.0 credential, or refused: e.g. alg none)."
        ),
    )
    message = serializers.CharField(help_text="What this means, in the request's language.")
    credential = serializers.JSONField(allow_null=True, help_text="What the credential claims (null if unreadable).")
