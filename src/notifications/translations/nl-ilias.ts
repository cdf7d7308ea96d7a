// Dutch: the ILIAS codes. ILIAS's menus are named in English (as ILIAS shows them in English; a Dutch ILIAS names them in Dutch).
import type { Renderings } from './translations.ts'

export default {
  ILIAS_SOAP_DISABLED: {
    title: 'SOAP-beheer is in ILIAS uitgeschakeld',
    cause: 'ILIAS accepteerde het inloggen, maar weigert elke andere aanroep: "Administration via SOAP" is voor deze client niet ingeschakeld.',
    fix: 'Open in ILIAS Administration → System Settings and Maintenance → Server → tabblad "SOAP", vink "Administration via SOAP" aan en sla op.',
  },
  ILIAS_LOGIN_FAILED: {
    title: 'ILIAS weigerde het inloggen via SOAP',
    cause: 'De client-id, gebruikersnaam of het wachtwoord van de koppeling klopt niet, het account is inactief, of het moet de gebruiksvoorwaarden nog accepteren.',
    fix: 'Controleer client-id, gebruiker en wachtwoord in de koppeling. Controleer in ILIAS (Administration → Users and Roles → User Management) of het SOAP-account actief is, lokale authenticatie gebruikt en de gebruikersovereenkomst heeft geaccepteerd.',
  },
  ILIAS_SESSION_INVALID: {
    title: 'ILIAS accepteert de SOAP-sessie niet',
    cause: 'Direct na een nieuwe aanmelding antwoordde ILIAS nog steeds "Session invalid" (of "No client given"): de client-id in de sessie hoort bij geen geïnstalleerde client, of sessies worden meteen weggegooid.',
    fix: 'Controleer of de client-id van de koppeling overeenkomt met de map onder data/ op de ILIAS-server, en de sessie-instellingen bij Administration → System Settings and Maintenance → General Settings → Session Handling.',
  },
  ILIAS_PERMISSION_DENIED: {
    title: 'Het SOAP-account van ILIAS mist een recht',
    cause: 'ILIAS antwoordde "Check access failed" / "Missing permission": het SOAP-account mag geen gebruikers lezen of aanmaken, de cursusdeelnemers niet beheren, of de leervoortgang niet lezen.',
    fix: 'Geef de rol van het SOAP-account bij Administration → Users and Roles → Roles de rechten "read_users" en "create_usr" op de System User Folder, en "manage_members" en "read_learning_progress" op de cursussen (of hun categorie). Het eenvoudigst: de rol Administrator.',
  },
  ILIAS_OBJECT_NOT_FOUND: {
    title: 'Het ILIAS-object bestaat niet',
    cause: 'De ref-id in de cursusdefinitie wijst naar geen enkel object (of naar een object in de prullenbak).',
    fix: 'Open de cursus in ILIAS; de ref-id is het getal na "ref_id=" in de adresbalk. Verbeter de cursusdefinitie, of zet de cursus terug uit de prullenbak (Administration → Repository Trash and Permissions).',
  },
  ILIAS_WRONG_OBJECT_TYPE: {
    title: 'Het ILIAS-object is geen cursus',
    cause: 'De ref-id in de cursusdefinitie hoort bij een categorie, map of ander object, niet bij een cursus.',
    fix: 'Open de cursus zelf in ILIAS (niet de categorie) en gebruik het getal na "ref_id=" in de adresbalk.',
  },
  ILIAS_USER_NOT_FOUND: {
    title: 'Het ILIAS-account bestaat niet meer',
    cause: 'De voor deze persoon bewaarde usr_id is ILIAS onbekend; het account is waarschijnlijk in ILIAS verwijderd.',
    fix: 'Controleer in ILIAS (Administration → Users and Roles → User Management) of het account is verwijderd. Ontkoppel de persoon, zodat coursebridge het account opnieuw aanmaakt of vindt.',
  },
  ILIAS_LOGIN_TAKEN: {
    title: 'De inlognaam wordt in ILIAS al gebruikt',
    cause: 'ILIAS weigerde de import: een ander account heeft deze inlognaam al (ILIAS vergelijkt inlognamen zonder op hoofdletters te letten).',
    fix: 'Zoek de inlognaam op in ILIAS (Administration → Users and Roles → User Management). Is het het account van deze persoon, koppel het dan; wijzig anders de manier van inlognaam vormen of de gegevens van de persoon.',
  },
  ILIAS_IMPORT_REFUSED: {
    title: 'ILIAS weigerde de gebruikersimport',
    cause: 'importUsers gaf een protocol met een waarschuwing of fout terug in plaats van gebruikers-id\'s; niets van deze batch is geïmporteerd.',
    fix: 'Lees de ILIAS-melding in de details. Verbeter de persoonsgegevens in het opleidingssysteem, of de veldtoewijzing in het Service Center.',
  },
  ILIAS_IMPORT_MALFORMED: {
    title: 'ILIAS kon de XML van de gebruikersimport niet lezen',
    cause: 'ILIAS beantwoordde de import met een parserfout. coursebridge codeert elke waarde, dus dit wijst op een fout of op een ongebruikelijk teken in de persoonsgegevens.',
    fix: 'Meld de details (regel, kolom, melding) aan de beheerders van coursebridge; controleer de persoonsgegevens op ongebruikelijke tekens.',
  },
  ILIAS_GLOBAL_ROLE_MISSING: {
    title: 'De globale rol voor nieuwe ILIAS-accounts bestaat niet',
    cause: 'Nieuwe accounts hebben een globale rol nodig; ILIAS kent de rol (id) die de koppeling noemt niet, of er is geen verstuurd.',
    fix: 'Open in ILIAS Administration → Users and Roles → Roles, zoek de globale rol die nieuwe deelnemers moeten krijgen (normaal "User", id 4) en vul de titel en het id ervan in bij de koppeling.',
  },
  ILIAS_ROLE_NOT_PERMITTED: {
    title: 'Het SOAP-account mag deze globale rol niet toewijzen',
    cause: 'ILIAS antwoordde "Import with specified role not permitted": de rol mag in de gekozen gebruikersmap of door dit account niet worden toegewezen.',
    fix: 'Open in ILIAS (Administration → Users and Roles → Roles) de rol en vink "Allow to assign users to this role in local user administration" aan, of importeer in de System User Folder (map -1).',
  },
  ILIAS_IMPORT_FOLDER_INVALID: {
    title: 'De ILIAS-gebruikersmap van de koppeling klopt niet',
    cause: 'importUsers weigerde de map: de ref-id bestaat niet of is geen gebruikersmap en geen categorie.',
    fix: 'Zet de gebruikersmap van de koppeling op -1 (System User Folder) of op de ref-id van een categorie met lokaal gebruikersbeheer.',
  },
  ILIAS_INVALID_MEMBER_ROLE: {
    title: 'ILIAS kent deze cursusrol niet',
    cause: 'ILIAS wijst cursusdeelnemers alleen toe als "Member", "Tutor" of "Admin" (precies zo geschreven).',
    fix: 'Zet de rol van de cursusdefinitie op Member, Tutor of Admin.',
  },
  ILIAS_LAST_COURSE_ADMIN: {
    title: 'ILIAS verwijdert de laatste cursusbeheerder niet',
    cause: 'De persoon is de enige beheerder van de cursus; ILIAS weigert hem of haar te verwijderen.',
    fix: 'Open in de ILIAS-cursus het tabblad "Members", geef een ander lid de beheerdersrol en annuleer daarna opnieuw.',
  },
  ILIAS_LEARNING_PROGRESS_UNAVAILABLE: {
    title: 'ILIAS heeft voor dit object geen leervoortgang',
    cause: 'Leervoortgang is in ILIAS uitgeschakeld, of niet beschikbaar voor dit objecttype of deze leervoortgangsmodus.',
    fix: 'Schakel in ILIAS Administration → Learning Progress in, en stel in de cursus op het tabblad "Learning Progress" een modus in (bijv. "Tutor monitors and sets status").',
  },
  ILIAS_EXTERNAL_KEY_IMMUTABLE: {
    title: 'ILIAS houdt de externe sleutel van een account vast',
    cause: 'De externe sleutel staat in de import-id van ILIAS, die eenmalig wordt gezet bij het aanmaken van het account; de SOAP-import kan hem niet wijzigen.',
    fix: 'Houd het persoons-id in het opleidingssysteem stabiel. Om opnieuw te koppelen: wijzig de import-id in de ILIAS-database, of ontkoppel de persoon en koppel opnieuw.',
  },
  ILIAS_FIELD_INVALID: {
    title: 'Een persoonsveld kan niet naar ILIAS worden gestuurd',
    cause: 'Een waarde breekt een regel van ILIAS nog vóór een aanroep: de inlognaam, een teken dat XML niet kan bevatten, een geboortedatum niet in de vorm JJJJ-MM-DD, of een veld dat ILIAS niet heeft.',
    fix: 'Verbeter de persoon in het opleidingssysteem, of de veldtoewijzing in het Service Center (ILIAS-extra\'s: zipcode, birthday, phoneHome, phoneMobile, phoneOffice).',
  },
  ILIAS_NOT_SOAP_ENDPOINT: {
    title: 'Het ILIAS-adres antwoordt niet met SOAP',
    cause: 'De URL antwoordde, maar niet met een SOAP-envelop: het is waarschijnlijk niet het script van de SOAP-server.',
    fix: 'Zet de URL op https://<host>/<ilias>/webservice/soap/server.php (ILIAS ≤ 9) of https://<host>/soap/server.php (ILIAS 10).',
  },
  ILIAS_UNEXPECTED_ANSWER: {
    title: 'ILIAS antwoordde in een vorm die coursebridge niet kent',
    cause: 'Het SOAP-antwoord is gelezen, maar de waarde heeft niet de gedocumenteerde vorm (een andere ILIAS-versie, of een plug-in heeft de bewerking veranderd).',
    fix: 'Controleer of de ILIAS-versie wordt ondersteund; meld de details aan de beheerders van coursebridge.',
  },
  ILIAS_EMPTY_FAULT: {
    title: 'ILIAS weigerde de aanroep zonder te zeggen waarom',
    cause: 'ILIAS antwoordde met een lege SOAP-fout (geen code, geen tekst). ILIAS 5.x op PHP 7 doet dat als zijn eigen fout een getal bevat: bij leervoortgang een ref-id die nergens naar wijst, of een onbekend filter.',
    fix: 'Controleer de ref-id van de cursus in de cursusdefinitie (open de cursus in ILIAS; het getal na "ref_id=" in de adresbalk).',
  },
  ILIAS_CLIENT_UNKNOWN: {
    title: 'ILIAS kent de client-id niet',
    cause: 'ILIAS beantwoordde het inloggen met zijn webpagina "Client does not exist" (HTTP 200, text/html) in plaats van met SOAP.',
    fix: 'Zet de client-id van de koppeling op de naam van de map van de client onder data/ op de ILIAS-server (bij het inloggen in ILIAS te zien als client_id=… in het adres).',
  },
  ILIAS_CLIENT_MISSING: {
    title: 'ILIAS kon de client niet uit de sessie afleiden',
    cause: 'ILIAS antwoordde "Fatal Error: … called without CLIENT_ID." als webpagina in plaats van met SOAP: het sessie-id dat het kreeg, noemt geen client.',
    fix: 'Controleer de client-id van de koppeling (zonder "::") en voer de controle van de koppeling uit; blijft het gebeuren, lees dan het foutlogboek van ILIAS.',
  },
  ILIAS_HTTP_ERROR: {
    title: 'ILIAS antwoordde met een HTTP-fout',
    cause: 'De webserver antwoordde 5xx (of 429) zonder SOAP-fout: ILIAS of PHP faalde aan zijn kant.',
    fix: 'Gaat meestal vanzelf over; blijft het gebeuren, lees dan de foutlogboeken van ILIAS en de webserver.',
  },
  ILIAS_UNEXPECTED_FAULT: {
    title: 'ILIAS antwoordde met een fout die coursebridge niet kent',
    cause: 'Een SOAP-fout met een tekst die niet in de catalogus staat.',
    fix: 'Lees de fouttekst in de details; meld hem aan de beheerders van coursebridge, zodat hij een eigen code krijgt.',
  },
} satisfies Renderings
