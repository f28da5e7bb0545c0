import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_senco_sees_register_and_pupil(login, senco, pupil):
    client = login(senco)
    response = client.get(reverse("pupils:register"))
    assert response.status_code == 200
    assert pupil.display_name in response.content.decode()
    response = client.get(reverse("pupils:pupil", args=[pupil.pk]))
    assert response.status_code == 200
    assert pupil.upn in response.content.decode()
