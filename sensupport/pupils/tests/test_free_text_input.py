"""Free text on the register's forms has a length limit and refuses NUL characters, each with a
message that says what is wrong; nothing is saved and nothing 500s (PostgreSQL cannot store NUL)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sensupport.pupils import forms
from sensupport.pupils.models import Concern, ConcernNote, ParentConversation, SenStatusChange

# (form, the free-text field, other valid data, the model field that sets the limit)
FREE_TEXT = [
    (forms.ConcernForm, "noticed", {}, Concern._meta.get_field("noticed")),
    (forms.ConcernForm, "where_when", {"noticed": "Quiet in class"}, Concern._meta.get_field("where_when")),
    (forms.ConcernNoteForm, "text", {"kind": "note"}, ConcernNote._meta.get_field("text")),
    (forms.ConcernDecisionForm, "notes", {"decision": "monitor"}, Concern._meta.get_field("decision_notes")),
    (
        forms.StatusChangeForm,
        "reason",
        {"status": "M", "start_date": "2026-01-05", "version": 1},
        SenStatusChange._meta.get_field("reason"),
    ),
    (
        forms.ParentConversationForm,
        "summary",
        {"held_on": "2026-01-05", "method": "phone", "purpose": "other", "parents_present": "Mum"},
        ParentConversation._meta.get_field("summary"),
    ),
    (
        forms.ParentConversationForm,
        "parent_views",
        {"held_on": "2026-01-05", "method": "phone", "purpose": "other", "parents_present": "Mum", "summary": "ok"},
        ParentConversation._meta.get_field("parent_views"),
    ),
    (
        forms.ParentConversationForm,
        "parents_present",
        {"held_on": "2026-01-05", "method": "phone", "purpose": "other", "summary": "ok"},
        ParentConversation._meta.get_field("parents_present"),
    ),
]
IDS = [f"{form.__name__}.{field}" for form, field, _, _ in FREE_TEXT]


@pytest.mark.parametrize("form_class, field, data, model_field", FREE_TEXT, ids=IDS)
def test_text_at_the_limit_is_accepted(form_class, field, data, model_field):
    assert model_field.max_length
    form = form_class({**data, field: "a" * model_field.max_length})
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("form_class, field, data, model_field", FREE_TEXT, ids=IDS)
def test_text_over_the_limit_says_the_limit_and_its_length(form_class, field, data, model_field):
    limit = model_field.max_length
    form = form_class({**data, field: "a" * (limit + 7)})
    assert not form.is_valid()
    [message] = form.errors[field]
    assert f"must be {limit:,} characters or less (it has {limit + 7})" in message


@pytest.mark.parametrize("form_class, field, data, model_field", FREE_TEXT, ids=IDS)
def test_a_nul_character_is_refused_with_a_message(form_class, field, data, model_field):
    form = form_class({**data, field: "Mum\x00 says"})
    assert not form.is_valid()
    [message] = form.errors[field]
    assert "must not contain a null character" in message


@pytest.mark.parametrize("form_class, field, data, model_field", FREE_TEXT, ids=IDS)
def test_no_maxlength_attribute_cuts_pasted_text_short(form_class, field, data, model_field):
    assert "maxlength" not in str(form_class()[field])


@pytest.mark.django_db
def test_a_long_concern_is_refused_kept_in_the_form_and_not_saved(login, teacher, pupil):
    text = "x" * 3001
    response = login(teacher).post(reverse("pupils:concern_raise", args=[pupil.pk]), {"noticed": text})
    assert response.status_code == 200
    page = response.content.decode()
    assert "What you have noticed must be 3,000 characters or less (it has 3001)" in page
    assert text in page  # nothing lost: what they wrote is still there to shorten
    assert not Concern.objects.exists()


@pytest.mark.django_db
def test_a_nul_in_a_parent_conversation_is_refused_not_a_500(login, senco, pupil):
    client = login(senco)
    client.raise_request_exception = False
    response = client.post(
        reverse("pupils:parent_conversation_new", args=[pupil.pk]),
        {
            "held_on": timezone.localdate().isoformat(),
            "method": "phone",
            "purpose": "other",
            "parents_present": "Mum",
            "summary": "Spoke\x00 about mornings",
        },
    )
    assert response.status_code == 200
    assert "What was discussed and agreed must not contain a null character" in response.content.decode()
    assert not ParentConversation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("param", ["q", "status", "need", "area", "year_group", "group", "page"])
def test_register_filters_with_nul_are_a_message_not_a_500(login, senco, pupil, param):
    client = login(senco)
    client.raise_request_exception = False
    response = client.get(reverse("pupils:register"), {param: "\x00"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_register_search_too_long_says_so(login, senco, pupil):
    page = login(senco).get(reverse("pupils:register"), {"q": "a" * 101}).content.decode()
    assert "Name or UPN must be 100 characters or less" in page


@pytest.mark.django_db
def test_text_longer_than_the_limit_written_before_it_still_shows(login, senco, pupil):
    """The limits are the forms' (and the model's max_length): older or imported rows stay valid."""
    concern = Concern.objects.create(pupil=pupil, raised_by=senco, noticed="long " * 1000)
    response = login(senco).get(reverse("pupils:concern", args=[pupil.pk, concern.pk]))
    assert response.status_code == 200
    concern.refresh_from_db()
    assert len(concern.noticed) == 5000
