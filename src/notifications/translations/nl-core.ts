// Dutch: the codes of coursebridge itself (connections, accounts, templates, results, webhooks, start-up, administrators).
import type { Renderings } from './translations.ts'

export default {
  CONNECTION_INACTIVE: {
    title: 'Koppeling uitgeschakeld',
    cause: 'De LMS-koppeling van deze cursus staat op inactief, dus coursebridge doet er geen aanroepen voor.',
    fix: 'Schakel de koppeling in (Koppelingen › bewerken › Actief) en hervat haar.',
  },
  LMS_KNOWN_ACCOUNT_NOT_FOUND: {
    title: 'Bekend account niet meer gevonden',
    cause: 'coursebridge kent het LMS-account van deze persoon, maar zoeken op de externe sleutel levert niets op, terwijl het account niet verwijderd is. Er wordt geen nieuw account aangemaakt, om een dubbel account te voorkomen.',
    fix: 'Het account bestaat nog (een verwijderd Moodle-account zou zijn vervangen, en een zoekactie die geen accounts kan zien, stopt eerst de koppeling): het ID-nummer is in het LMS gewijzigd. Zet het ID-nummer (de externe sleutel in de melding) terug op dat account en probeer de inschrijving daarna opnieuw.',
  },
  LMS_ACCOUNT_DELETED_RECREATED: {
    title: 'Verwijderd account vervangen door een nieuw',
    cause: 'Het LMS-account van de persoon is in het LMS verwijderd (Moodle bewaart een verwijderd account hernoemd en zonder ID-nummer). coursebridge heeft een nieuw account aangemaakt en nieuwe inloggegevens gestuurd; de geschiedenis van het oude account blijft in het LMS.',
    fix: 'Niets te doen als de verwijdering de bedoeling was. Het oude account kan niet via coursebridge worden teruggehaald; de resultaten ervan blijven in het LMS bij het verwijderde account.',
  },
  LMS_ACCOUNT_REVIEW: {
    title: 'Een bestaand account wacht op uw besluit',
    cause: 'De persoon is in het LMS niet op externe sleutel gevonden, maar een account heeft het e-mailadres van de persoon (vergeleken zonder op hoofdletters te letten): zonder sleutel terwijl de accountkoppeling van de koppeling op "beoordelen" staat, of met een andere externe sleutel (die nooit automatisch wordt overgenomen), of meerdere accounts hebben het. Er is niets aangemaakt, om een tweede account te voorkomen.',
    fix: 'Open Te beoordelen accounts in het Service Center (of GET /api/v1/account-reviews): "Koppelen" maakt het account van de persoon (coursebridge schrijft de externe sleutel erin en stuurt de e-mail "nieuwe cursus beschikbaar", geen nieuw wachtwoord); "Nieuw account aanmaken" maakt een ander account aan, wat Moodle weigert tenzij "Allow accounts with same email" aan staat.',
  },
  LMS_ACCOUNT_SAME_EMAIL_REFUSED: {
    title: 'Een tweede account met dit e-mailadres is geweigerd',
    cause: 'Op de beoordelingslijst is "Nieuw account aanmaken" gekozen, maar het LMS weigert twee accounts met één e-mailadres (Moodle vergelijkt adressen zonder op hoofdletters te letten, tenzij "Allow accounts with same email" aan staat).',
    fix: 'Koppel in plaats daarvan het bestaande account (Te beoordelen accounts), geef de persoon een ander e-mailadres, of sta in Moodle accounts met hetzelfde e-mailadres toe (Site administration › General › Security › Site security settings › allowaccountssameemail); probeer de inschrijving daarna opnieuw.',
  },
  LMS_ACCOUNT_ADOPTED: {
    title: 'Bestaand account overgenomen',
    cause: 'De persoon is in het LMS niet op externe sleutel gevonden; een account met het e-mailadres van de persoon en zonder sleutel is overgenomen (accountkoppeling "overnemen", of "Koppelen" op de beoordelingslijst): coursebridge heeft de externe sleutel erin geschreven.',
    fix: 'Niets te doen. De persoon houdt zijn inlognaam en wachtwoord en heeft de e-mail "nieuwe cursus beschikbaar" gekregen.',
  },
  LMS_DUPLICATE_EXTERNAL_KEY: {
    title: 'Meerdere accounts delen één externe sleutel',
    cause: 'Meer dan één LMS-account heeft de externe sleutel van deze persoon (Moodle houdt ID-nummers niet uniek). coursebridge gaat niet raden welk account van de persoon is.',
    fix: 'Maak in het LMS het ID-nummer leeg van het account dat niet van deze persoon is, of wijzig het, en probeer de inschrijving daarna opnieuw.',
  },
  LOGIN_NAME_NO_FREE_SUFFIX: {
    title: 'Geen vrije inlognaam',
    cause: 'De inlognaam en alle genummerde varianten ervan zijn van andere accounts.',
    fix: 'Kies een andere manier van inlognaam vormen voor de koppeling, of maak een van de namen in het LMS vrij, en probeer het daarna opnieuw.',
  },
  LMS_TARGET_UNSUPPORTED: {
    title: 'Doel past niet bij het LMS',
    cause: 'De cursusdefinitie noemt een doel van een ander LMS (een Moodle-cursus of -cohort op een ILIAS-koppeling, of andersom).',
    fix: 'Bewerk de cursusdefinitie: kies een doel in het LMS van de koppeling (ILIAS: de ref-id van de cursus; Moodle: cursus of cohort).',
  },
  CONNECTION_NOT_FOUND: {
    title: 'Deze koppeling bestaat niet',
    cause: 'Het verzoek noemt een koppelings-id (of -naam) die in deze omgeving niet bestaat.',
    fix: 'Bekijk de koppelingen (GET /api/v1/connections of Service Center › Koppelingen) en gebruik een van hun id\'s.',
  },
  CONNECTION_NAME_TAKEN: {
    title: 'Naam van de koppeling al in gebruik',
    cause: 'Een andere koppeling in deze omgeving heeft deze naam al; op de opdrachtregel worden koppelingen aan hun naam herkend.',
    fix: 'Kies een andere naam, of bewerk in plaats daarvan de bestaande koppeling.',
  },
  PERSON_NOT_FOUND: {
    title: 'Deze persoon bestaat niet',
    cause: 'Het verzoek verwijst naar een persoons-id die het opleidingssysteem nog niet heeft gestuurd.',
    fix: 'Stuur eerst de persoon (PUT /api/v1/persons/{personId}), of stuur de persoon mee met de inschrijving.',
  },
  MAIL_TEMPLATE_NOT_FOUND: {
    title: 'E-mailsjabloon ontbreekt',
    cause: 'Een e-mail is in de wachtrij gezet met een documentsjabloon dat niet meer bestaat (verwijderd of hernoemd nadat de e-mail in de wachtrij kwam).',
    fix: 'Maak het sjabloon opnieuw aan onder die sleutel (Service Center › Sjablonen) en verstuur daarna de e-mail van de inschrijving opnieuw.',
  },
  MAIL_PASSWORD_UNAVAILABLE: {
    title: 'Wachtwoord voor deze e-mail niet meer bewaard',
    cause: 'Het sjabloon toont het wachtwoord, maar coursebridge bewaart een gegenereerd wachtwoord alleen tot de e-mail ervan is verstuurd; deze e-mail is te laat verstuurd of opnieuw geprobeerd.',
    fix: 'Gebruik "inloggegevens opnieuw sturen" bij de inschrijving: dat stelt een nieuw wachtwoord in het LMS in en mailt het.',
  },
  TEMPLATE_NOT_FOUND: {
    title: 'Dit sjabloon bestaat niet',
    cause: 'Het verzoek noemt een sleutel van een documentsjabloon die niet bestaat.',
    fix: 'Bekijk de sjablonen (Service Center › Sjablonen) en gebruik een van hun sleutels, of maak het sjabloon eerst aan.',
  },
  TEMPLATE_INVALID: {
    title: 'Sjabloon onvolledig',
    cause: 'Een verplicht deel van het sjabloon (sleutel, onderwerp of tekst) ontbreekt of is te lang.',
    fix: 'Vul het deel in dat in de details staat en sla opnieuw op.',
  },
  TEMPLATE_SYNTAX_ERROR: {
    title: 'Syntaxisfout in het sjabloon',
    cause: 'Een tag {{ … }} of {% … %} is niet gesloten of geen geldige Liquid op de regel en kolom in de details.',
    fix: 'Verbeter de tag op die plek (elke {{ heeft zijn }} nodig, elke {% if %} zijn {% endif %}).',
  },
  TEMPLATE_UNKNOWN_VARIABLE: {
    title: 'Onbekende variabele in het sjabloon',
    cause: 'Het sjabloon leest een variabele die coursebridge niet levert, meestal een tikfout zoals {{ login.nmae }}.',
    fix: 'Gebruik een van de variabelen die naast de editor staan (person.*, course.*, login.*, …).',
  },
  TEMPLATE_PASSWORD_NOT_ALLOWED: {
    title: 'Wachtwoord in een sjabloon dat het niet mag tonen',
    cause: 'Alleen de sjablonen met inloggegevens mogen {{ login.password }} bevatten; elke andere e-mail zou een wachtwoord sturen dat ze niet heeft.',
    fix: 'Haal {{ login.password }} uit dit sjabloon (verwijs in plaats daarvan naar de inlogpagina).',
  },
  TEMPLATE_PASSWORD_IN_SUBJECT: {
    title: 'Wachtwoord in het onderwerp',
    cause: 'Onderwerpen verschijnen in e-mailoverzichten en logboeken, dus een wachtwoord hoort er niet in.',
    fix: 'Verplaats {{ login.password }} van het onderwerp naar de tekst.',
  },
  TEMPLATE_PASSWORD_MISSING: {
    title: 'Sjabloon met inloggegevens zonder wachtwoord',
    cause: 'Een e-mail met inloggegevens is er om het wachtwoord over te dragen, maar het sjabloon toont {{ login.password }} nergens.',
    fix: 'Voeg {{ login.password }} toe aan de tekst van het sjabloon.',
  },
  TEMPLATE_RENDER_FAILED: {
    title: 'Sjabloon kon niet worden ingevuld',
    cause: 'Het sjabloon is gelezen, maar het invullen met voorbeeldgegevens mislukte (bijv. een filter op het verkeerde soort waarde).',
    fix: 'Lees de melding in de details, verbeter de genoemde tag en bekijk het voorbeeld opnieuw.',
  },
  TEMPLATE_TOO_EXPENSIVE: {
    title: 'Sjabloon te zwaar om in te vullen',
    cause: 'Het sjabloon vraagt meer werk dan een e-mail mag kosten: een reeks of lussen groter dan de grenzen (10 000 elementen in een reeks, 100 000 lusdoorgangen in totaal), of het invullen had meer geheugen of tijd nodig dan de renderer toestaat (het is gestopt).',
    fix: 'Maak de reeksen en lussen die de melding noemt korter (een e-mail heeft nooit duizenden herhalingen nodig) en bekijk het voorbeeld opnieuw.',
  },
  TEMPLATE_CONTEXT_PASSWORD_MISSING: {
    title: 'Geen wachtwoord om in te vullen',
    cause: 'Een sjabloon dat het wachtwoord toont, is zonder wachtwoord ingevuld (een interne aanroep die het had moeten meegeven).',
    fix: 'Dit is een fout in coursebridge: meld die met de sleutel van het sjabloon; stuur intussen de inloggegevens opnieuw.',
  },
  RESULT_DELIVERY_FAILED: {
    title: 'Resultaat niet afgeleverd bij het opleidingssysteem',
    cause: 'coursebridge kon een cursusresultaat na alle pogingen niet afleveren bij de webhook van het opleidingssysteem (niet bereikbaar, of het antwoordde met een fout).',
    fix: 'Controleer de URL en het geheim van de resultaatwebhook in de instellingen (PUT /api/v1/settings, resultWebhook) en of het opleidingssysteem draait; het afleverlogboek van het resultaat (GET /api/v1/results) toont het laatste antwoord.',
  },
  RESULT_USER_WITHOUT_IDNUMBER: {
    title: 'Resultaat voor een Moodle-gebruiker zonder ID-nummer',
    cause: 'De resultatenplug-in stuurde een afronding voor een Moodle-gebruiker zonder ID-nummer, dus er is geen persoon bij te vinden.',
    fix: 'Is de gebruiker een deelnemer uit het opleidingssysteem, vul dan de externe sleutel als ID-nummer in Moodle in; anders is er niets te doen.',
  },
  RESULT_REGISTRATION_NOT_FOUND: {
    title: 'Resultaat zonder inschrijving',
    cause: 'De resultatenplug-in stuurde een afronding voor een persoon en cursus waarvoor coursebridge geen inschrijving heeft (met de hand in Moodle ingeschreven, of een andere cursus).',
    fix: 'Niets te doen als de inschrijving niet via coursebridge is gemaakt; controleer anders of de cursusdefinitie naar die cursus wijst.',
  },
  WEBHOOK_SECRET_NOT_SET: {
    title: 'Geen webhookgeheim voor deze koppeling',
    cause: 'De resultatenplug-in riep coursebridge aan, maar de koppeling heeft nog geen webhookgeheim, dus het verzoek kan niet worden gecontroleerd.',
    fix: 'Maak het webhookgeheim van de koppeling aan (POST /api/v1/connections/{id}/webhook-secret) en vul het in bij de instellingen van de plug-in in Moodle (local_coursebridge).',
  },
  WEBHOOK_SECRET_INVALID: {
    title: 'Webhookgeheim heeft de verkeerde vorm',
    cause: 'Een ingesteld webhookgeheim heeft niet de vorm whsec_<base64>.',
    fix: 'Maak in coursebridge een nieuw webhookgeheim aan en kopieer het ongewijzigd naar de instellingen van de afzender.',
  },
  WEBHOOK_HEADERS_MISSING: {
    title: 'Webhookheaders ontbreken',
    cause: 'Het verzoek mist een bruikbare header webhook-id of webhook-timestamp: het kwam niet van de resultatenplug-in, of een proxy heeft ze verwijderd.',
    fix: 'Controleer of de plug-in naar de webhook-URL van de koppeling post en of geen proxy de webhook-*-headers weghaalt.',
  },
  WEBHOOK_SIGNATURE_MISSING: {
    title: 'Webhookhandtekening ontbreekt',
    cause: 'Het verzoek heeft geen header webhook-signature.',
    fix: 'Vul het webhookgeheim van de koppeling in bij de instellingen van de plug-in (local_coursebridge), zodat die haar verzoeken ondertekent.',
  },
  WEBHOOK_SIGNATURE_INVALID: {
    title: 'Webhookhandtekening klopt niet',
    cause: 'Geen handtekening komt overeen: het geheim in de plug-in verschilt van dat van de koppeling, of de body is onderweg gewijzigd.',
    fix: 'Kopieer het webhookgeheim van de koppeling opnieuw naar de instellingen van de plug-in in Moodle.',
  },
  WEBHOOK_TIMESTAMP_TOO_OLD: {
    title: 'Webhook te oud',
    cause: 'Het ondertekende tijdstip is ouder dan de toegestane marge: een herhaald verzoek, of de klok van de Moodle-server loopt achter.',
    fix: 'Synchroniseer de klok van de Moodle-server (NTP); de plug-in probeert het opnieuw met een nieuw tijdstip.',
  },
  WEBHOOK_TIMESTAMP_IN_FUTURE: {
    title: 'Webhook uit de toekomst',
    cause: 'Het ondertekende tijdstip ligt meer dan de toegestane marge vooruit: de klok van de Moodle-server loopt voor.',
    fix: 'Synchroniseer de klok van de Moodle-server (NTP); de plug-in probeert het opnieuw.',
  },
  WEBHOOK_BODY_INVALID: {
    title: 'Body van de webhook onleesbaar',
    cause: 'De ondertekende body is niet de JSON die de resultatenplug-in stuurt (een andere versie van de plug-in, of een andere afzender).',
    fix: 'Werk local_coursebridge bij naar de versie die bij deze coursebridge hoort; de details noemen het veld.',
  },
  WEBHOOK_ID_MISMATCH: {
    title: 'Webhook-id komt niet overeen',
    cause: 'Het id in de body verschilt van de header webhook-id, dus de body kan bij een ander verzoek horen.',
    fix: 'Werk local_coursebridge bij; blijft het gebeuren, meld dan de details.',
  },
  API_KEY_SCOPE: {
    title: 'API-sleutel mag dit niet',
    cause: 'De API-sleutel heeft een beperktere reikwijdte dan de aanroep vraagt: een sleutel "registrations" mag personen, inschrijvingen en resultaten behandelen, geen koppelingen, instellingen, sjablonen, sleutels of beheerders; een sleutel "metrics" mag alleen /metrics lezen.',
    fix: 'Gebruik voor deze aanroep een sleutel met reikwijdte "admin", of maak er een aan (Service Center → API-sleutels, of coursebridge keys create --scope admin).',
  },
  RESULT_WEBHOOK_NOT_SET: {
    title: 'Geen resultaatwebhook ingesteld',
    cause: 'Er is om een nieuw ondertekeningsgeheim gevraagd, maar er is geen URL voor de resultaatwebhook ingesteld: er valt nog niets te ondertekenen.',
    fix: 'Stel eerst de URL van de resultaatwebhook van het opleidingssysteem in (PUT /api/v1/settings met resultWebhook.url, of de instellingen in het Service Center); daarbij wordt een geheim gemaakt.',
  },
  API_KEY_NOT_FOUND: {
    title: 'Deze API-sleutel bestaat niet',
    cause: 'Er is voor het instituut geen API-sleutel met dit id.',
    fix: 'Bekijk de sleutels (GET /api/v1/keys, coursebridge keys list, of de pagina API-sleutels in het Service Center) en gebruik een id daaruit.',
  },
  MAIL_SMTP_NOT_CONFIGURED: {
    title: 'SMTP niet ingesteld: e-mails wachten',
    cause: 'Er is geen mailserver ingesteld (SMTP_HOST), dus e-mails aan deelnemers worden niet verstuurd. Ze wachten, met versleutelde wachtwoorden, en er gaat niets verloren.',
    fix: 'Stel SMTP_HOST in (en SMTP_PORT, SMTP_USER, SMTP_PASSWORD, MAIL_FROM) en start coursebridge opnieuw: dan worden de wachtende e-mails verstuurd. Om coursebridge zonder e-mail te proberen, houdt MAIL_MODE=outbox de e-mails in de outbox (wachtwoorden verborgen, niets verstuurd).',
  },
  REGISTRATION_HAS_ACCESS: {
    title: 'Inschrijving heeft nog toegang',
    cause: 'Een inschrijving kan alleen worden verwijderd als ze geen toegang in het LMS meer heeft: verwijderen zou die toegang laten bestaan.',
    fix: 'Annuleer de inschrijving, wacht tot ze geannuleerd is (toegang ingetrokken) en verwijder haar daarna.',
  },
  CONNECTION_CHECK_FAILED: {
    title: 'Controle van de koppeling mislukt',
    cause: 'Een verplichte stap van de controle van de koppeling is mislukt: het LMS is niet ingericht zoals coursebridge het nodig heeft, of het was niet bereikbaar.',
    fix: 'Open de koppeling in het Service Center en voer de controle uit; elke mislukte stap zegt wat u waar moet verhelpen.',
  },
  RESULTS_POLL_UNAVAILABLE: {
    title: 'Resultaten kunnen niet worden opgehaald',
    cause: 'Het LMS weigerde de aanroepen die de cursusafronding of de leervoortgang lezen, dus resultaten worden niet met de regelmatige controle opgehaald. Moodle: core_completion_get_course_completion_status zit niet in de dienst van het token, of de webservicerol mist report/completion:view (de melding noemt wat Moodle zei); ILIAS: de SOAP-gebruiker mag de leervoortgang niet lezen.',
    fix: 'Moodle: voeg core_completion_get_course_completion_status toe aan de dienst en sta report/completion:view toe voor de webservicerol, of installeer de coursebridge-plug-in voor Moodle (moodle-plugin/local_coursebridge), die resultaten doorstuurt met het exacte tijdstip van afronden en herkansingen, wat de regelmatige controle geen van beide kan zien. ILIAS: geef de SOAP-gebruiker leesrecht op de leervoortgang van de cursussen. De volgende geslaagde controle sluit deze melding.',
  },
  NOT_READY: {
    title: 'coursebridge is niet gereed',
    cause: 'De database neemt geen schrijfactie aan (alleen-lezen, schijf vol, verbinding verbroken, recht ingetrokken) of de takenwachtrij draait niet.',
    fix: 'Zie de reden in het antwoord van /readyz en in het logboek: maak schijfruimte vrij, maak de database weer beschrijfbaar, of start coursebridge opnieuw.',
  },
  PORT_IN_USE: {
    title: 'Poort in gebruik',
    cause: 'Een ander programma (misschien een coursebridge die al draait) luistert op de poort die coursebridge moet gebruiken.',
    fix: 'Stop het andere programma, of start coursebridge met een andere PORT.',
  },
  PORT_NOT_PERMITTED: {
    title: 'Poort niet toegestaan',
    cause: 'Het besturingssysteem laat deze gebruiker niet op de poort luisteren (poorten onder 1024 vragen extra rechten).',
    fix: 'Gebruik een poort boven 1023 (met een reverse proxy ervoor), of geef het proces het recht om lage poorten te gebruiken.',
  },
  HOST_NOT_AVAILABLE: {
    title: 'Adres niet op deze machine',
    cause: 'HOST noemt een adres dat deze machine niet heeft.',
    fix: 'Zet HOST op een van de adressen van de machine, 127.0.0.1 of 0.0.0.0.',
  },
  DATA_DIR_NOT_WRITABLE: {
    title: 'Gegevensmap niet beschrijfbaar',
    cause: 'coursebridge kan in DATA_DIR geen bestanden aanmaken of schrijven (alleen-lezen bestandssysteem of ontbrekend recht).',
    fix: 'Maak de map beschrijfbaar voor de gebruiker waaronder coursebridge draait, of zet DATA_DIR op een beschrijfbare map.',
  },
  DATA_DIR_FULL: {
    title: 'Gegevensmap vol',
    cause: 'De schijf van DATA_DIR heeft geen ruimte meer, dus de ingebouwde database kan niet schrijven.',
    fix: 'Maak schijfruimte vrij (of verplaats DATA_DIR naar een grotere schijf) en start coursebridge opnieuw.',
  },
  SHUTDOWN_FAILED: {
    title: 'Afsluiten mislukt',
    cause: 'Het stoppen van de workers of het sluiten van de database is mislukt; het proces stopt toch.',
    fix: 'Meestal onschuldig: taken die liepen, worden na de herstart overgenomen. Gebeurt het vaker, meld dan de logregel.',
  },
  ADMIN_NOT_FOUND: {
    title: 'Deze beheerder bestaat niet',
    cause: 'Er is voor het instituut geen beheerder van het Service Center met dit id of e-mailadres.',
    fix: 'Bekijk de beheerders (Service Center → Beheerders, of GET /api/v1/admin-users) en gebruik er een daaruit.',
  },
  ADMIN_SELF: {
    title: 'Een beheerder kan zichzelf niet uitschakelen',
    cause: 'Als u uw eigen account uitschakelt, wordt u uitgelogd en is er niemand meer die het ongedaan kan maken.',
    fix: 'Vraag een andere beheerder, of gebruik coursebridge admin disable <email> op de server.',
  },
  ADMIN_LOGIN_FAILED: {
    title: 'Inloggen van beheerder mislukt',
    cause: 'Iemand voerde een e-mailadres en wachtwoord in die niet bij een beheerder horen. Het logboek bevat het adres van de client.',
    fix: 'Niets, als het een tikfout was. Veel van deze meldingen vanaf één adres of voor één account betekenen dat iemand aan het raden is: die wordt afgeremd.',
  },
  ADMIN_LOGIN_THROTTLED: {
    title: 'Inloggen van beheerder afgeremd',
    cause: 'Te veel mislukte inlogpogingen vanaf één clientadres (10 in 15 minuten) of voor één account (20 in 15 minuten).',
    fix: 'Wacht de tijd die de pagina noemt. Achter een reverse proxy: stel TRUSTED_PROXIES in, zodat elke client op zijn eigen adres wordt geteld.',
  },
  ADMIN_DISABLED: {
    title: 'Beheerder uitgeschakeld',
    cause: 'De beheerder voerde het juiste wachtwoord in, maar een andere beheerder heeft het account uitgeschakeld.',
    fix: 'Een andere beheerder kan het weer inschakelen (Service Center → Beheerders, of coursebridge admin enable <email>).',
  },
  ADMIN_PASSWORD_WRONG: {
    title: 'Huidig wachtwoord onjuist',
    cause: 'Een wachtwoordwijziging is geweigerd, omdat het opgegeven huidige wachtwoord niet dat van de beheerder was.',
    fix: 'Voer uw huidige wachtwoord in; bent u het vergeten, stel dan op de server een nieuw in: coursebridge admin password <email>.',
  },
  INTERNAL_ERROR: {
    title: 'Interne fout',
    cause: 'Er ging iets mis binnen coursebridge (niet in het LMS). De taak wordt opnieuw geprobeerd.',
    fix: 'Blijft het gebeuren, zoek dan in het servicelogboek naar dit inschrijvings-id en meld het.',
  },
} satisfies Renderings
