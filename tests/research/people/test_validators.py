"""The ORCID iD's ISO 7064 MOD 11-2 check digit, its normal form, the languages and the photo."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from research.people.validators import (
    PHOTO_MAX_BYTES,
    clean_languages,
    normalise_orcid,
    orcid_check_digit,
    validate_orcid,
    validate_photo,
)

VALID = [
    "0000-0002-1825-0097",  # ORCID's own example (Josiah Carberry)
    "0000-0001-5109-3700",
    "0000-0002-1694-233X",  # the check digit ten is written X
    "0000-0003-1527-0030",
]


@pytest.mark.parametrize("orcid", VALID)
def test_valid_orcid_ids_pass(orcid):
    validate_orcid(orcid)
    assert orcid_check_digit(orcid.replace("-", "")[:15]) == orcid[-1]


def test_the_check_digit_ten_is_x():
    assert orcid_check_digit("000000021694233") == "X"
    assert orcid_check_digit("000000021825009") == "7"


@pytest.mark.parametrize(
    "pasted",
    [
        "0000-0002-1825-0097",
        "https://orcid.org/0000-0002-1825-0097",
        "http://orcid.org/0000-0002-1825-0097/",
        "orcid.org/0000-0002-1825-0097",
        " 0000000218250097 ",
        "HTTPS://WWW.ORCID.ORG/0000-0002-1825-0097",
    ],
)
def test_each_way_of_pasting_becomes_the_bare_form(pasted):
    assert normalise_orcid(pasted) == "0000-0002-1825-0097"
    validate_orcid(pasted)


def test_a_lower_case_x_becomes_upper_case():
    assert normalise_orcid("https://orcid.org/0000-0002-1694-233x") == "0000-0002-1694-233X"


@pytest.mark.parametrize(
    "wrong",
    [
        "0000-0002-1825-0098",  # one digit off
        "0000-0002-1825-0079",  # two digits swapped
        "0000-0002-1694-2330",  # X expected
        "0000-0002-1825-009X",  # X where 7 is expected
    ],
)
def test_a_wrong_check_digit_is_refused_with_a_clear_message(wrong):
    with pytest.raises(ValidationError) as caught:
        validate_orcid(wrong)
    assert caught.value.code == "orcid_checksum"
    assert "check digit" in caught.value.messages[0]


@pytest.mark.parametrize(
    "wrong",
    ["0000-0002-1825", "0000-0002-1825-00977", "abcd-0002-1825-0097", "https://example.org/0000-0002-1825-0097"],
)
def test_what_is_no_orcid_id_at_all_is_refused(wrong):
    with pytest.raises(ValidationError) as caught:
        validate_orcid(wrong)
    assert caught.value.code == "invalid_orcid"


def test_an_empty_orcid_is_allowed():
    validate_orcid("")


def test_languages_are_cleaned_and_checked():
    assert clean_languages(" NL, en,nl ") == "nl, en"
    for wrong in ["", "dutch", "nl;en", "n1"]:
        with pytest.raises(ValidationError):
            clean_languages(wrong)


def image(fmt="PNG", size=(20, 20)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize(("fmt", "name"), [("PNG", "me.png"), ("JPEG", "me.jpg"), ("WEBP", "me.webp")])
def test_a_photo_is_recognised_by_its_content(fmt, name):
    validate_photo(SimpleUploadedFile(name, image(fmt)))


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty_photo"),
        (b"%PDF-1.7\n...%%EOF", "photo_type"),
        (image()[:60], "photo_damaged"),
        (b"GIF89a" + b"\x00" * 40, "photo_type"),
    ],
)
def test_what_is_no_photo_is_refused(content, code):
    with pytest.raises(ValidationError) as caught:
        validate_photo(SimpleUploadedFile("photo.png", content))
    assert caught.value.code == code


def test_a_photo_over_the_limit_is_refused():
    big = SimpleUploadedFile("big.png", image() + b"\x00" * PHOTO_MAX_BYTES)
    with pytest.raises(ValidationError) as caught:
        validate_photo(big)
    assert caught.value.code == "photo_too_big"
