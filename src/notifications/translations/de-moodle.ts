// German: the Moodle codes and the codes both LMS adapters raise. Moodle's menus are named as Moodle shows them in English.
import type { Renderings } from './translations.ts'

export default {
  MOODLE_WEBSERVICES_DISABLED: {
    title: 'Webservices oder REST-Protokoll in Moodle ausgeschaltet',
    cause: 'Moodle antwortete mit HTTP 403 und einer leeren Seite. Das tut Moodle, wenn „Enable web services“ aus ist oder das REST-Protokoll nicht aktiviert ist.',
    fix: 'Schalten Sie Site administration > General > Advanced features > Enable web services ein (/admin/search.php?query=enablewebservices) und aktivieren Sie REST unter Site administration > Server > Web services > Manage protocols (/admin/settings.php?section=webserviceprotocols).',
  },
  MOODLE_INVALID_TOKEN: {
    title: 'Moodle kennt das Webservice-Token nicht',
    cause: 'Das Token der Verbindung gibt es in Moodle nicht (vertippt, gelöscht, oder abgelaufen und von Moodle bei der ersten Verwendung entfernt).',
    fix: 'Erstellen Sie ein Token für den Webservice-Benutzer und den Webservice, den Sie für coursebridge angelegt haben, unter Site administration > Server > Web services > Manage tokens (/admin/webservice/tokens.php) und tragen Sie es in der Verbindung ein.',
  },
  MOODLE_ACCESS_EXCEPTION: {
    title: 'Moodle hat den Zugriff auf die Webservice-Funktion verweigert',
    cause: 'Moodle gibt dieselbe „Access control exception“, wenn: die Funktion nicht im Dienst ist; dem Webservice-Benutzer webservice/rest:use fehlt; der Dienst deaktiviert ist oder der Benutzer nicht zu seinen berechtigten Benutzern gehört; das Token abgelaufen ist; das Token auf andere IP-Adressen beschränkt ist.',
    fix: 'Prüfen Sie in dieser Reihenfolge: Site administration > Server > Web services > External services > (der Webservice, den Sie für coursebridge angelegt haben) > Functions (/admin/webservice/service_functions.php?id=<service id>) enthält die Funktion; der Dienst ist aktiviert und der Webservice-Benutzer steht unter Authorised users (/admin/webservice/service_users.php?id=<service id>); Site administration > Users > Permissions > Define roles > (die Rolle, die Sie dem Webservice-Benutzer gegeben haben) erlaubt webservice/rest:use (/admin/roles/manage.php); das Token unter Manage tokens (/admin/webservice/tokens.php) hat kein „Valid until“ in der Vergangenheit und keine IP-Beschränkung, die coursebridge ausschließt. Mit eingeschaltetem Debugging (/admin/settings.php?section=debugging, Developer) nennt Moodle den Grund.',
  },
  MOODLE_FUNCTION_NOT_IN_SERVICE: {
    title: 'Eine Webservice-Funktion, die coursebridge braucht, ist nicht im Moodle-Dienst',
    cause: 'Moodle hat die Funktion mit „Access control exception“ abgelehnt, während andere Funktionen gehen; die Funktion fehlt also höchstwahrscheinlich im Dienst (ein deaktivierter Dienst, ein abgelaufenes Token oder eine IP-Beschränkung ergeben dieselbe Antwort).',
    fix: 'Fügen Sie die in den Details genannte Funktion hinzu unter Site administration > Server > Web services > External services > (der Webservice, den Sie für coursebridge angelegt haben) > Functions > Add functions (/admin/webservice/service_functions.php?id=<service id>), oder vermeiden Sie sie, wie die Meldung sagt.',
  },
  MOODLE_TOKEN_EXPIRED: {
    title: 'Das Moodle-Webservice-Token ist abgelaufen',
    cause: 'Das Token hat ein „Valid until“-Datum in der Vergangenheit; Moodle löscht ein solches Token bei der ersten Verwendung.',
    fix: 'Erstellen Sie ein neues Token ohne „Valid until“ unter Site administration > Server > Web services > Manage tokens (/admin/webservice/tokens.php) und tragen Sie es in der Verbindung ein.',
  },
  MOODLE_TOKEN_IP_RESTRICTED: {
    title: 'Das Moodle-Token erlaubt keine Aufrufe von der Adresse von coursebridge',
    cause: 'Das Token hat eine IP-Beschränkung, die die Adresse, von der coursebridge aufruft, nicht einschließt.',
    fix: 'Ändern Sie die IP-Beschränkung des Tokens unter Site administration > Server > Web services > Manage tokens (/admin/webservice/tokens.php), oder erstellen Sie ein Token ohne Beschränkung.',
  },
  MOODLE_UNKNOWN_FUNCTION: {
    title: 'Dieses Moodle hat die Webservice-Funktion nicht',
    cause: 'Moodle hat keine externe Funktion dieses Namens (eine ältere Moodle-Version oder ein nicht installiertes Plugin).',
    fix: 'Prüfen Sie die Moodle-Version unter Site administration > Notifications (/admin/index.php); coursebridge braucht Moodle 3.0 oder neuer.',
  },
  MOODLE_CAPABILITY_MISSING: {
    title: 'Dem Moodle-Webservice-Benutzer fehlt ein Recht',
    cause: 'Die Rolle des Webservice-Benutzers erlaubt das in den Details genannte Recht nicht.',
    fix: 'Erlauben Sie das Recht unter Site administration > Users > Permissions > Define roles > (die Rolle, die Sie dem Webservice-Benutzer gegeben haben) (/admin/roles/manage.php: Rolle bearbeiten, nach dem Recht filtern, Allow ankreuzen, Save changes).',
  },
  MOODLE_USER_LOOKUP_BLIND: {
    title: 'Der Moodle-Webservice-Benutzer sieht keine Konten (moodle/user:viewdetails fehlt)',
    cause: 'Die Suche nach Konten lieferte nichts, nicht einmal ein Konto, das existiert. Ohne moodle/user:viewdetails („View user profiles“) beantwortet Moodle jede Suche mit einer leeren Liste statt mit einem Fehler, sodass jede Person neu erschiene und ein zweites Konto bekäme. coursebridge hat nichts angelegt und die Verbindung angehalten.',
    fix: 'Erlauben Sie moodle/user:viewdetails (sowie moodle/user:viewalldetails, moodle/user:viewhiddendetails) unter Site administration > Users > Permissions > Define roles > (die Rolle, die Sie dem Webservice-Benutzer gegeben haben) (/admin/roles/manage.php) und setzen Sie dann die Verbindung fort; führen Sie zur Bestätigung die Verbindungsprüfung aus.',
  },
  MOODLE_REQUIRE_LOGIN: {
    title: 'Laut Moodle ist der Kurs für den Webservice-Benutzer nicht zugänglich',
    cause: 'Der Webservice-Benutzer darf Kurse nicht sehen, ohne eingeschrieben zu sein: Seiner Rolle fehlt moodle/course:view.',
    fix: 'Erlauben Sie moodle/course:view („See courses without participating“) unter Site administration > Users > Permissions > Define roles > (die Rolle, die Sie dem Webservice-Benutzer gegeben haben) (/admin/roles/manage.php).',
  },
  MOODLE_ROLE_NOT_ASSIGNABLE: {
    title: 'Der Moodle-Webservice-Benutzer darf diese Rolle nicht zuweisen',
    cause: 'Das Einschreiben braucht moodle/role:assign und die Zielrolle unter den Rollen, die die Webservice-Rolle zuweisen darf; eine Rollen-ID, die es nicht gibt, ergibt denselben Fehler.',
    fix: 'Erlauben Sie moodle/role:assign unter Site administration > Users > Permissions > Define roles > (die Rolle, die Sie dem Webservice-Benutzer gegeben haben) (/admin/roles/manage.php), kreuzen Sie die Rolle (z. B. Student) für die Webservice-Rolle an unter Site administration > Users > Permissions > Define roles > Allow role assignments (/admin/roles/allow.php?mode=assign), und prüfen Sie die Rollen-ID in der Kursdefinition (Student ist 5 in einem Standard-Moodle).',
  },
  MOODLE_NO_MANUAL_ENROL_INSTANCE: {
    title: 'Der Kurs hat keine aktive manuelle Einschreibung',
    cause: 'Die Methode „Manual enrolments“ fehlt im Kurs oder ist dort deaktiviert, oder sie ist für die ganze Website deaktiviert.',
    fix: 'Fügen Sie „Manual enrolments“ im Kurs hinzu oder aktivieren Sie es: Course > Participants > Enrolment methods (/enrol/instances.php?id=<course id>); es muss auch unter Site administration > Plugins > Enrolments > Manage enrol plugins aktiviert sein (/admin/settings.php?section=manageenrols).',
  },
  MOODLE_SITE_POLICY_NOT_AGREED: {
    title: 'Der Moodle-Webservice-Benutzer hat die Website-Richtlinie nicht akzeptiert',
    cause: 'Eine verpflichtende Website-Richtlinie ist aktiv, und der Webservice-Benutzer (mit einer anderen Authentifizierung als „Web services authentication“) hat sie nicht akzeptiert.',
    fix: 'Akzeptieren Sie die Richtlinie im Namen des Webservice-Benutzers unter Site administration > Users > Privacy and policies > User agreements (/admin/tool/policy/acceptances.php), oder stellen Sie die Authentifizierung des Benutzers auf „Web services authentication“.',
  },
  MOODLE_WEAK_PASSWORD: {
    title: 'Moodle hat das erzeugte Passwort nach seiner Passwortrichtlinie abgelehnt',
    cause: 'Die Passwortrichtlinie von Moodle verlangt mehr als das Passwort, das coursebridge erzeugt hat (Länge, Ziffern, Großbuchstaben oder Sonderzeichen).',
    fix: 'Vergleichen Sie Site administration > Security > Site security settings > Password policy (/admin/settings.php?section=sitepolicies) mit den Passworteinstellungen der Verbindung und machen Sie die von coursebridge mindestens ebenso streng.',
  },
  MOODLE_USERNAME_TAKEN: {
    title: 'Ein anderes Moodle-Konto hat diesen Anmeldenamen schon',
    cause: 'Der Anmeldename wird von einem Konto mit einer anderen (oder keiner) ID-Nummer verwendet, daher hat Moodle das Anlegen des Kontos abgelehnt.',
    fix: 'Prüfen Sie das Konto unter Site administration > Users > Browse list of users (/admin/user.php): Ist es diese Person, tragen Sie den externen Schlüssel als ID-Nummer ein; sonst führen Sie die Anmeldung erneut aus, damit coursebridge einen nummerierten Anmeldenamen wählt.',
  },
  MOODLE_EMAIL_TAKEN: {
    title: 'Ein anderes Moodle-Konto hat diese E-Mail-Adresse schon',
    cause: 'Moodle lehnt ein zweites Konto mit derselben E-Mail-Adresse ab (ohne Beachtung der Groß- und Kleinschreibung verglichen), sofern „Allow accounts with same email“ nicht eingeschaltet ist.',
    fix: 'Suchen Sie das Konto unter Site administration > Users > Browse list of users (/admin/user.php): Ist es diese Person, tragen Sie den externen Schlüssel als ID-Nummer ein, damit coursebridge es wiederverwendet; sonst korrigieren Sie die E-Mail-Adresse im Schulungssystem.',
  },
  MOODLE_EMAIL_TAKEN_OTHER_CASE: {
    title: 'Moodle hat das Konto abgelehnt: Die E-Mail-Adresse ist wohl in anderer Schreibweise vergeben',
    cause: 'Der Anmeldename ist frei und die Daten haben die Prüfungen von coursebridge bestanden, also ist der wahrscheinlichste Grund die E-Mail-Adresse: Moodle lehnt eine Adresse ab, die ein anderes Konto in beliebiger Groß- und Kleinschreibung hat, findet Konten per E-Mail aber nur in genau derselben Schreibweise; daher konnte coursebridge das Konto nicht nennen (es hat die Adresse wie gesendet, in Klein- und in Großbuchstaben versucht).',
    fix: 'Suchen Sie die Adresse unter Site administration > Users > Browse list of users (/admin/user.php); dieser Filter ignoriert die Schreibweise. Gehört das Konto dieser Person, tragen Sie den externen Schlüssel als ID-Nummer ein (oder lassen Sie coursebridge es übernehmen); sonst korrigieren Sie die E-Mail-Adresse im Schulungssystem. Wiederholen Sie danach die Anmeldung.',
  },
  MOODLE_EMAIL_INVALID: {
    title: 'Moodle hat die E-Mail-Adresse als ungültig abgelehnt',
    cause: 'Die Adresse besteht validate_email() von Moodle nicht.',
    fix: 'Korrigieren Sie die E-Mail-Adresse der Person im Schulungssystem.',
  },
  MOODLE_LOGIN_NAME_UNCLEAN: {
    title: 'Der Anmeldename enthält Zeichen, die Moodle ablehnt',
    cause: 'Moodle akzeptiert in einem Benutzernamen nur Kleinbuchstaben a-z, Ziffern und . _ - @ und lehnt alles andere ab (ohne es zu bereinigen), selbst bei einer Suche.',
    fix: 'Das ist ein Fehler in coursebridge (Namen werden vor dem Aufruf bereinigt): Melden Sie ihn mit den Details.',
  },
  MOODLE_INVALID_PARAMETER: {
    title: 'Moodle hat einen Wert in der Anfrage abgelehnt',
    cause: 'Moodle antwortet aus vielen Gründen „Invalid parameter value detected“: ein vergebener Anmeldename oder eine vergebene E-Mail-Adresse, ein leerer Vorname, eine ungültige E-Mail-Adresse, ein Kurs, den es nicht gibt, ein Wert in falscher Form, oder eine Anfrage, die PHP mitten in einem Datensatz abgeschnitten hat, weil sie mehr Formularfelder hatte, als max_input_vars erlaubt.',
    fix: 'Prüfen Sie die Daten der Person und die Kursdefinition. Mit eingeschaltetem Debugging (/admin/settings.php?section=debugging, Developer) nennt Moodle den Grund in den Details.',
  },
  MOODLE_INVALID_USER: {
    title: 'Das Moodle-Konto existiert nicht (mehr)',
    cause: 'Moodle hat kein Konto mit der Benutzer-ID, die coursebridge gespeichert hatte; es wurde wahrscheinlich in Moodle gelöscht.',
    fix: 'Führen Sie die Anmeldung erneut aus: coursebridge sucht die Person über den externen Schlüssel und legt das Konto neu an, wenn es fehlt.',
  },
  MOODLE_ADMIN_NOT_UPDATABLE: {
    title: 'Moodle lässt Webservices keinen Administrator ändern',
    cause: 'Das Konto ist ein Website-Administrator; update_users lehnt es ab, es zu ändern.',
    fix: 'Verknüpfen Sie kein Administratorkonto mit einer teilnehmenden Person: Geben Sie der Person in Moodle ein eigenes Konto (eine andere ID-Nummer).',
  },
  MOODLE_DATABASE_WRITE_ERROR: {
    title: 'Moodle konnte die Änderung nicht speichern',
    cause: 'Die Datenbank von Moodle hat die Änderung abgelehnt, meist weil der neue Anmeldename schon von einem anderen Konto verwendet wird.',
    fix: 'Suchen Sie ein anderes Konto mit demselben Anmeldenamen unter Site administration > Users > Browse list of users (/admin/user.php).',
  },
  MOODLE_COURSE_NOT_FOUND: {
    title: 'Den Moodle-Kurs gibt es nicht',
    cause: 'Kein Kurs hat die ID, den Kurznamen oder die ID-Nummer, die die Kursdefinition nennt.',
    fix: 'Korrigieren Sie den Moodle-Kurs in der Kursdefinition; die ID steht in der URL des Kurses (/course/view.php?id=<course id>).',
  },
  MOODLE_COHORT_NOT_FOUND: {
    title: 'Die Moodle-Kohorte gibt es nicht',
    cause: 'Keine Kohorte hat die ID oder ID-Nummer, die die Kursdefinition nennt.',
    fix: 'Korrigieren Sie die Kohorte in der Kursdefinition; siehe Site administration > Users > Accounts > Cohorts (/cohort/index.php).',
  },
  MOODLE_RECORD_MISSING: {
    title: 'Moodle fand einen Datensatz nicht, auf den sich die Anfrage bezieht',
    cause: 'Moodle antwortete „Can\'t find data record in database“: für die in den Details genannte Tabelle, oder (Moodle 5.0 ohne Debugging) ohne zu sagen, welche: ein Kurs, eine Kohorte, ein Konto oder eine Webservice-Funktion, die es nicht gibt.',
    fix: 'Prüfen Sie, ob Kurs, Kohorte und Konto der Anmeldung in Moodle noch existieren.',
  },
  MOODLE_ENROLMENT_STATUS_UNREADABLE: {
    title: 'Neuer Einschreibezeitraum nicht gesendet: Die Sperre in Moodle ist nicht lesbar',
    cause: 'Der Einschreibeaufruf von Moodle setzt Zeitraum und Sperre zusammen: Blind gesendet würde er eine Sperre aufheben, die ein Administrator in Moodle gesetzt hat. Zum Lesen braucht es core_enrol_get_enrolled_users mit moodle/course:viewparticipants und moodle/course:enrolreview, die der Webservice-Benutzer nicht hat. Es wurde nichts gesendet; der alte Zeitraum bleibt.',
    fix: 'Fügen Sie core_enrol_get_enrolled_users dem Dienst hinzu (Site administration > Server > Web services > External services, /admin/webservice/service_functions.php?id=<service id>) und erlauben Sie moodle/course:viewparticipants und moodle/course:enrolreview unter Site administration > Users > Permissions > Define roles > (die Rolle, die Sie dem Webservice-Benutzer gegeben haben) (/admin/roles/manage.php); wiederholen Sie danach die Anmeldung, oder ändern Sie die Daten der Einschreibung von Hand auf der Seite Participants des Kurses.',
  },
  MOODLE_USER_NOT_ENROLLED: {
    title: 'Die teilnehmende Person ist nicht in den Moodle-Kurs eingeschrieben',
    cause: 'Der Abschluss wird für einen Benutzer abgefragt, der nicht (mehr) in den Kurs eingeschrieben ist.',
    fix: 'Prüfen Sie die Einschreibung unter Course > Participants; geben Sie den Zugang erneut, wenn er versehentlich entzogen wurde.',
  },
  MOODLE_NO_COMPLETION_CRITERIA: {
    title: 'Der Moodle-Kurs hat keine Abschlusskriterien',
    cause: 'Ohne Kriterien markiert Moodle den Kurs nie als abgeschlossen, daher kann kein Ergebnis zurückkommen.',
    fix: 'Legen Sie Abschlusskriterien fest unter Course > Course completion (/course/completion.php?id=<course id>), mit aktivierter Abschlussverfolgung.',
  },
  MOODLE_CANNOT_VIEW_REPORT: {
    title: 'Der Moodle-Webservice-Benutzer darf den Kursabschluss nicht lesen',
    cause: 'Das Lesen des Abschlussstatus braucht report/completion:view, das eine Webservice-Rolle mit nur den erforderlichen Rechten nicht hat.',
    fix: 'Erlauben Sie report/completion:view unter Site administration > Users > Permissions > Define roles > (die Rolle, die Sie dem Webservice-Benutzer gegeben haben) (/admin/roles/manage.php), und fügen Sie core_completion_get_course_completion_status dem Dienst hinzu (Site administration > Server > Web services > External services, /admin/webservice/service_functions.php?id=<service id>).',
  },
  MOODLE_CODING_ERROR: {
    title: 'Moodle meldete einen Programmierfehler in der Anfrage',
    cause: 'coursebridge hat eine Anfrage gesendet, die Moodle als Programmierfehler ansieht (z. B. ein nicht unterstütztes Suchfeld).',
    fix: 'Das ist ein Fehler in coursebridge: Melden Sie ihn mit den Details.',
  },
  MOODLE_PHP_ERROR: {
    title: 'Moodle scheiterte an einem internen PHP-Fehler',
    cause: 'Ein PHP-Fehler ist der Fehlerbehandlung von Moodle entgangen, daher hat die Antwort keinen Moodle-Fehlercode (aufgezeichnet: core_course_get_courses_by_field mit einer unbekannten ID in einer Liste; in Moodle 5.0 enrol_manual_enrol_users mit einer Benutzer-ID, die es nicht gibt). Dateipfade des Servers im Text sind aus den Details entfernt.',
    fix: 'Prüfen Sie die Werte der Anfrage in den Details (z. B. Kurs- oder Benutzer-ID); stimmen sie, sehen Sie im PHP-Fehlerprotokoll von Moodle nach.',
  },
  MOODLE_EXCEPTION: {
    title: 'Moodle hat die Anfrage abgelehnt',
    cause: 'Moodle antwortete mit einem Fehler, den coursebridge nicht kennt; Moodle-Fehlercode und Meldung stehen in den Details.',
    fix: 'Schlagen Sie den Moodle-Fehlercode aus den Details nach; mit eingeschaltetem Debugging (/admin/settings.php?section=debugging) sehen Sie mehr.',
  },
  MOODLE_WARNING: {
    title: 'Moodle hat einen Eintrag mit einer Warnung übersprungen',
    cause: 'Moodle hat mit den anderen Einträgen weitergemacht und diesen mit einer Warnung gemeldet, die coursebridge nicht kennt.',
    fix: 'Schlagen Sie Warncode und Meldung aus den Details nach.',
  },
  MOODLE_ENDPOINT_NOT_FOUND: {
    title: 'Die Webservice-Adresse von Moodle gibt es nicht',
    cause: 'Der Server antwortete mit HTTP 404 auf /webservice/rest/server.php: Die Basis-URL der Verbindung ist wahrscheinlich falsch.',
    fix: 'Tragen Sie als Basis-URL der Verbindung die Adresse der Moodle-Website ein (die Adresse der Startseite, ohne /login oder /my).',
  },
  LMS_UNREACHABLE: {
    title: 'LMS nicht erreichbar',
    cause: 'Die Verbindung zum LMS-Server ist fehlgeschlagen (Name nicht gefunden, abgelehnt, zurückgesetzt, TLS-Fehler).',
    fix: 'coursebridge versucht es mit wachsenden Pausen erneut. Bleibt es dabei, prüfen Sie die Basis-URL der Verbindung und ob das LMS läuft; wiederholen Sie danach die Anmeldung.',
  },
  LMS_TIMEOUT: {
    title: 'LMS hat nicht rechtzeitig geantwortet',
    cause: 'Ein Aufruf dauerte länger als das Zeitlimit (LMS_TIMEOUT_MS). Das LMS hat die Arbeit vielleicht trotzdem erledigt; der nächste Durchlauf sieht zuerst nach.',
    fix: 'coursebridge versucht es erneut. Bleibt es dabei, prüfen Sie die Auslastung des LMS oder erhöhen Sie LMS_TIMEOUT_MS.',
  },
  LMS_HTTP_ERROR: {
    title: 'LMS antwortete mit einem HTTP-Fehler',
    cause: 'Der Webserver vor dem LMS antwortete mit einem Fehlerstatus statt mit einer Webservice-Antwort.',
    fix: 'Serverfehler (5xx) werden wiederholt. Bei anderen prüfen Sie die Basis-URL und einen etwaigen Proxy oder eine Firewall vor dem LMS.',
  },
  LMS_BAD_ANSWER: {
    title: 'Unlesbare Antwort des LMS',
    cause: 'Das LMS antwortete mit etwas anderem als einer Webservice-Antwort (einer HTML-Seite, einer Wartungsseite, einer anderen Form).',
    fix: 'Öffnen Sie die Basis-URL der Verbindung im Browser; die Details enthalten den Inhaltstyp und den Anfang der Antwort.',
  },
  MOODLE_DEBUG_OUTPUT: {
    title: 'Moodle schreibt Debug-Ausgaben in seine Webservice-Antworten',
    cause: 'Moodle hat Text vor die Antwort gesetzt: Mit „Debug email sending“ (debugsmtp) gibt Moodle das ganze SMTP-Gespräch jeder E-Mail aus, die es sendet, Passwörter eingeschlossen. coursebridge hat die Antwort dahinter gelesen und nichts von dem Text gespeichert, aber wer den Verkehr oder die Protokolle des Webservers lesen kann, sieht ihn.',
    fix: 'Schalten Sie Site administration > Development > Debugging > Debug email sending aus (/admin/settings.php?section=debugging) und setzen Sie Debug messages für eine Produktivseite wieder auf None.',
  },
  LMS_INCOMPLETE_ANSWER: {
    title: 'LMS antwortete für weniger Datensätze, als gesendet wurden',
    cause: 'Das LMS antwortete nur für einen Teil eines Stapels. Bei Moodle verwirft PHP Formularfelder über max_input_vars stillschweigend.',
    fix: 'Erhöhen Sie max_input_vars in PHP auf mindestens 5000, oder verringern Sie die Datensätze pro Aufruf der Verbindung; der nächste Durchlauf findet, was angelegt wurde.',
  },
} satisfies Renderings
