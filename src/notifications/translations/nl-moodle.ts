// Dutch: the Moodle codes and the codes both LMS adapters raise. Moodle's menus are named as Moodle shows them in English.
import type { Renderings } from './translations.ts'

export default {
  MOODLE_WEBSERVICES_DISABLED: {
    title: 'Webservices of het REST-protocol in Moodle uitgeschakeld',
    cause: 'Moodle antwoordde met HTTP 403 en een lege pagina. Dat doet Moodle als "Enable web services" uit staat of het REST-protocol niet is ingeschakeld.',
    fix: 'Zet Site administration > General > Advanced features > Enable web services aan (/admin/search.php?query=enablewebservices) en schakel REST in bij Site administration > Server > Web services > Manage protocols (/admin/settings.php?section=webserviceprotocols).',
  },
  MOODLE_INVALID_TOKEN: {
    title: 'Moodle kent het webservicetoken niet',
    cause: 'Het token van de koppeling bestaat niet in Moodle (verkeerd ingetypt, verwijderd, of verlopen en door Moodle bij het eerste gebruik verwijderd).',
    fix: 'Maak een token aan voor de webservicegebruiker en de webservice die u voor coursebridge hebt gemaakt, bij Site administration > Server > Web services > Manage tokens (/admin/webservice/tokens.php), en vul het in bij de koppeling.',
  },
  MOODLE_ACCESS_EXCEPTION: {
    title: 'Moodle weigerde toegang tot de webservicefunctie',
    cause: 'Moodle geeft dezelfde "Access control exception" als: de functie niet in de dienst zit; de webservicegebruiker webservice/rest:use mist; de dienst uitgeschakeld is of de gebruiker niet bij de gemachtigde gebruikers staat; het token verlopen is; het token beperkt is tot andere IP-adressen.',
    fix: 'Controleer in deze volgorde: Site administration > Server > Web services > External services > (de webservice die u voor coursebridge hebt gemaakt) > Functions (/admin/webservice/service_functions.php?id=<service id>) bevat de functie; de dienst is ingeschakeld en de webservicegebruiker staat onder Authorised users (/admin/webservice/service_users.php?id=<service id>); Site administration > Users > Permissions > Define roles > (de rol die u de webservicegebruiker gaf) staat webservice/rest:use toe (/admin/roles/manage.php); het token in Manage tokens (/admin/webservice/tokens.php) heeft geen "Valid until" in het verleden en geen IP-beperking die coursebridge uitsluit. Met debugging aan (/admin/settings.php?section=debugging, Developer) noemt Moodle de reden.',
  },
  MOODLE_FUNCTION_NOT_IN_SERVICE: {
    title: 'Een webservicefunctie die coursebridge nodig heeft, zit niet in de Moodle-dienst',
    cause: 'Moodle weigerde de functie met "Access control exception" terwijl andere functies werken, dus de functie ontbreekt waarschijnlijk in de dienst (een uitgeschakelde dienst, een verlopen token of een IP-beperking geven hetzelfde antwoord).',
    fix: 'Voeg de functie uit de details toe bij Site administration > Server > Web services > External services > (de webservice die u voor coursebridge hebt gemaakt) > Functions > Add functions (/admin/webservice/service_functions.php?id=<service id>), of vermijd haar zoals de melding zegt.',
  },
  MOODLE_TOKEN_EXPIRED: {
    title: 'Het Moodle-webservicetoken is verlopen',
    cause: 'Het token heeft een "Valid until"-datum in het verleden; Moodle verwijdert zo\'n token bij het eerste gebruik.',
    fix: 'Maak een nieuw token zonder "Valid until" aan bij Site administration > Server > Web services > Manage tokens (/admin/webservice/tokens.php) en vul het in bij de koppeling.',
  },
  MOODLE_TOKEN_IP_RESTRICTED: {
    title: 'Het Moodle-token staat geen aanroepen vanaf het adres van coursebridge toe',
    cause: 'Het token heeft een IP-beperking waar het adres waarvandaan coursebridge aanroept niet onder valt.',
    fix: 'Pas de IP-beperking van het token aan bij Site administration > Server > Web services > Manage tokens (/admin/webservice/tokens.php), of maak een token zonder beperking.',
  },
  MOODLE_UNKNOWN_FUNCTION: {
    title: 'Deze Moodle heeft de webservicefunctie niet',
    cause: 'Moodle heeft geen externe functie met die naam (een oudere Moodle-versie, of een plug-in die niet is geïnstalleerd).',
    fix: 'Controleer de Moodle-versie bij Site administration > Notifications (/admin/index.php); coursebridge heeft Moodle 3.0 of later nodig.',
  },
  MOODLE_CAPABILITY_MISSING: {
    title: 'De Moodle-webservicegebruiker mist een bevoegdheid',
    cause: 'De rol van de webservicegebruiker staat de bevoegdheid uit de details niet toe.',
    fix: 'Sta de bevoegdheid toe bij Site administration > Users > Permissions > Define roles > (de rol die u de webservicegebruiker gaf) (/admin/roles/manage.php: rol bewerken, op de bevoegdheid filteren, Allow aanvinken, Save changes).',
  },
  MOODLE_USER_LOOKUP_BLIND: {
    title: 'De Moodle-webservicegebruiker kan geen accounts zien (moodle/user:viewdetails ontbreekt)',
    cause: 'Het opzoeken van accounts leverde niets op, zelfs geen account dat bestaat. Zonder moodle/user:viewdetails ("View user profiles") beantwoordt Moodle elke zoekvraag met een lege lijst in plaats van een fout, zodat elke persoon nieuw zou lijken en een tweede account zou krijgen. coursebridge heeft niets aangemaakt en de koppeling gepauzeerd.',
    fix: 'Sta moodle/user:viewdetails toe (en moodle/user:viewalldetails, moodle/user:viewhiddendetails) bij Site administration > Users > Permissions > Define roles > (de rol die u de webservicegebruiker gaf) (/admin/roles/manage.php) en hervat daarna de koppeling; voer de controle van de koppeling uit om het te bevestigen.',
  },
  MOODLE_REQUIRE_LOGIN: {
    title: 'Moodle zegt dat de cursus niet toegankelijk is voor de webservicegebruiker',
    cause: 'De webservicegebruiker mag geen cursussen zien zonder ingeschreven te zijn: zijn rol mist moodle/course:view.',
    fix: 'Sta moodle/course:view ("See courses without participating") toe bij Site administration > Users > Permissions > Define roles > (de rol die u de webservicegebruiker gaf) (/admin/roles/manage.php).',
  },
  MOODLE_ROLE_NOT_ASSIGNABLE: {
    title: 'De Moodle-webservicegebruiker mag deze rol niet toewijzen',
    cause: 'Inschrijven vraagt moodle/role:assign en de doelrol tussen de rollen die de webservicerol mag toewijzen; een rol-id die niet bestaat, geeft dezelfde fout.',
    fix: 'Sta moodle/role:assign toe bij Site administration > Users > Permissions > Define roles > (de rol die u de webservicegebruiker gaf) (/admin/roles/manage.php), vink de rol (bijv. Student) aan voor de webservicerol bij Site administration > Users > Permissions > Define roles > Allow role assignments (/admin/roles/allow.php?mode=assign), en controleer de rol-id in de cursusdefinitie (Student is 5 in een standaard-Moodle).',
  },
  MOODLE_NO_MANUAL_ENROL_INSTANCE: {
    title: 'De cursus heeft geen actieve handmatige inschrijving',
    cause: 'De methode "Manual enrolments" ontbreekt of is uitgeschakeld in de cursus, of voor de hele site uitgeschakeld.',
    fix: 'Voeg "Manual enrolments" toe in de cursus of schakel het in: Course > Participants > Enrolment methods (/enrol/instances.php?id=<course id>); het moet ook ingeschakeld zijn bij Site administration > Plugins > Enrolments > Manage enrol plugins (/admin/settings.php?section=manageenrols).',
  },
  MOODLE_SITE_POLICY_NOT_AGREED: {
    title: 'De Moodle-webservicegebruiker heeft het sitebeleid niet geaccepteerd',
    cause: 'Er geldt een verplicht sitebeleid en de webservicegebruiker (met een andere authenticatie dan "Web services authentication") heeft het niet geaccepteerd.',
    fix: 'Accepteer het beleid namens de webservicegebruiker bij Site administration > Users > Privacy and policies > User agreements (/admin/tool/policy/acceptances.php), of zet de authenticatie van de gebruiker op "Web services authentication".',
  },
  MOODLE_WEAK_PASSWORD: {
    title: 'Moodle weigerde het gegenereerde wachtwoord volgens zijn wachtwoordbeleid',
    cause: 'Het wachtwoordbeleid van Moodle vraagt meer dan het wachtwoord dat coursebridge maakte (lengte, cijfers, hoofdletters of speciale tekens).',
    fix: 'Vergelijk Site administration > Security > Site security settings > Password policy (/admin/settings.php?section=sitepolicies) met de wachtwoordinstellingen van de koppeling en maak die van coursebridge minstens zo streng.',
  },
  MOODLE_USERNAME_TAKEN: {
    title: 'Een ander Moodle-account heeft deze inlognaam al',
    cause: 'De inlognaam wordt gebruikt door een account met een ander (of geen) ID-nummer, dus Moodle weigerde het account aan te maken.',
    fix: 'Bekijk het account bij Site administration > Users > Browse list of users (/admin/user.php): is het deze persoon, vul dan de externe sleutel in als ID-nummer; voer anders de inschrijving opnieuw uit, zodat coursebridge een genummerde inlognaam kiest.',
  },
  MOODLE_EMAIL_TAKEN: {
    title: 'Een ander Moodle-account heeft dit e-mailadres al',
    cause: 'Moodle weigert een tweede account met hetzelfde e-mailadres (vergeleken zonder op hoofdletters te letten), tenzij "Allow accounts with same email" aan staat.',
    fix: 'Zoek het account bij Site administration > Users > Browse list of users (/admin/user.php): is het deze persoon, vul dan de externe sleutel in als ID-nummer, zodat coursebridge het hergebruikt; verbeter anders het e-mailadres in het opleidingssysteem.',
  },
  MOODLE_EMAIL_TAKEN_OTHER_CASE: {
    title: 'Moodle weigerde het account: het e-mailadres is waarschijnlijk in andere hoofdletters al in gebruik',
    cause: 'De inlognaam is vrij en de gegevens doorstonden de controles van coursebridge, dus de waarschijnlijkste reden is het e-mailadres: Moodle weigert een adres dat een ander account in welke combinatie van hoofd- en kleine letters ook heeft, maar vindt accounts op e-mail alleen in exact dezelfde schrijfwijze, dus coursebridge kon het account niet noemen (het probeerde het adres zoals verstuurd, in kleine en in hoofdletters).',
    fix: 'Zoek het adres bij Site administration > Users > Browse list of users (/admin/user.php); dat filter let niet op hoofdletters. Is het account van deze persoon, vul dan de externe sleutel in als ID-nummer (of laat coursebridge het overnemen); verbeter anders het e-mailadres in het opleidingssysteem. Probeer daarna de inschrijving opnieuw.',
  },
  MOODLE_EMAIL_INVALID: {
    title: 'Moodle weigerde het e-mailadres als ongeldig',
    cause: 'Het adres komt niet door validate_email() van Moodle.',
    fix: 'Verbeter het e-mailadres van de persoon in het opleidingssysteem.',
  },
  MOODLE_LOGIN_NAME_UNCLEAN: {
    title: 'De inlognaam bevat tekens die Moodle weigert',
    cause: 'Moodle accepteert in een gebruikersnaam alleen kleine letters a-z, cijfers en . _ - @ en weigert al het andere (zonder het op te schonen), zelfs bij het opzoeken.',
    fix: 'Dit is een fout in coursebridge (namen worden vóór de aanroep opgeschoond): meld het met de details.',
  },
  MOODLE_INVALID_PARAMETER: {
    title: 'Moodle weigerde een waarde in het verzoek',
    cause: 'Moodle antwoordt "Invalid parameter value detected" om veel redenen: een inlognaam of e-mailadres dat al bezet is, een lege voornaam, een ongeldig e-mailadres, een cursus die niet bestaat, een waarde in de verkeerde vorm, of een verzoek dat PHP midden in een record afkapte omdat het meer formuliervelden had dan max_input_vars toestaat.',
    fix: 'Controleer de gegevens van de persoon en de cursusdefinitie. Met debugging aan (/admin/settings.php?section=debugging, Developer) noemt Moodle de reden in de details.',
  },
  MOODLE_INVALID_USER: {
    title: 'Het Moodle-account bestaat niet (meer)',
    cause: 'Moodle heeft geen account met het gebruikers-id dat coursebridge onthield; het is waarschijnlijk in Moodle verwijderd.',
    fix: 'Voer de inschrijving opnieuw uit: coursebridge zoekt de persoon op externe sleutel op en maakt het account opnieuw aan als het weg is.',
  },
  MOODLE_ADMIN_NOT_UPDATABLE: {
    title: 'Moodle laat webservices geen beheerder wijzigen',
    cause: 'Het account is een sitebeheerder; update_users weigert het te wijzigen.',
    fix: 'Koppel geen beheerdersaccount aan een deelnemer: geef de persoon een eigen account (een ander ID-nummer) in Moodle.',
  },
  MOODLE_DATABASE_WRITE_ERROR: {
    title: 'Moodle kon de wijziging niet opslaan',
    cause: 'De database van Moodle weigerde de wijziging, meestal omdat de nieuwe inlognaam al door een ander account wordt gebruikt.',
    fix: 'Zoek een ander account met dezelfde inlognaam bij Site administration > Users > Browse list of users (/admin/user.php).',
  },
  MOODLE_COURSE_NOT_FOUND: {
    title: 'De Moodle-cursus bestaat niet',
    cause: 'Geen cursus heeft het id, de korte naam of het ID-nummer dat de cursusdefinitie noemt.',
    fix: 'Verbeter de Moodle-cursus in de cursusdefinitie; het id staat in de URL van de cursus (/course/view.php?id=<course id>).',
  },
  MOODLE_COHORT_NOT_FOUND: {
    title: 'Het Moodle-cohort bestaat niet',
    cause: 'Geen cohort heeft het id of ID-nummer dat de cursusdefinitie noemt.',
    fix: 'Verbeter het cohort in de cursusdefinitie; zie Site administration > Users > Accounts > Cohorts (/cohort/index.php).',
  },
  MOODLE_RECORD_MISSING: {
    title: 'Moodle vond een record niet waar het verzoek naar verwijst',
    cause: 'Moodle antwoordde "Can\'t find data record in database": voor de tabel uit de details, of (Moodle 5.0 met debugging uit) zonder te zeggen welke: een cursus, cohort, account of webservicefunctie die niet bestaat.',
    fix: 'Controleer of de cursus, het cohort en het account van de inschrijving nog in Moodle bestaan.',
  },
  MOODLE_ENROLMENT_STATUS_UNREADABLE: {
    title: 'Nieuwe inschrijvingsperiode niet verstuurd: de opschorting in Moodle is niet leesbaar',
    cause: 'De inschrijfaanroep van Moodle zet de periode en de opschorting samen: blind verstuurd zou ze een opschorting opheffen die een beheerder in Moodle heeft ingesteld. Lezen vraagt core_enrol_get_enrolled_users met moodle/course:viewparticipants en moodle/course:enrolreview, die de webservicegebruiker niet heeft. Er is niets verstuurd; de oude periode blijft.',
    fix: 'Voeg core_enrol_get_enrolled_users toe aan de dienst (Site administration > Server > Web services > External services, /admin/webservice/service_functions.php?id=<service id>) en sta moodle/course:viewparticipants en moodle/course:enrolreview toe bij Site administration > Users > Permissions > Define roles > (de rol die u de webservicegebruiker gaf) (/admin/roles/manage.php); probeer daarna de inschrijving opnieuw, of wijzig de data van de inschrijving met de hand op de pagina Participants van de cursus.',
  },
  MOODLE_USER_NOT_ENROLLED: {
    title: 'De deelnemer is niet ingeschreven in de Moodle-cursus',
    cause: 'Er wordt naar de afronding gevraagd van een gebruiker die niet (meer) in de cursus is ingeschreven.',
    fix: 'Controleer de inschrijving bij Course > Participants; geef opnieuw toegang als die per vergissing is ingetrokken.',
  },
  MOODLE_NO_COMPLETION_CRITERIA: {
    title: 'De Moodle-cursus heeft geen afrondingscriteria',
    cause: 'Zonder criteria markeert Moodle de cursus nooit als afgerond, dus er kan geen resultaat terugkomen.',
    fix: 'Stel afrondingscriteria in bij Course > Course completion (/course/completion.php?id=<course id>), met voortgangsregistratie ingeschakeld.',
  },
  MOODLE_CANNOT_VIEW_REPORT: {
    title: 'De Moodle-webservicegebruiker mag de cursusafronding niet lezen',
    cause: 'Het lezen van de afrondingsstatus vraagt report/completion:view, die een webservicerol met alleen de vereiste bevoegdheden niet heeft.',
    fix: 'Sta report/completion:view toe bij Site administration > Users > Permissions > Define roles > (de rol die u de webservicegebruiker gaf) (/admin/roles/manage.php), en voeg core_completion_get_course_completion_status toe aan de dienst (Site administration > Server > Web services > External services, /admin/webservice/service_functions.php?id=<service id>).',
  },
  MOODLE_CODING_ERROR: {
    title: 'Moodle meldde een programmeerfout in het verzoek',
    cause: 'coursebridge stuurde een verzoek dat Moodle als programmeerfout beschouwt (bijv. een niet-ondersteund zoekveld).',
    fix: 'Dit is een fout in coursebridge: meld het met de details.',
  },
  MOODLE_PHP_ERROR: {
    title: 'Moodle faalde met een interne PHP-fout',
    cause: 'Een PHP-fout ontsnapte aan de foutafhandeling van Moodle, dus het antwoord heeft geen Moodle-foutcode (vastgelegd: core_course_get_courses_by_field met een onbekend id in een lijst; in Moodle 5.0 enrol_manual_enrol_users met een gebruikers-id dat niet bestaat). Bestandspaden van de server in de tekst zijn uit de details weggelaten.',
    fix: 'Controleer de waarden van het verzoek in de details (bijv. het cursus- of gebruikers-id); kloppen ze, kijk dan in het PHP-foutlogboek van Moodle.',
  },
  MOODLE_EXCEPTION: {
    title: 'Moodle weigerde het verzoek',
    cause: 'Moodle antwoordde met een fout die coursebridge niet kent; de Moodle-foutcode en de melding staan in de details.',
    fix: 'Zoek de Moodle-foutcode uit de details op; met debugging aan (/admin/settings.php?section=debugging) ziet u meer.',
  },
  MOODLE_WARNING: {
    title: 'Moodle sloeg een item over met een waarschuwing',
    cause: 'Moodle ging door met de andere items en meldde dit item met een waarschuwing die coursebridge niet kent.',
    fix: 'Zoek de waarschuwingscode en de melding uit de details op.',
  },
  MOODLE_ENDPOINT_NOT_FOUND: {
    title: 'Het webserviceadres van Moodle bestaat niet',
    cause: 'De server antwoordde met HTTP 404 op /webservice/rest/server.php: de basis-URL van de koppeling is waarschijnlijk fout.',
    fix: 'Vul als basis-URL van de koppeling het adres van de Moodle-site in (het adres van de voorpagina, zonder /login of /my).',
  },
  LMS_UNREACHABLE: {
    title: 'LMS niet bereikbaar',
    cause: 'De verbinding met de LMS-server mislukte (naam niet gevonden, geweigerd, verbroken, TLS-fout).',
    fix: 'coursebridge probeert het opnieuw met steeds langere pauzes. Blijft het mislukken, controleer dan de basis-URL van de koppeling en of het LMS draait; probeer daarna de inschrijving opnieuw.',
  },
  LMS_TIMEOUT: {
    title: 'LMS antwoordde niet op tijd',
    cause: 'Een aanroep duurde langer dan de time-out (LMS_TIMEOUT_MS). Het LMS kan het werk toch hebben gedaan; de volgende ronde zoekt dat eerst op.',
    fix: 'coursebridge probeert het opnieuw. Blijft het gebeuren, controleer dan de belasting van het LMS of verhoog LMS_TIMEOUT_MS.',
  },
  LMS_HTTP_ERROR: {
    title: 'LMS antwoordde met een HTTP-fout',
    cause: 'De webserver voor het LMS antwoordde met een foutstatus in plaats van een webserviceantwoord.',
    fix: 'Serverfouten (5xx) worden opnieuw geprobeerd. Controleer bij andere fouten de basis-URL en een eventuele proxy of firewall voor het LMS.',
  },
  LMS_BAD_ANSWER: {
    title: 'Onleesbaar antwoord van het LMS',
    cause: 'Het LMS antwoordde met iets anders dan een webserviceantwoord (een HTML-pagina, een onderhoudspagina, een andere vorm).',
    fix: 'Open de basis-URL van de koppeling in een browser; de details bevatten het inhoudstype en het begin van het antwoord.',
  },
  MOODLE_DEBUG_OUTPUT: {
    title: 'Moodle zet debuguitvoer in zijn webserviceantwoorden',
    cause: 'Moodle zette tekst vóór het antwoord: met "Debug email sending" (debugsmtp) aan drukt Moodle het hele SMTP-gesprek af van elke e-mail die het verstuurt, wachtwoorden inbegrepen. coursebridge las het antwoord erachter en sloeg niets van de tekst op, maar iedereen die het verkeer of de logboeken van de webserver kan lezen, ziet het.',
    fix: 'Zet Site administration > Development > Debugging > Debug email sending uit (/admin/settings.php?section=debugging) en zet Debug messages voor een live site terug op None.',
  },
  LMS_INCOMPLETE_ANSWER: {
    title: 'LMS antwoordde voor minder records dan er zijn verstuurd',
    cause: 'Het LMS antwoordde maar voor een deel van een batch. Bij Moodle laat PHP formuliervelden boven max_input_vars stil vallen.',
    fix: 'Verhoog max_input_vars in PHP tot minstens 5000, of verlaag het aantal records per aanroep van de koppeling; de volgende ronde vindt wat is aangemaakt.',
  },
} satisfies Renderings
