"""A corpus of mail files shaped like the ones a complaints mailbox receives.

Written by hand after the structure real mail programs give their messages (headers,
MIME layout, encodings, quote and forward headers); the people and addresses are made up.
Each ``Sample`` says what ``klachtendesk mail`` must make of it. The 30 MB attachment is
built when a test asks for it, never committed.
"""

from __future__ import annotations

import base64
import quopri
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime

BRUSSELS = timezone(timedelta(hours=1))
# A 1x1 PNG: an inline picture or a pasted photo.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass(frozen=True)
class Sample:
    name: str
    raw: bytes
    outcome: str  # "new", "added", "skipped", "unreadable"
    complainant: str = ""  # the expected complainant e-mail (new cases)
    title: str = ""
    description_has: tuple[str, ...] = ()
    description_lacks: tuple[str, ...] = ()
    files: tuple[str, ...] = ()  # names of kept attachments (besides the original)
    forwarded_by: str = ""
    notes: dict[str, str] = field(default_factory=dict)


def _crlf(text: str) -> bytes:
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("ascii")


def _qp(text: str, charset: str) -> str:
    return quopri.encodestring(text.encode(charset)).decode("ascii")


def _b64(data: bytes) -> str:
    encoded = base64.b64encode(data).decode("ascii")
    return "\n".join(encoded[i:i + 76] for i in range(0, len(encoded), 76))


GMAIL_TEXT = """Beste,

Op 2 november stond de ladderwagen twee uur lang met draaiende motor voor ons huis
in de Lange Leemstraat. Het lawaai en de uitlaatgassen waren niet te harden.
Ik vraag een verklaring en een excuus.

Met vriendelijke groeten,
Sofie Wuyts
"""

GMAIL = _crlf(f"""MIME-Version: 1.0
Date: Mon, 16 Nov 2026 09:14:03 +0100
Message-ID: <CAF3kd8Zt9p=QmE1xW@mail.gmail.com>
Subject: Ladderwagen met draaiende motor
From: Sofie Wuyts <sofie.wuyts@gmail.com>
To: brandweer@example.be
Content-Type: multipart/alternative; boundary="000000000000a1b2c3d4e5f6"

--000000000000a1b2c3d4e5f6
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp(GMAIL_TEXT, "utf-8")}
--000000000000a1b2c3d4e5f6
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

<div dir=3D"ltr">Beste,<br><br>Op 2 november stond de ladderwagen twee uur lan=
g ...</div>

--000000000000a1b2c3d4e5f6--
""")

OUTLOOK_TEXT = ("Geachte,\n\nUw factuur van 1.250 \u20ac voor de interventie in de Caf\u00e9 De Hoek klopt niet:"
                "\nwe werden twee keer aangerekend. Zie de factuur in bijlage.\n\nHoogachtend,\nRen\u00e9 Lemaire\n")

OUTLOOK = _crlf(f"""Received: from AM0PR02MB1234.eurprd02.prod.outlook.com
From: =?iso-8859-1?Q?Ren=E9_Lemaire?= <rene.lemaire@cafedehoek.be>
To: "brandweer@example.be" <brandweer@example.be>
Subject: Factuur interventie =?iso-8859-1?Q?Caf=E9?= De Hoek
Thread-Topic: Factuur interventie =?iso-8859-1?Q?Caf=E9?= De Hoek
Thread-Index: AdozLh8Vw3n4Jk1qRkWbT1Ju0uQ2Ow==
Date: Tue, 17 Nov 2026 14:02:11 +0000
Message-ID: <AM0PR02MB12348D6F9A3B2C1@AM0PR02MB1234.eurprd02.prod.outlook.com>
Accept-Language: nl-BE, en-US
Content-Language: nl-BE
X-MS-Has-Attach: yes
X-Mailer: Microsoft Outlook 16.0
Content-Type: multipart/mixed;
\tboundary="_004_AM0PR02MB12348D6F9A3B2C1_"
MIME-Version: 1.0

--_004_AM0PR02MB12348D6F9A3B2C1_
Content-Type: multipart/alternative;
\tboundary="_000_AM0PR02MB12348D6F9A3B2C1_"

--_000_AM0PR02MB12348D6F9A3B2C1_
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{_qp(OUTLOOK_TEXT, "cp1252")}
--_000_AM0PR02MB12348D6F9A3B2C1_
Content-Type: text/html; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

<html><body><p>Geachte,</p><p>Uw factuur van 1.250 =80 ...</p></body></html>

--_000_AM0PR02MB12348D6F9A3B2C1_--

--_004_AM0PR02MB12348D6F9A3B2C1_
Content-Type: application/pdf; name="factuur 2026-311.pdf"
Content-Description: factuur 2026-311.pdf
Content-Disposition: attachment; filename="factuur 2026-311.pdf"; size={len(PDF)}
Content-Transfer-Encoding: base64

{_b64(PDF)}

--_004_AM0PR02MB12348D6F9A3B2C1_--
""")

APPLE_TEXT = ("Bij de interventie van gisteren werd onze voordeur geforceerd, terwijl de sleutel bij de buren "
              "lag. Zie de foto.")

APPLE = _crlf(f"""From: Karim Benali <karim.benali@icloud.com>
Content-Type: multipart/alternative;
\tboundary="Apple-Mail=_5B1E2C3D-4F5A-6B7C-8D9E-0F1A2B3C4D5E"
Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3774.600.62\\))
Subject: Schade aan onze voordeur
Message-Id: <8E1F2A3B-4C5D-6E7F-8091-A2B3C4D5E6F7@icloud.com>
Date: Wed, 18 Nov 2026 20:41:37 +0100
To: brandweer@example.be
X-Mailer: Apple Mail (2.3774.600.62)

--Apple-Mail=_5B1E2C3D-4F5A-6B7C-8D9E-0F1A2B3C4D5E
Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain;
\tcharset=utf-8

{_qp(APPLE_TEXT, "utf-8")}

--Apple-Mail=_5B1E2C3D-4F5A-6B7C-8D9E-0F1A2B3C4D5E
Content-Type: multipart/related;
\ttype="text/html";
\tboundary="Apple-Mail=_9A8B7C6D-5E4F-3A2B-1C0D-E9F8A7B6C5D4"

--Apple-Mail=_9A8B7C6D-5E4F-3A2B-1C0D-E9F8A7B6C5D4
Content-Transfer-Encoding: 7bit
Content-Type: text/html;
\tcharset=us-ascii

<html><body>Bij de interventie ... <img src="cid:F00D1E55-1B2C-4D3E-9F8A-7B6C5D4E3F2A" alt="deur"></body></html>
--Apple-Mail=_9A8B7C6D-5E4F-3A2B-1C0D-E9F8A7B6C5D4
Content-Transfer-Encoding: base64
Content-Disposition: inline;
\tfilename=IMG_2041.png
Content-Type: image/png;
\tx-unix-mode=0644;
\tname="IMG_2041.png"
Content-Id: <F00D1E55-1B2C-4D3E-9F8A-7B6C5D4E3F2A>

{_b64(PNG)}
--Apple-Mail=_9A8B7C6D-5E4F-3A2B-1C0D-E9F8A7B6C5D4--

--Apple-Mail=_5B1E2C3D-4F5A-6B7C-8D9E-0F1A2B3C4D5E--
""")

GMAIL_REPLY = _crlf(f"""MIME-Version: 1.0
Date: Thu, 19 Nov 2026 11:30:00 +0100
References: <CAF3kd8Zt9p=QmE1xW@mail.gmail.com>
In-Reply-To: <CAF3kd8Zt9p=QmE1xW@mail.gmail.com>
Message-ID: <CAF3kd8Zt9p=Reply2@mail.gmail.com>
Subject: Re: Ladderwagen met draaiende motor
From: Sofie Wuyts <sofie.wuyts@gmail.com>
To: brandweer@example.be
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp('''Nog een aanvulling: het gebeurde ook op 9 november.

Op ma 16 nov. 2026 om 09:14 schreef Sofie Wuyts <sofie.wuyts@gmail.com>:

> Beste,
>
> Op 2 november stond de ladderwagen twee uur lang met draaiende motor
''', "utf-8")}""")

OUTLOOK_EN_REPLY = _crlf("""From: Peter Janssens <peter.janssens@outlook.com>
To: brandweer@example.be
Subject: RE: Parking at the fire station
Date: Fri, 20 Nov 2026 08:05:44 +0000
Message-ID: <DB9PR01MB7777AAAA@DB9PR01MB7777.eurprd01.prod.outlook.com>
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: 7bit
MIME-Version: 1.0

Your staff blocked my driveway again this morning. This is the third time.

Peter

From: Peter Janssens <peter.janssens@outlook.com>
Sent: Monday, November 2, 2026 9:12 AM
To: brandweer@example.be
Subject: Parking at the fire station

Your staff park in front of my driveway.
""")

NL_REPLY_TEXT = ("We wachtten 40 minuten op de ziekenwagen. Dat is onaanvaardbaar.\n\n"
                 "----- Oorspronkelijk bericht -----\nVan: brandweer@example.be\n"
                 "Verzonden: donderdag 19 november 2026\nOnderwerp: wachttijd\n\nKunt u meer details geven?\n")

OUTLOOK_NL_REPLY = _crlf(f"""From: Lotte Maes <lotte.maes@telenet.be>
To: brandweer@example.be
Subject: Antw: wachttijd
Date: Fri, 20 Nov 2026 16:20:00 +0100
Message-ID: <5F3A@telenet.be>
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable
MIME-Version: 1.0

{_qp(NL_REPLY_TEXT, "cp1252")}""")

GMAIL_FORWARD = _crlf(f"""MIME-Version: 1.0
Date: Sat, 21 Nov 2026 10:00:00 +0100
Message-ID: <CAKab1net=Fwd1@mail.gmail.com>
Subject: Fwd: Hoornaars in de tuin
From: Kabinet van de burgemeester <kabinet@example.be>
To: brandweer@example.be
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{_qp('''Graag opvolgen en de burger rechtstreeks antwoorden.

---------- Forwarded message ---------
From: Marie Claes <marie.claes@telenet.be>
Date: vr 20 nov. 2026 om 18:02
Subject: Hoornaars in de tuin
To: <kabinet@example.be>


Geachte burgemeester,

De hoornaarploeg kwam langs maar wist niet hoe het nest te verwijderen.
Het nest hangt er nog.

Marie Claes
''', "utf-8")}""")

OUTLOOK_FORWARD = _crlf("""From: Commandant Zone <commandant@example.be>
To: klachten@example.be
Subject: FW: Klacht sirenes 's nachts
Date: Sun, 22 Nov 2026 09:00:00 +0100
Message-ID: <VI1PR0202MB1111FW@VI1PR0202MB1111.eurprd02.prod.outlook.com>
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit
MIME-Version: 1.0

Ter info.

________________________________
Van: Jan Peeters <jan.peeters@skynet.be>
Verzonden: zaterdag 21 november 2026 23:40
Aan: Commandant Zone <commandant@example.be>
Onderwerp: Klacht sirenes 's nachts

Elke nacht rijden jullie met sirenes door onze straat, ook om 3 uur.
""")

HTML_ONLY = _crlf(f"""From: "Webformulier" <noreply@example.be>
Reply-To: An De Smet <an.desmet@proximus.be>
To: brandweer@example.be
Subject: Melding via website: rookmelder
Date: Mon, 23 Nov 2026 12:00:00 +0100
Message-ID: <form-2026-11-23-1200@example.be>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: base64

{_b64(b'''<html><head><style>p {{ color: red; }}</style><script>alert("x")</script></head>
<body><h1>Nieuwe melding</h1><p>Naam: An De&nbsp;Smet</p>
<p>Bericht:<br>De rookmelder die jullie plaatsten piept al een week &amp; niemand komt.</p>
<ul><li>Adres: Kiel 12</li><li>Telefoon: 03 123 45 67</li></ul></body></html>''')}
""")

MALFORMED_HEADER = _crlf("""From: Bram Vos <bram.vos@example.org>
To: brandweer@example.be, <<kapot@@
Subject: =?utf-8?q?Rook_in_de_trap=E2=80?= en geen reactie =?bogus-charset?B?SGFsbG8=?=
Date: Tue, 24 Nov 2026 07:30:00 +0100
Message-ID: <malformed-1@example.org>
X-Broken-Header
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Er hing rook in de trap en niemand antwoordde op de oproep.
""")

BAD_DATE = _crlf("""From: Iemand <iemand@example.org>
To: brandweer@example.be
Subject: Zonder geldige datum
Date: ergens vorige week
Message-ID: <baddate@example.org>

Tekst.
""")

NOT_MAIL = b"Boodschappen:\n- melk\n- brood\n\nNiet vergeten: tandarts om 14u.\n"
OUTLOOK_MSG = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def forward_as_attachment() -> bytes:
    inner = EmailMessage()
    inner["From"] = "Nadia El Amrani <nadia.elamrani@gmail.com>"
    inner["To"] = "stad@example.be"
    inner["Subject"] = "Brandweer blokkeerde de fietsstraat"
    inner["Date"] = "Fri, 20 Nov 2026 17:00:00 +0100"
    inner["Message-ID"] = "<inner-nadia@mail.gmail.com>"
    inner.set_content("Twee brandweerwagens stonden een uur in de fietsstraat zonder interventie.")
    outer = EmailMessage()
    outer["From"] = "Klantenmanagement Stad <klantenmanagement@example.be>"
    outer["To"] = "brandweer@example.be"
    outer["Subject"] = "TR: Brandweer blokkeerde de fietsstraat"
    outer["Date"] = "Sat, 21 Nov 2026 08:00:00 +0100"
    outer["Message-ID"] = "<outer-km@example.be>"
    outer.set_content("Voor jullie bevoegdheid.")
    outer.add_attachment(inner)
    return outer.as_bytes()


def with_big_attachment(size: int = 30_000_000) -> bytes:
    message = EmailMessage()
    message["From"] = "Tom Hermans <tom.hermans@example.org>"
    message["To"] = "brandweer@example.be"
    message["Subject"] = "Video van het incident"
    message["Date"] = "Wed, 25 Nov 2026 10:00:00 +0100"
    message["Message-ID"] = "<bigvideo@example.org>"
    message.set_content("In bijlage de video van de brandweerwagen op het voetpad.")
    message.add_attachment(b"\x00\x01" * (size // 2), maintype="video", subtype="mp4", filename="incident.mp4")
    return message.as_bytes()


def mbox(*messages: bytes) -> bytes:
    out = b""
    for raw in messages:
        body = raw.replace(b"\r\n", b"\n")
        body = b"\n".join(b">" + line if line.startswith(b"From ") else line for line in body.split(b"\n"))
        out += b"From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n" + body.rstrip(b"\n") + b"\n\n"
    return out


def dated(raw: bytes, when: datetime) -> bytes:
    return raw.replace(b"Date: ", b"Date: " + format_datetime(when).encode() + b"\r\nX-Old-Date: ", 1)


SAMPLES: list[Sample] = [
    Sample("gmail.eml", GMAIL, "new", "sofie.wuyts@gmail.com", "Ladderwagen met draaiende motor",
           ("Lange Leemstraat",)),
    Sample("outlook.eml", OUTLOOK, "new", "rene.lemaire@cafedehoek.be", "Factuur interventie Café De Hoek",
           ("1.250 €", "Café De Hoek", "René Lemaire"), files=("factuur 2026-311.pdf",)),
    Sample("apple.eml", APPLE, "new", "karim.benali@icloud.com", "Schade aan onze voordeur",
           ("voordeur geforceerd",), files=("IMG_2041.png",)),
    Sample("gmail-antwoord.eml", GMAIL_REPLY, "added", description_lacks=("Op ma 16 nov",)),
    Sample("outlook-engels.eml", OUTLOOK_EN_REPLY, "new", "peter.janssens@outlook.com",
           "Parking at the fire station", ("third time",), ("Sent: Monday", "park in front")),
    Sample("outlook-nl.eml", OUTLOOK_NL_REPLY, "new", "lotte.maes@telenet.be", "wachttijd",
           ("40 minuten",), ("Oorspronkelijk bericht", "meer details")),
    Sample("doorgestuurd-gmail.eml", GMAIL_FORWARD, "new", "marie.claes@telenet.be", "Hoornaars in de tuin",
           ("hoornaarploeg",), ("Graag opvolgen", "Forwarded message"), forwarded_by="kabinet@example.be"),
    Sample("doorgestuurd-outlook.eml", OUTLOOK_FORWARD, "new", "jan.peeters@skynet.be",
           "Klacht sirenes 's nachts", ("om 3 uur",), ("Ter info", "Verzonden:"),
           forwarded_by="commandant@example.be"),
    Sample("doorgestuurd-als-bijlage.eml", forward_as_attachment(), "new", "nadia.elamrani@gmail.com",
           "Brandweer blokkeerde de fietsstraat", ("fietsstraat zonder interventie",), ("bevoegdheid",),
           files=("Brandweer blokkeerde de fietsstraat.eml",), forwarded_by="klantenmanagement@example.be"),
    Sample("alleen-html.eml", HTML_ONLY, "new", "an.desmet@proximus.be", "Melding via website: rookmelder",
           ("piept al een week & niemand komt", "- Adres: Kiel 12", "Naam: An De Smet"),
           ("<p>", "alert", "color: red", "&amp;")),
    Sample("kapotte-kopregel.eml", MALFORMED_HEADER, "new", "bram.vos@example.org",
           description_has=("Er hing rook",), description_lacks=("X-Broken-Header", "MIME-Version")),
]

UNREADABLE: list[Sample] = [
    Sample("zonder-datum.eml", BAD_DATE, "unreadable", notes={"reason": "datum"}),
    Sample("boodschappen.eml", NOT_MAIL, "unreadable", notes={"reason": "geen e-mail"}),
    Sample("outlook.msg", OUTLOOK_MSG, "unreadable", notes={"reason": ".msg"}),
]
