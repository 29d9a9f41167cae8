import pytest
from django.core.management import CommandError, call_command


def test_le_banc_affiche_ses_chiffres_et_finit_par_le_ratio(capsys):
    call_command("bench_rendez_vous", "--tailles", "20,40", "--limite-secondes", "5", "--graine", "3", "--workers", "2")
    lignes = capsys.readouterr().out.strip().splitlines()
    assert lignes[0].startswith("20 participants, 100 souhaits, 20 créneaux × 8 tables : ")
    assert lignes[1].startswith("40 participants, 200 souhaits, 20 créneaux × 16 tables : ")
    assert "objectif" in lignes[1] and "borne" in lignes[1] and "écart" in lignes[1]
    assert lignes[2].startswith("cible (30 s, ratio ≥ 0.99) pour 40 participants : ")
    ratio = float(lignes[-1].removeprefix("ratio: "))
    assert 0 < ratio <= 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--tailles", "deux"], "--tailles attend des nombres"),
        (["--tailles", "1"], "au moins 2 participants"),
        (["--limite-secondes", "0"], "--limite-secondes doit être positive"),
    ],
)
def test_le_banc_refuse_des_options_incoherentes(options, message):
    with pytest.raises(CommandError, match=message):
        call_command("bench_rendez_vous", *options)
