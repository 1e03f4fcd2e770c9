"""The salutation per Dutch convention (issue 14 item 5): surname only, a leading tussenvoegsel capitalised."""

import pytest

from incasso.aanhef import aanhef, achternaam


@pytest.mark.parametrize(
    ("naam", "verwacht"),
    [
        ("Henk Jansen", "Jansen"),
        ("Jansen", "Jansen"),
        ("H.J. van der Berg", "Van der Berg"),
        ("Henk de Vries", "De Vries"),
        ("Anna Jansen-de Vries", "Jansen-de Vries"),
        ("Kevin Peters", "Peters"),
        ("Bram Jansen 12", "Jansen"),
        ("Jan Willem ter Horst", "Ter Horst"),
    ],
)
def test_surname_from_the_full_name(naam, verwacht):
    assert achternaam(naam) == verwacht


def test_salutation_uses_the_surname_and_the_gender_when_known():
    assert aanhef("Henk Jansen") == "Geachte heer/mevrouw Jansen"
    assert aanhef("Henk Jansen", "m") == "Geachte heer Jansen"
    assert aanhef("Petra de Vries", "v") == "Geachte mevrouw De Vries"
