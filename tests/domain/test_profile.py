"""Profile: validation, drug-name mapping, personal references."""

from __future__ import annotations

from datetime import date

import pytest

from bonetrack.domain.profile import (
    Anticoagulant,
    Profile,
    parse_anticoagulant,
    parse_sex,
    validate_profile,
)
from bonetrack.errors import InputError

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "category", "drug"),
    [
        ("none", "none", None),
        ("NO", "none", None),
        ("vka", "vka", None),
        ("DOAC", "doac", None),
        ("noac", "doac", None),
        ("warfarin", "vka", "warfarin"),
        ("Warfarin", "vka", "warfarin"),
        (" ACENOCOUMAROL ", "vka", "acenocoumarol"),
        ("phenprocoumon", "vka", "phenprocoumon"),
        ("Coumadin", "vka", "warfarin"),
        ("jantoven", "vka", "warfarin"),
        ("Marevan", "vka", "warfarin"),
        ("Sintrom", "vka", "acenocoumarol"),
        ("Marcoumar", "vka", "phenprocoumon"),
        ("apixaban", "doac", "apixaban"),
        ("Eliquis", "doac", "apixaban"),
        ("rivaroxaban", "doac", "rivaroxaban"),
        ("XARELTO", "doac", "rivaroxaban"),
        ("edoxaban", "doac", "edoxaban"),
        ("Lixiana", "doac", "edoxaban"),
        ("Savaysa", "doac", "edoxaban"),
        ("dabigatran", "doac", "dabigatran"),
        ("Pradaxa", "doac", "dabigatran"),
    ],
)
def test_anticoagulant_names_map_to_categories(text: str, category: str, drug: str | None) -> None:
    assert parse_anticoagulant(text) == Anticoagulant(category=category, drug=drug)


@pytest.mark.parametrize("text", ["aspirin", "clopidogrel", "heparin", "", "warf"])
def test_unknown_anticoagulant_lists_the_choices(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_anticoagulant(text)
    assert caught.value.message == (
        f"unknown anticoagulant '{text}': use none, vka (warfarin, acenocoumarol, "
        "phenprocoumon) or doac (apixaban, rivaroxaban, edoxaban, dabigatran), "
        "or one of those drug names."
    )


def test_sex_spellings() -> None:
    assert [parse_sex(s) for s in ("female", "F", "Male", " m ")] == [
        "female",
        "female",
        "male",
        "male",
    ]
    with pytest.raises(InputError, match=r"unknown sex 'other': use female or male\."):
        parse_sex("other")


def test_plausible_profile_passes() -> None:
    p = Profile(birth_year=1960, sex="female", anticoagulant="vka", menopause_year=2012)
    assert validate_profile(p, TODAY) is p
    assert validate_profile(Profile(), TODAY) == Profile()


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        (Profile(birth_year=2027), "birth year 2027 is in the future."),
        (
            Profile(birth_year=2008),
            "birth year 2008 is too recent: bonetrack's reference values are for adults, "
            "born in 2007 or earlier.",
        ),
        (
            Profile(birth_year=1905),
            "birth year 1905 is not plausible: use a year from 1906 to 2007.",
        ),
        (Profile(menopause_year=2027), "menopause year 2027 is in the future."),
        (Profile(menopause_year=1900), "menopause year 1900 is not plausible."),
        (
            Profile(birth_year=1960, menopause_year=1960),
            "menopause year 1960 must be after the birth year 1960.",
        ),
        (
            Profile(sex="male", menopause_year=2010),
            "a menopause year is only for --sex female.",
        ),
        (Profile(sex="x"), "unknown sex 'x': use female or male."),
        (
            Profile(anticoagulant="aspirin"),
            "unknown anticoagulant 'aspirin': use none, vka or doac.",
        ),
    ],
)
def test_implausible_profiles_are_refused(profile: Profile, message: str) -> None:
    with pytest.raises(InputError) as caught:
        validate_profile(profile, TODAY)
    assert caught.value.message == message


def test_year_bounds_are_inclusive() -> None:
    validate_profile(Profile(birth_year=2007), TODAY)
    validate_profile(Profile(birth_year=1906), TODAY)
    validate_profile(Profile(birth_year=1960, menopause_year=1961), TODAY)
    validate_profile(Profile(menopause_year=2026), TODAY)


def test_updated_replaces_only_given_fields() -> None:
    p = Profile(birth_year=1960, sex="female")
    assert p.updated(anticoagulant="doac") == Profile(
        birth_year=1960, sex="female", anticoagulant="doac"
    )
    assert p.updated(birth_year=1961, menopause_year=2011) == Profile(
        birth_year=1961, sex="female", menopause_year=2011
    )
    assert p.updated() == p


def test_profile_references_and_flags() -> None:
    assert Profile().is_empty
    assert not Profile(sex="male").is_empty
    assert Profile(anticoagulant="vka").on_vka
    assert not Profile(anticoagulant="doac").on_vka
    r = Profile(birth_year=1955, sex="male").references(TODAY)
    assert (r.calcium_rda_mg, r.calcium_ul_mg, r.vitamin_d_rda_iu, r.vitamin_k_ai_mcg) == (
        1200,
        2000,
        800,
        120,
    )
    assert r.assumed is False
    assert Profile().references(TODAY).assumed is True
