"""Dutch phrase banks for generated cases: Antwerp streets, people, and sentence templates.

Templates use ``{slot}`` fields filled by ``generate.Slots``: one value per slot per case, so
a title and its description speak of the same street. Some titles carry square brackets on
purpose: real titles do, and the desk must show them as text, never as markup.
"""

from __future__ import annotations

STREETS = (
    "Meir", "Lange Leemstraat", "De Keyserlei", "Turnhoutsebaan", "Bredabaan", "Kioskplaats",
    "Groenplaats", "Carnotstraat", "Kerkstraat", "Kolonel Silvertopstraat", "Boomsesteenweg",
    "Abdijstraat", "Grotesteenweg", "Diksmuidelaan", "Lange Kievitstraat", "Vondelstraat",
    "Plantin en Moretuslei", "Kristus-Koningstraat", "Van Eycklei", "Statiestraat", "Oudaan",
    "Frankrijklei", "Italiëlei", "Sint-Bernardsesteenweg", "Krijgsbaan", "Ruggeveldlaan",
    "Hoogboomsteenweg", "Laaglandlaan", "Bisschoppenhoflaan", "Herentalsebaan", "Pelgrimstraat",
    "Nationalestraat", "Kammenstraat", "Hoogstraat", "Sint-Andriesplaats", "Falconplein",
    "Dambruggestraat", "Schijnpoortweg", "Noorderlaan", "Ijzerlaan", "Sint-Jansplein",
    "Lange Beeldekensstraat", "Seefhoek", "Dageraadplaats", "Draakplaats", "Kasteelpleinstraat",
    "Leopold de Waelplaats", "Kiel", "Sint-Jozefstraat", "Jan Van Rijswijcklaan",
    "Elisabethlaan", "Fruithoflaan", "Kapelsestraat", "Bosuil", "Veltwijcklaan", "Lakborslei",
    "Alfons Schneiderlaan", "Ter Heydelaan", "Zandvlietsesteenweg",
)

DISTRICTS = (
    "Antwerpen", "Berchem", "Borgerhout", "Deurne", "Ekeren", "Hoboken", "Merksem", "Wilrijk",
    "Berendrecht-Zandvliet-Lillo",
)

POSTCODES = ("2000", "2018", "2020", "2030", "2050", "2060", "2100", "2140", "2170", "2180",
             "2600", "2610", "2660", "2040")

SQUARES = ("de Groenplaats", "het Theaterplein", "de Grote Markt", "het Sint-Jansplein",
           "de Dageraadplaats", "het Kielpark", "het Te Boelaerpark", "het Stadspark",
           "de Kiosk in Hoboken", "het Koningin Astridplein")

THINGS = ("straatlamp", "vuilnisbak", "zitbank", "fietsenstalling", "verkeersbord",
          "speeltuig", "glasbol", "ondergrondse container", "parkeerautomaat", "drinkfontein",
          "paaltje", "boom", "bloembak", "fietsnietje", "laadpaal")

SERVICES = ("het districtshuis", "het loket Burgerzaken", "Antwerpen Info", "de bibliotheek",
            "het recyclagepark", "de parkeerwinkel", "het sociaal huis", "het stadsloket",
            "de dienst Belastingen", "het woonloket", "de sporthal", "het zwembad")

DOCUMENTS = ("identiteitskaart", "rijbewijs", "bewonerskaart", "reispas",
             "uittreksel uit het strafregister", "aanslagbiljet", "parkeerretributie",
             "renovatiepremie", "omgevingsvergunning", "adreswijziging", "huwelijksakte",
             "GAS-boete", "afvalkalender")

PERIODS = ("al drie weken", "sinds vorige maand", "al maanden", "sinds de werken begonnen",
           "al twee weken", "sinds het voorjaar", "opnieuw, na een eerdere melding",
           "elke week", "sinds enkele dagen")

WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")

PARTS_OF_DAY = ("'s ochtends", "'s middags", "'s avonds", "'s nachts", "rond de middag")

TEAMS = ("de ploeg Openbaar domein", "de dienst Netheid", "het district", "de dienst Mobiliteit",
         "de parkeerwinkel", "de aannemer", "Burgerzaken", "het team Klantenmanagement",
         "de dienst Belastingen", "de politie", "de wijkregisseur")

TITLES = (
    "Vuilniszakken niet opgehaald in de {street}",
    "Sluikstort aan de glasbol in de {street}",
    "Straatlamp defect in de {street} ({district})",
    "Geen antwoord op mail over {document}",
    "Lange wachttijd aan {service}",
    "Onvriendelijke medewerker aan {service}",
    "Parkeerboete onterecht volgens bewoner {street}",
    "Bewonerskaart na {weeks} weken nog niet ontvangen",
    "Fietspad {street} onveilig door werken",
    "Afspraak voor {document} pas over {weeks} weken",
    "Vraag over {document}",
    "Hinder door werken in de {street}",
    "Geluidsoverlast café {street}",
    "Losliggende stoeptegels {street} nr. {number}",
    "Overhangende takken boven voetpad {street}",
    "Website toont foute openingsuren van {service}",
    "Aanslagbiljet dubbel ontvangen",
    "Compliment voor medewerker van {service}",
    "Suggestie: extra {thing} op {square}",
    "Ratten aan de ondergrondse containers {street}",
    "Wateroverlast na onweer in de {street}",
    "Verkeerslicht {street} staat te kort op groen",
    "Te veel lawaai na middernacht op {square}",
    "Foute info op website [pagina {document}]",
    "Kapotte {thing} in de {street} ({district})",
    "Melding: {thing} omvergereden in de {street}",
    "Geen plaats meer in {service} van {district}",
    "Factuur recyclagepark te hoog",
    "Brief over {document} onbegrijpelijk",
    "Telefonisch niet bereikbaar: {service}",
    "[DRINGEND] {thing} hangt los in de {street}",
    "Graffiti op gevel {street} {number}",
    "Hondenpoep op speelplein {square}",
    "Bladeren niet geruimd {street}",
    "Markt {square} laat afval achter",
    "Terrassen blokkeren voetpad {street}",
    "Bus rijdt niet meer langs {street}",
    "Parkeerplaats voor personen met een handicap {street} ingenomen",
    "Afval naast ondergrondse container {street} (opnieuw)",
    "Premie voor {document} nog niet uitbetaald",
)

# Description sentences, in the order a complaint usually tells its story.
SITUATION = (
    "De melder woont in de {street} in {district} en meldt het probleem {period}.",
    "Volgens de melder is dit {period} het geval en werd er eerder al gebeld naar Antwerpen Info.",
    "De melder ging op {weekday} naar {service} voor een {document}, maar kon niet geholpen worden.",
    "Op {weekday} {part_of_day} stelde de melder vast dat de {thing} in de {street} opnieuw stuk was.",
    "De melder schrijft namens de bewoners van de {street} tussen nummer {number} en {number2}.",
    "De melder kreeg een brief over een {document} en begrijpt niet waarom.",
    "Sinds de heraanleg van de {street} is de situatie volgens de melder slechter geworden.",
    "De melder maakte online een afspraak bij {service} maar die werd zonder uitleg geannuleerd.",
    "De melder zag {part_of_day} iemand afval achterlaten naast de {thing} in de {street}.",
    "De melder diende {period} een aanvraag in voor een {document} en hoorde sindsdien niets.",
)

DETAIL = (
    "Er werden foto's meegestuurd.",
    "De buren ondervinden hetzelfde probleem.",
    "De melder heeft twee keer eerder gemaild zonder reactie.",
    "Het gaat om de kant van de pare huisnummers.",
    "Volgens de melder werd de situatie al gemeld via het e-loket, zonder gevolg.",
    "De melder voegt een kopie van de brief en het betalingsbewijs toe.",
    "Het probleem doet zich vooral in het weekend voor.",
    "De melder wijst erop dat er kinderen spelen in de buurt.",
    "Een medewerker aan de telefoon beloofde dat er iemand zou langskomen, maar dat gebeurde niet.",
    "De melder vindt de uitleg op de website tegenstrijdig met wat aan het loket gezegd werd.",
    "De wachttijd bedroeg volgens de melder meer dan anderhalf uur.",
    "De melder heeft de medewerker om zijn naam gevraagd, maar kreeg die niet.",
    "Er staat al weken een waarschuwingsbord zonder dat er iets gebeurt.",
    "De melder spreekt weinig Nederlands en werd geholpen door een buurvrouw.",
)

IMPACT = (
    "Vooral oudere buurtbewoners en kinderen hebben er last van.",
    "De melder moest daardoor een halve dag verlof nemen.",
    "De melder vindt dit onaanvaardbaar voor een stadsdienst.",
    "Het voetpad is daardoor niet toegankelijk voor rolstoelgebruikers.",
    "De melder heeft daardoor een boete van {amount} euro gekregen.",
    "Het trekt ongedierte aan.",
)

REQUEST = (
    "De melder vraagt dat de stad dit zo snel mogelijk oplost.",
    "De melder wil weten wanneer er iemand langskomt.",
    "De melder verwacht een schriftelijk antwoord.",
    "De melder vraagt de terugbetaling van de betaalde som.",
    "De melder vraagt een excuus van de betrokken medewerker.",
    "De melder wil dat de stad beter communiceert over de werken.",
    "De melder vraagt of er een structurele oplossing komt.",
)

MOTIVATION_FOUNDED = (
    "Na navraag bij {team} blijkt dat de melding niet correct werd doorgegeven. De fout werd rechtgezet.",
    "Het onderzoek bevestigt dat de termijn niet werd gerespecteerd. De betrokken dienst heeft de werkwijze aangepast.",
    "De medewerker erkent dat de uitleg aan het loket onvolledig was.",
    "Uit de gegevens van {team} blijkt dat de ophaling die week niet gebeurde door een planningsfout.",
    "De informatie op de website was verouderd; ze werd intussen aangepast.",
)

MOTIVATION_PARTLY = (
    "De klacht is deels terecht: de wachttijd was te lang, maar de medewerker volgde de procedure correct.",
    "Het herstel gebeurde laat, maar de melder werd wel correct geïnformeerd over de planning.",
    "De brief was onduidelijk opgesteld; de berekening van het bedrag zelf klopt wel.",
)

MOTIVATION_UNFOUNDED = (
    "Uit het onderzoek blijkt dat {team} correct heeft gehandeld volgens de geldende regels.",
    "De boete werd terecht uitgeschreven: het voertuig stond buiten de aangeduide vakken.",
    "De werken verlopen volgens de afgesproken planning en werden vooraf aangekondigd.",
    "Er werd geen disfunctie vastgesteld; de medewerker gaf correcte informatie.",
    "De ophaling gebeurde op de voorziene dag; de zakken stonden te laat buiten.",
)

MOTIVATION_DISPUTED = (
    "De verklaringen van de melder en de medewerker spreken elkaar tegen; er zijn geen objectieve elementen.",
    "Het onderzoek levert te weinig informatie op om een oordeel te vellen.",
)

MOTIVATION_INADMISSIBLE = (
    "De klacht gaat over een beslissing van een andere overheid; de melder werd doorverwezen.",
    "De melder antwoordde niet op onze vraag om bijkomende gegevens.",
    "De klacht gaat over beslist beleid van het college.",
    "De feiten dateren van meer dan een jaar geleden.",
)

ANSWER_OPENING = (
    "Geachte {salutation},\n\nWij hebben uw bericht van {received} goed ontvangen en onderzocht.",
    "Beste {salutation},\n\nBedankt voor uw bericht van {received}.",
)

# The body of a draft written while the investigation still runs.
ANSWER_INTERIM = (
    "Wij hebben uw melding doorgegeven aan {team}, die de situatie ter plaatse bekijkt.",
    "Uw vraag over uw {document} wordt behandeld; u ontvangt binnenkort een definitief antwoord.",
    "Wij hebben de betrokken dienst om uitleg gevraagd en houden u op de hoogte.",
)

ANSWER_CLOSING = (
    "Wij hopen u hiermee voldoende te hebben geïnformeerd.\n\nMet vriendelijke groeten,\n{handler}",
    "Onze excuses voor het ongemak.\n\nMet vriendelijke groeten,\n{handler}",
)

EXTRA_ACTIONS = (
    "Werkinstructie voor de loketmedewerkers aangepast.",
    "Extra ophaalronde ingepland in de {street}.",
    "Tekst op de website herschreven.",
    "Opleiding klantvriendelijkheid voor het team.",
    "Standaardbrief over {document} vereenvoudigd.",
    "Camera geplaatst aan de ondergrondse containers.",
)

EXTENSION_REASONS = (
    "Wachten op het verslag van de aannemer.",
    "Advies van de juridische dienst gevraagd.",
    "Bijkomende informatie opgevraagd bij de melder.",
    "Betrokken medewerker afwezig wegens ziekte.",
    "Plaatsbezoek nodig.",
)

NOTES = (
    "Bijkomende informatie opgevraagd bij de melder.",
    "Melder telefonisch gecontacteerd.",
    "Dossier besproken op het teamoverleg.",
    "Foto's van de situatie ontvangen.",
    "Navraag gedaan bij {team}.",
)

FIRST_NAMES = (
    "Jan", "Marc", "Luc", "Peter", "Dirk", "Koen", "Bart", "Tom", "Wim", "Johan", "Geert", "Stijn",
    "Pieter", "Jeroen", "Kris", "Sven", "Jens", "Thomas", "Arne", "Lars", "Ruben", "Wouter",
    "Maria", "Anna", "Els", "An", "Katrien", "Sofie", "Inge", "Hilde", "Veerle", "Sarah",
    "Lies", "Eva", "Lotte", "Nathalie", "Ilse", "Leen", "Griet", "Kaat", "Emma", "Julie",
    "Mohamed", "Youssef", "Ahmed", "Karim", "Samir", "Mehmet", "Ali", "Emre", "Omar", "Bilal",
    "Fatima", "Nadia", "Samira", "Leila", "Ayse", "Zeynep", "Amina", "Hanane", "Yasmina",
    "Piotr", "Agnieszka", "Olena", "Dmytro", "Kofi", "Grace", "Joseph", "Esther", "Chloé",
    "Lucas", "Louis", "Nina", "Noor", "Rik", "Frieda", "Jozef", "Rosa", "Staf", "Mariette",
)

SURNAMES = (
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
    "Wouters", "De Smet", "Dubois", "Hermans", "Aerts", "Michiels", "Lambrechts", "Van Damme",
    "Smets", "Verstraeten", "Claessens", "Vermeulen", "Van den Bosch", "De Backer", "Pauwels",
    "Van Dyck", "Cools", "Van Hoof", "Segers", "Bogaerts", "Verhoeven", "Vos", "Hendrickx",
    "Van Gorp", "Geerts", "Mariën", "De Wit", "Nuyts", "Vervoort", "Huybrechts", "Luyten",
    "El Amrani", "Benali", "Bouzid", "El Idrissi", "Yilmaz", "Kaya", "Demir", "Öztürk",
    "Haddad", "Chaouki", "Azzouzi", "Kowalski", "Nowak", "Shevchenko", "Mensah", "Okafor",
    "Van de Velde", "Van Aken", "D'Haese", "Dewulf", "Cuypers", "Stevens", "Van Looy",
)

MAIL_DOMAINS = ("example.be", "example.com", "example.org", "voorbeeld.be")
