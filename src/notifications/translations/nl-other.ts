// Dutch: mail, person-data and API codes.
import type { Renderings } from './translations.ts'

export default {
  MAIL_SMTP_UNREACHABLE: {
    title: 'Mailserver niet bereikbaar',
    cause: 'coursebridge kon geen verbinding maken met de SMTP-server: die weigerde de verbinding, antwoordde niet op tijd, de hostnaam werd niet gevonden of de TLS-handshake mislukte.',
    fix: 'Controleer host en poort in de SMTP-instellingen (587 met STARTTLS, 465 met directe TLS/"secure") en of deze server er verbinding mee mag maken (firewall). De e-mail wordt automatisch opnieuw verstuurd.',
  },
  MAIL_SMTP_TEMPORARY: {
    title: 'Mailserver vraagt het later opnieuw te proberen',
    cause: 'De SMTP-server antwoordde met een tijdelijke fout (4xx, bijv. 451 "try again later", 421 "too many connections", 452 "mailbox full"); greylisting en limieten zien er zo uit.',
    fix: 'Niets te doen: de e-mail wordt automatisch opnieuw verstuurd. Blijft het mislukken, vraag dan de beheerder van de mailserver naar de limieten.',
  },
  MAIL_SMTP_REJECTED: {
    title: 'E-mail geweigerd door de mailserver',
    cause: 'De SMTP-server weigerde deze e-mail definitief (5xx), bijv. 550 mailbox niet beschikbaar of 553 adres niet toegestaan. Wordt het afzenderadres geweigerd, dan laat de server coursebridge niet namens dat adres versturen.',
    fix: 'Controleer het e-mailadres van de deelnemer in het opleidingssysteem en verstuur de e-mail opnieuw. Werd de afzender geweigerd, stel dan een afzenderadres in dat de SMTP-server toestaat (of sta relaying voor coursebridge toe).',
  },
  MAIL_SMTP_AUTH_FAILED: {
    title: 'Inloggen op de mailserver mislukt',
    cause: 'De SMTP-server accepteerde de gebruikersnaam en het wachtwoord uit de SMTP-instellingen niet, of vraagt een aanmelding die niet is ingesteld.',
    fix: 'Verbeter de SMTP-gebruiker en het wachtwoord in de instellingen (sommige providers vragen een app-wachtwoord) en verstuur de e-mail opnieuw.',
  },
  PERSON_FIRST_NAME_MISSING: {
    title: 'Voornaam ontbreekt',
    cause: 'Moodle maakt een account zonder voornaam aan, maar de deelnemer krijgt dan bij elke keer inloggen een foutmelding.',
    fix: 'Vul de voornaam van de persoon in het opleidingssysteem in; de inschrijving gaat daarna vanzelf verder.',
  },
  PERSON_EMAIL_MISSING: {
    title: 'E-mailadres ontbreekt',
    cause: 'Het e-mailveld dat de koppeling gebruikt is leeg; het LMS heeft een adres nodig en de e-mail met inloggegevens gaat daarheen.',
    fix: 'Vul het e-mailadres in (of kies een ander e-mailveld in de veldtoewijzing van de koppeling).',
  },
  PERSON_EMAIL_INVALID: {
    title: 'E-mailadres ongeldig',
    cause: 'Het LMS weigert dit e-mailadres.',
    fix: 'Verbeter het e-mailadres van de persoon in het opleidingssysteem; de inschrijving gaat daarna vanzelf verder.',
  },
  PERSON_EXTERNAL_KEY_MISSING: {
    title: 'Externe sleutel ontbreekt',
    cause: 'De koppeling herkent personen aan een veld (ExternId of PersonId) dat bij deze persoon leeg is.',
    fix: 'Vul dat veld in, of kies een andere externe sleutel in de veldtoewijzing van de koppeling.',
  },
  PERSON_NAME_HAS_TAGS: {
    title: 'Naam bevat een HTML-tag',
    cause: 'Moodle weigert een voor- of achternaam met iets wat op een HTML-tag lijkt (zoals "<b>" of "<script>").',
    fix: 'Verbeter de naam van de persoon in het opleidingssysteem; de inschrijving gaat daarna vanzelf verder.',
  },
  PERSON_GENDER_MISSING: {
    title: 'Geslacht ontbreekt',
    cause: 'Het LMS vraagt een geslacht voor een nieuw account (ILIAS: Standaardvelden → Geslacht → "Verplicht", in ILIAS 5.x standaard aan) en de persoon heeft er geen. coursebridge verzint er geen.',
    fix: 'Vul het geslacht van de persoon in het opleidingssysteem in (vrouw of man; de README noemt de geaccepteerde schrijfwijzen), of zet "Verplicht" voor Geslacht in ILIAS uit (Administratie → Gebruikersbeheer → Instellingen → Standaardvelden). De inschrijving wacht en gaat daarna vanzelf verder.',
  },
  PERSON_GENDER_NOT_STORABLE: {
    title: 'Geslacht kan niet in het LMS worden opgeslagen',
    cause: 'Het geslacht van de persoon is "divers", het LMS slaat alleen vrouw en man op (ILIAS 5.x) en vraagt een geslacht voor nieuwe accounts. coursebridge kiest er geen.',
    fix: 'Zet "Verplicht" voor Geslacht in ILIAS uit (Administratie → Gebruikersbeheer → Instellingen → Standaardvelden): het account wordt dan zonder geslacht aangemaakt. Probeer de inschrijving daarna opnieuw.',
  },
  PERSON_REQUIRED_FIELD_MISSING: {
    title: 'Een veld dat het LMS verplicht stelt ontbreekt',
    cause: 'Het LMS vraagt voor nieuwe accounts een gebruikersveld dat de persoon niet heeft (de melding noemt het).',
    fix: 'Vul dat veld van de persoon in het opleidingssysteem in, of maak het veld in het LMS optioneel. De inschrijving wacht en gaat daarna vanzelf verder.',
  },
  PERSON_VALUE_TOO_LONG: {
    title: 'Waarde langer dan het LMS opslaat',
    cause: 'Een naam (de achternaam samen met het tussenvoegsel), het e-mailadres of de externe sleutel is langer dan de kolom in het LMS; Moodle zou het account weigeren met "Error writing to database".',
    fix: 'Kort de in de melding genoemde waarde in het opleidingssysteem in; de inschrijving gaat daarna vanzelf verder.',
  },
  PERSON_LOGIN_NAME_EMPTY: {
    title: 'Geen inlognaam mogelijk',
    cause: 'Na het verwijderen van de tekens die het LMS weigert, blijft er van de inlognaam niets over.',
    fix: 'Kies een andere manier van inlognaam vormen voor de koppeling, of verbeter de gegevens van de persoon.',
  },
  INVALID_INPUT: {
    title: 'Ongeldige invoer',
    cause: 'Een veld van de body, de query of de URL van het verzoek ontbreekt of is ongeldig; details noemt elk veld met zijn probleem.',
    fix: 'Verbeter de velden die in details staan en verstuur het verzoek opnieuw.',
  },
  INVALID_REQUEST: {
    title: 'Verzoek niet leesbaar',
    cause: 'De body is geen geldige JSON of geen UTF-8, of de URL bevat een foute procentcodering.',
    fix: 'Verstuur UTF-8-JSON met Content-Type: application/json en een correct gecodeerde URL.',
  },
  NOT_FOUND: {
    title: 'Dit pad bestaat niet',
    cause: 'Geen bewerking van de API bedient deze methode en dit pad.',
    fix: 'Vergelijk het pad met de API-referentie (/api/docs) of het OpenAPI-document (/api/v1/openapi.json).',
  },
  UNAUTHENTICATED: {
    title: 'API-sleutel ontbreekt of is onbekend',
    cause: 'Het verzoek heeft geen header "Authorization: Bearer <key>", of de sleutel is onbekend of ingetrokken.',
    fix: 'Maak een sleutel aan met npx coursebridge keys create en stuur die mee als bearer-token.',
  },
  URI_TOO_LONG: {
    title: 'Padsegment te lang',
    cause: 'Een segment van het URL-pad (een id) is langer dan 100 tekens.',
    fix: 'Gebruik de id\'s zoals de API ze heeft teruggegeven.',
  },
  BODY_TOO_LARGE: {
    title: 'Body van het verzoek te groot',
    cause: 'De body is groter dan 1 MB.',
    fix: 'Stuur minder records per verzoek (POST /registrations/batch neemt er tot 500).',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    title: 'Inhoudstype niet ondersteund',
    cause: 'De body is niet als application/json verstuurd.',
    fix: 'Stuur de header Content-Type: application/json mee.',
  },
  INVALID_IDEMPOTENCY_KEY: {
    title: 'Idempotency-Key ongeldig',
    cause: 'De header Idempotency-Key is leeg of langer dan 200 tekens.',
    fix: 'Stuur een sleutel van 1 tot 200 tekens, bijv. een UUID, één per bedoelde bewerking.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    title: 'Idempotency-Key gebruikt voor een ander verzoek',
    cause: 'Deze Idempotency-Key is eerder verstuurd met een andere methode, een ander pad of een andere body.',
    fix: 'Gebruik een nieuwe sleutel voor een nieuwe bewerking; herhaal een verzoek alleen ongewijzigd met zijn sleutel.',
  },
  ADMIN_EXISTS: {
    title: 'Beheerder bestaat al',
    cause: 'Er is al een beheerder met dit e-mailadres (adressen worden in kleine letters vergeleken).',
    fix: 'Gebruik de bestaande beheerder; een nieuw wachtwoord geeft u met: coursebridge admin password <email>.',
  },
  COURSE_CODE_TAKEN: {
    title: 'Cursuscode al in gebruik',
    cause: 'Een andere cursusdefinitie heeft deze cursuscode.',
    fix: 'Wijzig die cursusdefinitie, of gebruik een andere code.',
  },
  COURSE_DEFINITION_ARCHIVED: {
    title: 'Cursusdefinitie gearchiveerd',
    cause: 'De cursusdefinitie van deze cursuscode is gearchiveerd: ze neemt geen nieuwe inschrijvingen aan. Haar inschrijvingen, hun toegang en geschiedenis blijven bewaard.',
    fix: 'Zet haar terug (Service Center › Cursussen › Gearchiveerde, of POST /api/v1/course-definitions/{id}/restore) als de cursus weer loopt, of schrijf in voor een andere cursus.',
  },
  COURSE_DEFINITION_IN_USE: {
    title: 'Cursusdefinitie heeft inschrijvingen',
    cause: 'Een cursusdefinitie met inschrijvingen kan niet worden verwijderd: hun geschiedenis en resultaten verwijzen ernaar.',
    fix: 'Archiveer haar in plaats daarvan (POST /api/v1/course-definitions/{id}/archive of Service Center › Cursussen): ze neemt geen nieuwe inschrijvingen aan en houdt wat ze heeft.',
  },
  COURSE_TARGET_UNRESOLVED: {
    title: 'Doel niet gevonden in het LMS',
    cause: 'Het LMS van de koppeling kent de cursus, het cohort of het ILIAS-object van de cursusdefinitie niet, of kan het niet voor coursebridge opzoeken (geen cursus, een doel van een ander LMS, de opzoekfunctie niet in de Moodle-service, inloggegevens geweigerd); details noemt de eigen code van het LMS. Er is niets opgeslagen. (Als het LMS helemaal niet te bereiken is, wordt de definitie ongecontroleerd opgeslagen en bij de eerste inschrijving opgezocht.)',
    fix: 'Controleer in het LMS de id, korte naam of idnumber (Moodle) of de ref-id (ILIAS) en of het account van de koppeling het mag zien, of los op wat de LMS-code in details noemt (bijv. de functie aan de service toevoegen, of het numerieke Moodle-id opgeven); sla dan opnieuw op.',
  },
  CONNECTION_ARCHIVED: {
    title: 'Koppeling gearchiveerd',
    cause: 'De koppeling is gearchiveerd: er kan geen cursusdefinitie op worden gezet en de cursussen erop nemen geen nieuwe inschrijvingen aan. Wat erin zit blijft bewaard en wordt verder verzorgd.',
    fix: 'Zet de koppeling terug (Service Center › Koppelingen › Gearchiveerde, of POST /api/v1/connections/{id}/restore), of kies een andere koppeling.',
  },
  CONNECTION_IN_USE: {
    title: 'Koppeling in gebruik',
    cause: 'Een koppeling met cursusdefinities of LMS-accounts kan niet worden verwijderd: inschrijvingen, accounts en hun geschiedenis verwijzen ernaar.',
    fix: 'Archiveer haar in plaats daarvan (POST /api/v1/connections/{id}/archive of Service Center › Koppelingen); ze houdt wat ze heeft.',
  },
  TEMPLATE_IN_USE: {
    title: 'Sjabloon wordt nog verstuurd',
    cause: 'Het sjabloon heeft geen standaardversie, dus terugzetten verwijdert het; een actiesjabloon verstuurt het nog (details noemt welk).',
    fix: 'Kies eerst een ander sjabloon in de actiesjablonen (Service Center › Instellingen) en verwijder dit daarna.',
  },
  ACCOUNT_REVIEW_NOT_FOUND: {
    title: 'Te beoordelen account niet gevonden',
    cause: 'Geen item van de beoordelingslijst van deze omgeving heeft dit id.',
    fix: 'Bekijk de beoordelingslijst: GET /api/v1/account-reviews.',
  },
  ACCOUNT_REVIEW_DONE: {
    title: 'Beoordeling van het account al uitgevoerd',
    cause: 'Het besluit over dit item van de beoordelingslijst is al uitgevoerd (het account is gekoppeld of er is een nieuw aangemaakt).',
    fix: 'Niets te doen; de pagina van de inschrijving laat zien wat er is gebeurd.',
  },
  COURSE_DEFINITION_NOT_FOUND: {
    title: 'Cursusdefinitie niet gevonden',
    cause: 'Geen cursusdefinitie heeft dit id, of geen cursusdefinitie hoort bij deze cursuscode.',
    fix: 'Leg eerst de cursuscode vast (POST /api/v1/course-definitions of Service Center › Cursussen) en stuur de inschrijving daarna opnieuw.',
  },
  NOTIFICATION_NOT_FOUND: {
    title: 'Melding niet gevonden',
    cause: 'Geen openstaande melding heeft dit id (misschien is ze al afgehandeld).',
    fix: 'Bekijk de openstaande meldingen: GET /api/v1/notifications.',
  },
  NOT_A_SANDBOX: {
    title: 'Geen sandboxkoppeling',
    cause: 'Alleen een inschrijving op een sandboxkoppeling kan via de API worden afgerond; een echt LMS meldt zijn eigen resultaten.',
    fix: 'Rond de cursus af in het LMS.',
  },
  REGISTRATION_HAS_NO_ACCOUNT: {
    title: 'Inschrijving heeft nog geen LMS-account',
    cause: 'De inschrijving heeft het LMS nog niet bereikt, dus er is nog geen account om iets mee te doen.',
    fix: 'Wacht tot de inschrijving actief is (GET /api/v1/registrations/{id}); los eventuele meldingen op waar ze op wacht.',
  },
  REGISTRATION_CANCELLED: {
    title: 'Inschrijving is geannuleerd',
    cause: 'De inschrijving is geannuleerd (of wordt geannuleerd): de persoon heeft de cursus niet meer, dus er worden geen nieuw wachtwoord en geen welkomstmail voor verstuurd.',
    fix: 'Schrijf de persoon opnieuw in voor de cursus als die de cursus moet hebben; de e-mail met inloggegevens gaat dan zoals gewoonlijk uit.',
  },
  REGISTRATION_ID_CONFLICT: {
    title: 'Inschrijvings-id hoort bij een andere inschrijving',
    cause: 'De externalId is eerder verstuurd voor een andere persoon of cursus; details.existingId noemt die inschrijving.',
    fix: 'Stuur elke inschrijving uit het opleidingssysteem met een eigen id; wilt u een inschrijving wijzigen, annuleer haar dan en schrijf opnieuw in.',
  },
  REGISTRATION_NOT_FOUND: {
    title: 'Inschrijving niet gevonden',
    cause: 'Geen inschrijving van de omgeving van deze API-sleutel heeft dit id.',
    fix: 'Gebruik het id dat de API teruggaf toen de inschrijving werd aangemaakt.',
  },
  MAIL_NOT_FOUND: {
    title: 'Mail niet gevonden',
    cause: 'Geen mail van de omgeving van deze API-sleutel heeft dit id.',
    fix: 'Gebruik het id van een mail zoals GET /api/v1/mails of het mail-logboek het toont.',
  },
  MAIL_ALREADY_SENT: {
    title: 'Mail is al verzonden',
    cause: 'De SMTP-server heeft de mail aangenomen (of hij staat met MAIL_MODE=outbox in het postvak uit): er valt niets meer te verzenden of weg te gooien.',
    fix: 'Wilt u de deelnemer nieuwe inloggegevens geven, gebruik dan "Inloggegevens opnieuw sturen" bij de inschrijving.',
  },
  MAIL_DISCARDED: {
    title: 'Mail is weggegooid',
    cause: 'Een beheerder heeft deze mail weggegooid: hij wordt nooit verzonden en zijn wachtwoord is gewist.',
    fix: 'Wilt u de deelnemer toch inloggegevens sturen, gebruik dan "Inloggegevens opnieuw sturen" bij de inschrijving.',
  },
  MAIL_AWAITING_ACCOUNT: {
    title: 'Mail wacht op zijn account',
    cause: 'De mail met inloggegevens wacht tot het LMS-account bestaat; dan gaat hij vanzelf weg.',
    fix: 'Kijk bij de inschrijving: zit die vast (aandacht nodig), los dan op wat de melding noemt en probeer haar opnieuw.',
  },
  MAIL_NOT_SENDABLE: {
    title: 'Mail kan nu niet verzonden worden',
    cause: 'De mail veranderde van status terwijl het verzoek liep en staat nu in een status waarvoor "nu verzenden" niet geldt.',
    fix: 'Bekijk de mail (GET /api/v1/mails?registrationId=…) en probeer het opnieuw als hij nog niet weg is.',
  },
} satisfies Renderings
