"""Les tranches d'âge de la file d'instruction comptent en jours du calendrier au fuseau du site : un dossier déposé
le 24 mars, à n'importe quelle heure de Paris, a 7 jours le 31 mars (« de 7 à 30 jours »)."""

import datetime
import zoneinfo

import pytest

from osezia.dossiers import selectors
from osezia.dossiers.models import Dossier
from tests.dossiers.factories import dossier, instructeur

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
AUJOURDHUI = datetime.date(2026, 3, 31)  # le lendemain du passage à l'heure d'été


@pytest.mark.parametrize(
    ("depose", "tranche"),
    [
        (datetime.datetime(2026, 3, 31, 0, 5, tzinfo=PARIS), "7"),
        (datetime.datetime(2026, 3, 25, 0, 0, tzinfo=PARIS), "7"),  # 6 jours du calendrier
        (datetime.datetime(2026, 3, 24, 23, 59, tzinfo=PARIS), "30"),  # 7 jours du calendrier, quelle que soit l'heure
        (datetime.datetime(2026, 3, 2, 23, 59, tzinfo=PARIS), "30"),  # 29 jours
        (datetime.datetime(2026, 3, 1, 0, 0, tzinfo=PARIS), "plus"),  # 30 jours
    ],
)
def test_tranche_d_age_au_jour_pres(depose, tranche):
    qui, structure = instructeur()
    d = dossier(instruction=(qui, structure))
    Dossier.objects.filter(pk=d.pk).update(depose_le=depose)
    attendu = {
        age
        for age, (_, mini, maxi) in selectors.AGES.items()
        if (AUJOURDHUI - depose.date()).days >= mini and (maxi is None or (AUJOURDHUI - depose.date()).days < maxi)
    }
    assert attendu == {tranche}
    for age in selectors.AGES:
        trouve = selectors.file_instruction(qui, aujourdhui=AUJOURDHUI, age=age).filter(pk=d.pk).exists()
        assert trouve == (age == tranche), age
