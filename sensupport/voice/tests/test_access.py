"""Who may open the pupil voice pages: the access matrix. Out of scope is 404; in scope but not
allowed is 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.core.testing.access import CLASS_STAFF, FAMILY, LEADS, OUT_OF_SCOPE_NAMES, check_access, expect

pytestmark = pytest.mark.django_db


def family_urls(pupil, walk, part):
    return [
        reverse("voice:about_me", args=[pupil.pk]),
        reverse("voice:walkthrough", args=[pupil.pk]),
        reverse("voice:day_map", args=[pupil.pk, walk.pk]),
        reverse("voice:walkthrough_part", args=[pupil.pk, walk.pk, part.order]),
    ]


# Every identity (core/testing/access.py), with Peter not on SEN Support (the LA officer does not see
# him) and on it (the LA officer sees him and is refused). The walk-through is his mother's.
VOICE_READERS = FAMILY | LEADS | CLASS_STAFF  # talk with the pupil and read what he said


def _voice_matrix(on_support: bool) -> dict:
    hidden = OUT_OF_SCOPE_NAMES | {"professional", "service_admin"} | (set() if on_support else {"la_officer"})
    return {
        "voice:about_me": expect(allowed=VOICE_READERS, hidden=hidden),
        "voice:walkthrough": expect(allowed=VOICE_READERS, hidden=hidden),
        # Staff read the mother's walk-through; Peter, with his own sign-in, does not find it (404:
        # it is his mother's conversation with him, docs/adr/0006).
        "voice:day_map": expect(allowed=VOICE_READERS - {"young_person"}, hidden=hidden | {"young_person"}),
        # Only the person who went through the day with the pupil answers it: staff are refused.
        "voice:walkthrough_part": expect(allowed={"parent"}, hidden=hidden | {"young_person"}),
        "voice:staff_voice": expect(allowed=LEADS | CLASS_STAFF, hidden=hidden),
    }


def _voice_url(name, pupil, walk, part):
    args = {"voice:day_map": [walk.pk], "voice:walkthrough_part": [walk.pk, part.order]}.get(name, [])
    return reverse(name, args=[pupil.pk, *args])


@pytest.mark.parametrize("on_support", [False, True], ids=["no SEN", "SEN Support"])
@pytest.mark.parametrize("name", sorted(_voice_matrix(False)))
def test_voice_pages_matrix(client, request, pupil, walk, lunch, name, on_support):
    from sensupport.pupils import codes

    if on_support:
        pupil.sen_status = codes.STATUS_SUPPORT  # the LA officer sees pupils on SEN Support
        pupil.save()
    check_access(client, request, _voice_url(name, pupil, walk, lunch), _voice_matrix(on_support)[name])


def test_only_the_mother_who_recorded_the_walkthrough_answers_it(client, request, pupil, walk, lunch):
    """A walk-through is the pupil's conversation with the person who recorded it (docs/adr/0006)."""
    check_access(
        client,
        request,
        _voice_url("voice:walkthrough_part", pupil, walk, lunch),
        expect(allowed={"parent"}, ok=302, hidden=NOT_IN_SCOPE | {"young_person"}),
        method="POST",
        data={"feeling": 5},
        isolate=True,
        unchanged=lambda: type(lunch).objects.get(pk=lunch.pk).feeling,
    )
    lunch.refresh_from_db()
    assert lunch.feeling == 1


@pytest.mark.parametrize("who", ["senco", "head", "teacher", "ta"])
def test_staff_answer_the_walkthroughs_they_record(who, request, login, pupil):
    from sensupport.voice import services

    user = request.getfixturevalue(who)
    own = services.walkthrough_start(pupil=pupil, actor=user)
    assert login(user).get(reverse("voice:walkthrough_part", args=[pupil.pk, own.pk, 1])).status_code == 200


def test_parent_cannot_open_another_family_s_walkthrough_by_guessing_its_id(login, other_parent, sibling, walk, lunch):
    """Flopsy's father, on his own child's URL, with Peter's walk-through id."""
    client = login(other_parent)
    assert client.get(reverse("voice:day_map", args=[sibling.pk, walk.pk])).status_code == 404
    assert client.get(reverse("voice:walkthrough_part", args=[sibling.pk, walk.pk, 1])).status_code == 404


def test_parent_cannot_post_to_another_walkthrough_under_own_child_s_url(login, other_parent, sibling, walk, lunch):
    client = login(other_parent)
    response = client.post(reverse("voice:walkthrough_part", args=[sibling.pk, walk.pk, lunch.order]), {"feeling": 5})
    assert response.status_code == 404
    lunch.refresh_from_db()
    assert lunch.feeling == 1


def test_parent_cannot_post_to_another_family_s_pupil(login, other_parent, pupil):
    client = login(other_parent)
    assert client.post(reverse("voice:about_me", args=[pupil.pk]), {"good_at": "x"}).status_code == 404
    assert pupil.about_me.count() == 0


# Peter has no SEN here, so the LA officer does not see him.
NOT_IN_SCOPE = OUT_OF_SCOPE_NAMES | {"la_officer", "professional", "service_admin"}


def test_only_senco_or_head_may_accept_a_suggestion(client, request, pupil, walk, lunch):
    check_access(
        client,
        request,
        reverse("voice:suggestion_accept", args=[pupil.pk, walk.pk, lunch.pk]),
        expect(allowed=LEADS, ok=302, hidden=NOT_IN_SCOPE),
        method="POST",
        data={"bank_key": "dining-room-noise"},
        isolate=True,
        unchanged=lambda: pupil.barriers.count(),
    )
    assert pupil.barriers.count() == 0


def test_accept_refuses_a_part_from_another_walkthrough(login, senco, pupil, walk, lunch, parent):
    from sensupport.voice import services

    other = services.walkthrough_start(pupil=pupil, actor=parent)
    client = login(senco)
    url = reverse("voice:suggestion_accept", args=[pupil.pk, other.pk, lunch.pk])
    assert client.post(url, {"bank_key": "dining-room-noise"}).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, pupil, walk):
    response = client.get(reverse("voice:walkthrough", args=[pupil.pk]))
    assert response.status_code == 302
    assert "sign-in" in response["Location"] or "login" in response["Location"]


def test_young_person_sees_only_their_own_record(client, school, pupil):
    from sensupport.core.factories import PupilFactory, UserFactory

    own = PupilFactory(school=school, forename="Alex", surname="Young", year_group="12")
    yp = UserFactory(role="young_person", own_pupil_record=own)
    client.force_login(yp, backend="sensupport.accounts.backends.PasswordBackend")
    assert client.get(reverse("voice:about_me", args=[own.pk])).status_code == 200
    assert client.get(reverse("voice:about_me", args=[pupil.pk])).status_code == 404
    assert client.get(reverse("voice:staff_voice", args=[own.pk])).status_code == 403
