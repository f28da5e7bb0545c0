"""Text copied from the strategy bank is about this pupil (issue 8, part 2): "the pupil" becomes
the pupil's preferred first name when it fills a form; the SENCO can still edit it."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from sensupport.plans import services
from sensupport.plans.bank import personalise, shipped_bank


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reply to what the pupil said.", "Reply to what Peter said."),
        (
            "The pupil finds noise hard. The child covers their ears.",
            "Peter finds noise hard. Peter covers their ears.",
        ),
        ("Praise the pupil's effort.", "Praise Peter's effort."),
        ("The pupil's book. THE PUPIL'S pen.", "Peter's book. Peter's pen."),
        ("Sit near the child\u2019s friend.", "Sit near Peter\u2019s friend."),
        ("Support the young person at college.", "Support Peter at college."),
        (
            "Pair with the pupils who read well; the children sit together.",
            "Pair with the pupils who read well; the children sit together.",
        ),
        ("Funded from the pupil premium for the pupil.", "Funded from the pupil premium for Peter."),
        ("They may avoid talking.", "They may avoid talking."),
    ],
)
def test_personalise_names_the_pupil(text, expected):
    assert personalise(text, "Peter") == expected


def test_personalise_keeps_the_names_own_capitals_and_leaves_text_alone_without_a_name():
    assert personalise("the pupil's turn", "mary-Jane") == "mary-Jane's turn"
    assert personalise("Ask the pupil.", "  ") == "Ask the pupil."


names = st.from_regex(r"[A-Z][a-z]{1,10}(-[A-Z][a-z]{1,8})?", fullmatch=True)


@given(
    st.sampled_from(
        [b.description for b in shipped_bank().values()]
        + [s.description for b in shipped_bank().values() for s in b.strategies]
    ),
    names,
)
def test_no_generic_pupil_is_left_in_any_bank_text_and_personalising_twice_changes_nothing(text, name):
    once = personalise(text, name)
    assert not re.search(r"(?i)\bthe (pupil|child)\b(?! premium)", once)
    assert personalise(once, name) == once


@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80).filter(
        lambda t: not re.search(r"(?i)\bthe\s+(pupil|child|young\s+person)\b", t)
    ),
    names,
)
def test_text_without_a_generic_pupil_is_unchanged(text, name):
    assert personalise(text, name) == text


@pytest.mark.django_db
def test_a_bank_barrier_fills_the_assessment_form_with_the_pupils_preferred_name(login, senco, on_support):
    on_support.preferred_forename = "Pete"
    on_support.save(update_fields=["preferred_forename"])
    assessment = services.assessment_start(pupil=on_support, actor=senco)
    key, entry = next((k, b) for k, b in shipped_bank().items() if "the pupil" in b.description.lower())
    page = html.unescape(
        login(senco)
        .get(reverse("plans:assessment", args=[on_support.pk, assessment.pk]) + f"?bank={key}")
        .content.decode()
    )
    assert personalise(entry.description, "Pete") in page and "Pete" in personalise(entry.description, "Pete")
    filled = re.search(r'<textarea[^>]*name="barrier-description"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert filled.strip() == personalise(entry.description, "Pete") and not re.search(r"(?i)\bthe pupil\b", filled)


@pytest.mark.django_db
def test_a_bank_strategy_fills_the_support_form_with_the_pupils_name_and_stays_editable(login, senco, draft, assessed):
    _, anxiety, _ = assessed
    strategy = next(s for s in shipped_bank()["anxiety-transitions"].strategies if "the pupil" in s.description.lower())
    client = login(senco)
    url = reverse("plans:provision_add", args=[draft.pupil_id, draft.pk])
    page = html.unescape(
        client.get(url + f"?barrier={anxiety.pk}&strategy=anxiety-transitions:{strategy.key}").content.decode()
    )
    expected = personalise(f"{strategy.title}: {strategy.description}", "Peter")
    assert expected in page and "Peter" in expected
    response = client.post(
        url,
        {
            "edit_version": draft.edit_version,
            "barriers": [str(anxiety.pk)],
            "kind": strategy.kind,
            "description": expected + " Edited by the SENCO.",
            "delivered_by": "TA",
            "setting": "in_class",
        },
    )
    assert response.status_code == 302
    assert draft.provisions.filter(description=expected + " Edited by the SENCO.").exists()
