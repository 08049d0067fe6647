"""The fire zone's published 2023 figures (DOMAIN.md §6), shared by the report tests."""

#: DOMAIN.md §6: the fire zone's published table, zeros left blank there.
PUBLISHED = {
    "Overlast": {"Ongegrond": 2},
    "Dienstverlening": {"Gegrond": 2, "Ongegrond": 4},
    "Bereikbaarheid": {},
    "Professionaliteit": {},
    "Discriminatie": {"Gegrond": 1},
    "Deontologie en integriteit": {},
    "Facturatie": {},
    "Voorbeeldgedrag verkeer": {"Gegrond": 2, "Betwist": 1},
    "Schadegeval": {},
    "Wachttijd na oproep": {},
    "Bevoegdheidsoverschrijding": {},
    "Overig": {"Niet ontvankelijk – onbevoegd": 1},
}
PUBLISHED_TOTALS = {"Gegrond": 5, "Ongegrond": 6, "Niet ontvankelijk – onbevoegd": 1, "Betwist": 1}
PUBLISHED_CHANNELS = {"Algemeen e-mailadres": 7, "Klantenmanagement stad": 2, "Zonecommandant": 2,
                      "Kabinet burgemeester": 1, "Sociale media": 1, "Via ombudsvrouw": 0}
