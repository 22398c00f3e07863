"""The pages of microcredentials.

Public: the issuer profile (`/credentials/issuer/`, the `issuer.id` of every credential, with the
published keys as verification methods), the same keys as a JWK set, the revocation list, and the
verifier page (paste or upload; no JavaScript). For the learner (and staff who see all): their
credentials, one credential's page with its downloads (the signed `.jwt`, the decoded `.json`).

Public too, the Open Badges 2.0 export for Edubadges and Badgr-based backpacks (ob2.py): ICLON's
issuer Profile, a BadgeClass per activity and language with its image, and the hosted Assertion of
each credential at its uuid (410 Gone once revoked). JSON-LD (`application/ld+json`), or
`application/json` for a client that accepts only that.
"""

from __future__ import annotations

import datetime
import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from professionalisation.credentials import ob2, selectors
from professionalisation.credentials.forms import VerifyForm
from professionalisation.credentials.models import AssessmentType, Microcredential
from professionalisation.credentials.openbadges import Status

JSON_LD = "application/ld+json"


def _json(data: dict, *, content_type: str = "application/json") -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = f"{content_type}; charset=utf-8"
    # Wallets and verifiers elsewhere fetch these documents from their browsers.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
@cache_control(public=True, max_age=300)
def issuer(request):
    return _json(
        selectors.issuer_document(),
        content_type=JSON_LD if "ld+json" in request.headers.get("Accept", "") else "application/json",
    )


@require_GET
@cache_control(public=True, max_age=300)
def jwks(request):
    return _json(selectors.jwks_document(), content_type="application/jwk-set+json")


@require_GET
@cache_control(no_cache=True)
def status(request):
    return _json(selectors.revocation_list())


def _claims(credential: dict | None) -> dict:
    """What the verifier page shows of a credential: learner, achievement, issuer, date."""
    if not isinstance(credential, dict):
        return {}
    subject = credential.get("credentialSubject") if isinstance(credential.get("credentialSubject"), dict) else {}
    names = [
        identity.get("identityHash")
        for identity in subject.get("identifier") or []
        if isinstance(identity, dict) and identity.get("identityType") == "name" and not identity.get("hashed")
    ]
    achievement = subject.get("achievement") if isinstance(subject.get("achievement"), dict) else {}
    issuer_value = credential.get("issuer")
    return {
        "learner": names[0] if names else "",
        "achievement": achievement.get("name") or credential.get("name") or "",
        "issuer": issuer_value.get("name", "") if isinstance(issuer_value, dict) else str(issuer_value or ""),
        "valid_from": _moment(credential.get("validFrom")),
        "credits": achievement.get("creditsAvailable"),
        "eqf": (achievement.get("euMicrocredential") or {}).get("eqfLevel")
        if isinstance(achievement.get("euMicrocredential"), dict)
        else None,
        "id": credential.get("id", ""),
    }


def _moment(value: object) -> datetime.datetime | str:
    """A credential's date as a moment the page formats, or its text as written when it is not one."""
    if not isinstance(value, str):
        return ""
    try:
        return parse_datetime(value) or value
    except ValueError:
        return value


@require_http_methods(["GET", "POST"])
def verify(request):
    result = None
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            result = selectors.credential_verify(form.cleaned_data["value"])
    else:
        form = VerifyForm()
    context = {"form": form, "result": result, "claims": _claims(result.credential) if result else {}, "Status": Status}
    return render(request, "professionalisation/credentials/verify.html", context)


@login_required
def mine(request):
    credentials = selectors.microcredential_list_for_user(user=request.user).filter(participant=request.user)
    return render(request, "professionalisation/credentials/mine.html", {"credentials": credentials})


def _credential(request, uuid: str) -> Microcredential:
    try:
        return selectors.microcredential_get_for_user(user=request.user, uuid=uuid)
    except Microcredential.DoesNotExist:
        raise Http404 from None


@login_required
def detail(request, uuid):
    credential = _credential(request, uuid)
    claims = _claims(credential.credential)
    subject = credential.credential.get("credentialSubject", {})
    achievement = subject.get("achievement", {})
    context = {
        "credential": credential,
        "claims": claims,
        "achievement": achievement,
        "elements": achievement.get("euMicrocredential", {}),
        "json": json.dumps(credential.credential, ensure_ascii=False, indent=2),
        # The Open Badges 2.0 export is the learner's to use (staff see the page without it).
        "holder": credential.participant_id == request.user.pk,
        "ob2_assertion_url": _ob2_assertion_id(credential.uuid),
    }
    return render(request, "professionalisation/credentials/detail.html", context)


def _filename(credential: Microcredential, extension: str) -> str:
    return f"microcredential-{slugify(credential.name)[:60] or 'iclon'}-{credential.uuid[:8]}.{extension}"


@login_required
def download_jwt(request, uuid):
    credential = _credential(request, uuid)
    response = HttpResponse(credential.jwt, content_type="application/vc+jwt")
    response["Content-Disposition"] = f'attachment; filename="{_filename(credential, "jwt")}"'
    return response


@login_required
def download_json(request, uuid):
    credential = _credential(request, uuid)
    body = json.dumps(credential.credential, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(credential, "json")}"'
    return response


# --- the Open Badges 2.0 export (Edubadges, Badgr-based backpacks) ------------------------------------


def _ob2_content_type(request) -> str:
    """JSON-LD by default; plain JSON for a client that asks for `application/json` and not JSON-LD."""
    accept = request.headers.get("Accept", "")
    return "application/json" if "application/json" in accept and "ld+json" not in accept else JSON_LD


def _ob2_issuer_id() -> str:
    return selectors.absolute(reverse("credentials:ob2-issuer"))


def _ob2_badge_id(activity_id: int, language: str) -> str:
    return selectors.absolute(reverse("credentials:ob2-badge", kwargs={"pk": activity_id, "language": language}))


def _ob2_assertion_id(uuid: str) -> str:
    return selectors.absolute(reverse("credentials:ob2-assertion", kwargs={"uuid": uuid}))


def _ob2_language(language: str) -> str:
    if language not in dict(settings.LANGUAGES):
        raise Http404
    return language


def _ob2_badge_language(credential: Microcredential) -> str:
    """The language of a credential's BadgeClass: the credential's own (the learner's)."""
    language = (credential.language or "")[:2]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _ob2_badge(activity_id: int, language: str) -> ob2.Badge:
    """The BadgeClass facts of an activity in `language`: one query for the activity and its
    microcredential description. Also for an activity whose description was removed after it gave
    credentials (their Assertions keep pointing here); 404 for any other activity."""
    activity, spec = selectors.badge_activity(activity_id)
    with translation.override(language):
        return ob2.Badge(
            id=_ob2_badge_id(activity.pk, language),
            issuer_id=_ob2_issuer_id(),
            name=activity.title,
            description=activity.description,
            image=selectors.absolute(
                reverse("credentials:ob2-badge-image", kwargs={"pk": activity.pk, "language": language})
            ),
            criteria_url=selectors.absolute(reverse("activities:detail", kwargs={"slug": activity.slug})),
            language=language,
            learning_outcomes=[line.strip() for line in spec.learning_outcomes.splitlines() if line.strip()]
            if spec
            else [],
            eqf_level=spec.eqf_level if spec else None,
            assessment_label=str(AssessmentType(spec.assessment_type).label) if spec else "",
            credits_ec=activity.study_load_ec,
            hours=activity.study_load_hours,
        )


def _ob2_assertion(credential: Microcredential, activity_id: int) -> dict:
    """The hosted Assertion of a credential, or what a revoked one answers."""
    url = _ob2_assertion_id(credential.uuid)
    if not credential.valid:
        return ob2.revoked_assertion(id=url, reason=credential.revoke_reason)
    return ob2.assertion(
        id=url,
        badge_id=_ob2_badge_id(activity_id, _ob2_badge_language(credential)),
        email=credential.learner_email,
        salt=ob2.recipient_salt(credential.credential_id),
        issued_at=credential.issued_at,
    )


@require_GET
@cache_control(public=True, max_age=300)
def ob2_issuer(request):
    with translation.override(settings.LANGUAGE_CODE):
        profile = ob2.issuer_profile(
            selectors.issuer_facts(), id=_ob2_issuer_id(), image=selectors.absolute(static("img/favicon.svg"))
        )
    return _json(profile, content_type=_ob2_content_type(request))


@require_GET
@cache_control(public=True, max_age=300)
def ob2_badge(request, pk, language):
    badge = _ob2_badge(pk, _ob2_language(language))
    with translation.override(language):
        document = ob2.badge_class(badge)
    return _json(document, content_type=_ob2_content_type(request))


@require_GET
@cache_control(public=True, max_age=300)
def ob2_badge_image(request, pk, language):
    badge = _ob2_badge(pk, _ob2_language(language))
    with translation.override(language):
        image = ob2.badge_image(name=badge.name, caption=ob2.image_caption(badge))
    response = HttpResponse(image, content_type="image/svg+xml; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
@cache_control(no_cache=True)
def ob2_assertion(request, uuid):
    """The hosted Assertion (public: its address is the credential's unguessable uuid); 410 Gone
    with `revoked: true` and the reason once the credential is revoked."""
    credential = selectors.microcredential_by_uuid(uuid)
    response = _json(
        _ob2_assertion(credential, credential.completion.registration.session.activity_id),
        content_type=_ob2_content_type(request),
    )
    if not credential.valid:
        response.status_code = 410
    return response


@login_required
def download_ob2(request, uuid):
    """The Open Badges 2.0 Assertion as a file (for a backpack that uploads rather than fetches)."""
    credential = _credential(request, uuid)
    document = _ob2_assertion(credential, credential.completion.registration.session.activity_id)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type="application/ld+json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(credential, "ob2.json")}"'
    return response
