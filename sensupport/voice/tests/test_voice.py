"""About me, the walk-through of the day, the day map, the school's view and accepting suggestions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sensupport.audit.models import AuditEvent
from sensupport.plans.models import Assessment, Barrier
from sensupport.voice import services
from sensupport.voice.models import AboutMe, Walkthrough

pytestmark = pytest.mark.django_db


def audit(pupil, target, action=None):
    rows = AuditEvent.objects.filter(pupil=pupil, target=target)
    return rows.filter(action=action) if action else rows


# ---------------------------------------------------------------- About me


def test_about_me_keeps_every_version_and_shows_the_newest(login, parent, pupil):
    client = login(parent)
    url = reverse("voice:about_me", args=[pupil.pk])
    client.post(url, {"good_at": "Lego", "likes": "Drawing", "hard": "", "helps": "", "with_whom": "Mum"})
    response = client.post(
        url,
        {
            "good_at": "Lego and football",
            "likes": "Drawing",
            "hard": "Lunch",
            "helps": "Ear defenders",
            "with_whom": "Mum",
        },
        follow=True,
    )
    assert AboutMe.objects.filter(pupil=pupil).count() == 2
    latest = AboutMe.objects.filter(pupil=pupil).first()
    assert latest.good_at == "Lego and football" and latest.recorded_by == parent and latest.with_whom == "Mum"
    assert "Lego and football" in response.content.decode()
    assert audit(pupil, "about me", "create").count() == 2
    assert audit(pupil, "about me", "view").count() == 1  # the page after the second save


def test_about_me_needs_one_answer(login, parent, pupil):
    response = login(parent).post(reverse("voice:about_me", args=[pupil.pk]), {"with_whom": "Mum"})
    assert response.status_code == 200
    assert "Answer at least one question." in response.content.decode()
    assert not AboutMe.objects.exists()


def test_staff_can_fill_in_about_me_with_the_pupil(login, teacher, pupil):
    login(teacher).post(reverse("voice:about_me", args=[pupil.pk]), {"good_at": "Maths", "with_whom": "Tia Teacher"})
    assert AboutMe.objects.get(pupil=pupil).recorded_by == teacher


def test_younger_pupils_get_short_questions_and_pictures(login, parent, pupil):
    html = login(parent).get(reverse("voice:about_me", args=[pupil.pk])).content.decode()  # Year 4
    assert "What do you like doing at school?" in html
    assert "voice-young" in html and "voice/about-likes.svg" in html


def test_older_pupils_get_plain_teenage_wording(login, parent, pupil):
    pupil.year_group = "9"
    pupil.date_of_birth = dt.date.today() - dt.timedelta(days=365 * 14)
    pupil.save()
    html = login(parent).get(reverse("voice:about_me", args=[pupil.pk])).content.decode()
    assert "What do you enjoy?" in html and "voice-young" not in html


@pytest.fixture
def sixteen(school):
    from sensupport.core.factories import PupilFactory, UserFactory, link_parent

    today = dt.date.today()
    pupil = PupilFactory(
        school=school,
        forename="Alex",
        surname="Young",
        year_group="12",
        date_of_birth=today.replace(year=today.year - 17),
    )
    young_person = UserFactory(role="young_person", own_pupil_record=pupil, first_name="Alex", last_name="Young")
    mum = UserFactory(role="parent", first_name="Mo", last_name="Young")
    link_parent(mum, pupil)
    return pupil, young_person, mum


def test_a_young_person_is_asked_directly(client, sixteen):
    pupil, young_person, _ = sixteen
    client.force_login(young_person, backend="sensupport.accounts.backends.PasswordBackend")
    html = client.get(reverse("voice:about_me", args=[pupil.pk])).content.decode()
    assert "This is your page" in html and "your child" not in html
    html = client.get(reverse("voice:walkthrough", args=[pupil.pk])).content.decode()
    assert "Your school day" in html and "Your lessons before morning break" in html
    client.post(reverse("voice:about_me", args=[pupil.pk]), {"good_at": "Coding", "with_whom": ""})
    assert AboutMe.objects.get(pupil=pupil).recorded_by == young_person


def test_a_parent_of_a_young_person_sees_that_their_view_comes_first(client, sixteen):
    pupil, _, mum = sixteen
    client.force_login(mum, backend="sensupport.accounts.backends.PasswordBackend")
    for url in (reverse("voice:about_me", args=[pupil.pk]), reverse("voice:walkthrough", args=[pupil.pk])):
        html = client.get(url).content.decode()
        assert "Alex is 16 or over" in html and "own view comes first" in html


# ---------------------------------------------------------------- The walk-through, without JavaScript


def test_walkthrough_goes_part_by_part_and_ends_on_the_day_map(login, parent, pupil):
    client = login(parent)
    response = client.post(
        reverse("voice:walkthrough", args=[pupil.pk]),
        {
            "lessons_before_break": "Maths\n\nEnglish",
            "lessons_after_break": "",
            "lessons_after_lunch": "PE",
            "with_whom": "Mum",
        },
    )
    walk = Walkthrough.objects.get(pupil=pupil)
    assert [p.label for p in walk.parts.all()] == [
        "Arriving at school",
        "Maths",
        "English",
        "Morning break",
        "Lunch",
        "PE",
        "Moving between rooms",
        "Home time",
    ]
    assert response["Location"] == reverse("voice:walkthrough_part", args=[pupil.pk, walk.pk, 1])
    total = walk.parts.count()
    for order in range(1, total + 1):
        url = reverse("voice:walkthrough_part", args=[pupil.pk, walk.pk, order])
        page = client.get(url).content.decode()
        back = (
            reverse("voice:walkthrough_part", args=[pupil.pk, walk.pk, order - 1])
            if order > 1
            else reverse("voice:walkthrough", args=[pupil.pk])
        )
        assert f'href="{back}" class="govuk-back-link"' in page
        data = {
            "action": "save",
            "feeling": 1 if order == 5 else 4,
            "hard": "Too noisy" if order == 5 else "",
            "easier": "",
        }
        response = client.post(url, data)
        expected = (
            reverse("voice:day_map", args=[pupil.pk, walk.pk])
            if order == total
            else reverse("voice:walkthrough_part", args=[pupil.pk, walk.pk, order + 1])
        )
        assert response["Location"] == expected
    walk.refresh_from_db()
    assert walk.completed_at is not None
    html = client.get(reverse("voice:day_map", args=[pupil.pk, walk.pk])).content.decode()
    assert "Noise in the dining room" in html and "Very hard" in html


def test_a_part_needs_a_face_unless_skipped(login, parent, pupil, walk):
    client = login(parent)
    url = reverse("voice:walkthrough_part", args=[pupil.pk, walk.pk, 2])
    response = client.post(url, {"action": "save", "hard": "x"})
    assert response.status_code == 200 and "Choose a face" in response.content.decode()
    response = client.post(url, {"action": "skip"})
    assert response["Location"] == reverse("voice:walkthrough_part", args=[pupil.pk, walk.pk, 3])
    assert walk.parts.get(order=2).feeling == 3  # skipping keeps what was there


def test_faces_are_radios_with_visible_words(login, parent, pupil, walk):
    html = login(parent).get(reverse("voice:walkthrough_part", args=[pupil.pk, walk.pk, 1])).content.decode()
    for label in ("Very hard", "Hard", "OK", "Good", "Great"):
        assert f"<span>{label}</span>" in html
    assert html.count('type="radio"') == 5 and "voice/face-very-hard.svg" in html


def test_parts_past_the_end_are_404(login, parent, pupil, walk):
    assert login(parent).get(reverse("voice:walkthrough_part", args=[pupil.pk, walk.pk, 99])).status_code == 404


def test_walkthrough_reads_and_changes_are_audited(login, parent, pupil, walk):
    client = login(parent)
    client.get(reverse("voice:day_map", args=[pupil.pk, walk.pk]))
    assert audit(pupil, "walkthrough", "create").count() == 1
    assert audit(pupil, "walkthrough part", "update").count() == walk.parts.count()
    assert audit(pupil, "walkthrough", "view").count() == 1


# ---------------------------------------------------------------- The school's view


def test_opening_the_staff_page_marks_voice_as_seen_once(login, senco, parent, pupil, walk):
    services.about_me_record(pupil=pupil, actor=parent, good_at="Lego")
    client = login(senco)
    html = client.get(reverse("voice:staff_voice", args=[pupil.pk])).content.decode()
    walk.refresh_from_db()
    seen = walk.seen_by_school_at
    assert seen is not None and AboutMe.objects.get().seen_by_school_at is not None
    assert "Lego" in html and "Accept into assessment" in html
    client.get(reverse("voice:staff_voice", args=[pupil.pk]))
    walk.refresh_from_db()
    assert walk.seen_by_school_at == seen
    assert audit(pupil, "pupil voice", "view").count() == 2
    assert audit(pupil, "pupil voice", "update").count() == 1


def test_class_staff_read_the_voice_but_cannot_accept(login, teacher, pupil, walk):
    html = login(teacher).get(reverse("voice:staff_voice", args=[pupil.pk])).content.decode()
    assert "Noise in the dining room" in html and "Accept into assessment" not in html


def test_accepting_a_suggestion_starts_an_assessment_and_adds_the_barrier(login, senco, pupil, walk, lunch):
    client = login(senco)
    url = reverse("voice:suggestion_accept", args=[pupil.pk, walk.pk, lunch.pk])
    response = client.post(url, {"bank_key": "dining-room-noise"}, follow=True)
    barrier = Barrier.objects.get(pupil=pupil)
    assert barrier.bank_key == "dining-room-noise"
    assert barrier.title == "Noise in the dining room"
    assert barrier.where_when == "Lunch: It is too noisy and I can't eat"
    assert barrier.proposed_by == senco
    assessment = Assessment.objects.get(pupil=pupil, status="open")
    assert assessment.barrier_statuses.filter(barrier=barrier).exists()
    lunch.refresh_from_db()
    assert lunch.accepted_barrier == barrier
    assert "Accepted" in response.content.decode()
    assert AuditEvent.objects.filter(pupil=pupil, target="barrier", action="create").count() == 1
    assert audit(pupil, "walkthrough part").filter(summary__startswith="Suggestion accepted").count() == 1


def test_accepting_twice_does_nothing(login, senco, pupil, walk, lunch):
    client = login(senco)
    url = reverse("voice:suggestion_accept", args=[pupil.pk, walk.pk, lunch.pk])
    client.post(url, {"bank_key": "dining-room-noise"})
    client.post(url, {"bank_key": "dining-room-noise"})
    assert Barrier.objects.filter(pupil=pupil).count() == 1
    assert Assessment.objects.filter(pupil=pupil).count() == 1
    assert audit(pupil, "walkthrough part").filter(summary__startswith="Suggestion accepted").count() == 1


def test_accepting_uses_the_open_assessment(senco, pupil, walk, lunch):
    from sensupport.plans import services as plans

    open_one = plans.assessment_start(pupil=pupil, actor=senco)
    barrier, created = services.suggestion_accept(part=lunch, bank_key="dining-room-eating", actor=senco)
    assert created and open_one.barrier_statuses.filter(barrier=barrier).exists()
    assert Assessment.objects.filter(pupil=pupil).count() == 1


def test_a_barrier_the_pupil_already_has_is_linked_not_duplicated(senco, pupil, walk, lunch):
    from sensupport.plans import services as plans

    assessment = plans.assessment_start(pupil=pupil, actor=senco)
    existing = plans.barrier_add(
        assessment=assessment,
        actor=senco,
        title="Noise at lunch",
        broad_area="Sensory and/or physical",
        bank_key="dining-room-noise",
    )
    barrier, created = services.suggestion_accept(part=lunch, bank_key="dining-room-noise", actor=senco)
    assert (barrier, created) == (existing, False)
    assert Barrier.objects.filter(pupil=pupil).count() == 1


def test_only_the_part_s_own_suggestions_can_be_accepted(senco, pupil, walk, lunch):
    with pytest.raises(services.VoiceError):
        services.suggestion_accept(part=lunch, bank_key="hearing", actor=senco)
    ok_part = walk.parts.get(label="Maths")
    with pytest.raises(services.VoiceError):
        services.suggestion_accept(part=ok_part, bank_key="anxiety", actor=senco)
    assert not Barrier.objects.exists()
