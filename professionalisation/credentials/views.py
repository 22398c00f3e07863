"""The pages of microcredentials.

Public: the issuer profile (`/credentials/issuer/`, the `issuer.id` of every credential, with the
published keys as verification methods), the same keys as a JWK set, the revocation list, and the
verifier page (paste or upload; no JavaScript). For the learner (and staff who see all): their
credentials, one credential's page with its downloads (the signed `.jwt`, the decoded `.json`).
"""

from __future__ import annotations

import datetime
import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from professionalisation.credentials import selectors
from professionalisation.credentials.forms import VerifyForm
from professionalisation.credentials.models import Microcredential
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
