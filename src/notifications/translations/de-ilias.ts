// German: the ILIAS codes. ILIAS's menus are named in English (as ILIAS shows them in English; a German ILIAS names them in German).
import type { Renderings } from './translations.ts'

export default {
  ILIAS_SOAP_DISABLED: {
    title: 'SOAP-Administration ist in ILIAS ausgeschaltet',
    cause: 'ILIAS hat den Login angenommen, lehnt aber jeden anderen Aufruf ab: „Administration via SOAP“ ist für diesen Mandanten nicht aktiviert.',
    fix: 'Öffnen Sie in ILIAS Administration → System Settings and Maintenance → Server → Reiter „SOAP“, kreuzen Sie „Administration via SOAP“ an und speichern Sie.',
  },
  ILIAS_LOGIN_FAILED: {
    title: 'ILIAS hat den SOAP-Login abgelehnt',
    cause: 'Mandanten-ID, Benutzername oder Passwort der Verbindung sind falsch, das Konto ist inaktiv, oder es muss die Nutzungsbedingungen noch akzeptieren.',
    fix: 'Prüfen Sie Mandanten-ID, Benutzer und Passwort in der Verbindung. Prüfen Sie in ILIAS (Administration → Users and Roles → User Management), ob das SOAP-Konto aktiv ist, lokale Authentifizierung verwendet und die Benutzervereinbarung akzeptiert hat.',
  },
  ILIAS_SESSION_INVALID: {
    title: 'ILIAS akzeptiert die SOAP-Sitzung nicht',
    cause: 'Direkt nach einem neuen Login antwortete ILIAS noch immer „Session invalid“ (oder „No client given“): Die Mandanten-ID in der Sitzung passt zu keinem installierten Mandanten, oder Sitzungen werden sofort verworfen.',
    fix: 'Prüfen Sie, ob die Mandanten-ID der Verbindung dem Verzeichnis unter data/ auf dem ILIAS-Server entspricht, und die Sitzungseinstellungen unter Administration → System Settings and Maintenance → General Settings → Session Handling.',
  },
  ILIAS_PERMISSION_DENIED: {
    title: 'Dem SOAP-Konto von ILIAS fehlt ein Recht',
    cause: 'ILIAS antwortete „Check access failed“ / „Missing permission“: Das SOAP-Konto darf keine Benutzer lesen oder anlegen, die Kursmitglieder nicht verwalten oder den Lernfortschritt nicht lesen.',
    fix: 'Geben Sie der Rolle des SOAP-Kontos unter Administration → Users and Roles → Roles die Rechte „read_users“ und „create_usr“ auf dem System User Folder sowie „manage_members“ und „read_learning_progress“ auf den Kursen (oder ihrer Kategorie). Am einfachsten: die Rolle Administrator.',
  },
  ILIAS_OBJECT_NOT_FOUND: {
    title: 'Das ILIAS-Objekt gibt es nicht',
    cause: 'Die Ref-ID in der Kursdefinition zeigt auf kein Objekt (oder auf eines im Papierkorb).',
    fix: 'Öffnen Sie den Kurs in ILIAS; die Ref-ID ist die Zahl nach „ref_id=“ in der Adresszeile. Korrigieren Sie die Kursdefinition, oder stellen Sie den Kurs aus dem Papierkorb wieder her (Administration → Repository Trash and Permissions).',
  },
  ILIAS_WRONG_OBJECT_TYPE: {
    title: 'Das ILIAS-Objekt ist kein Kurs',
    cause: 'Die Ref-ID in der Kursdefinition gehört zu einer Kategorie, einem Ordner oder einem anderen Objekt, nicht zu einem Kurs.',
    fix: 'Öffnen Sie den Kurs selbst in ILIAS (nicht seine Kategorie) und verwenden Sie die Zahl nach „ref_id=“ in der Adresszeile.',
  },
  ILIAS_USER_NOT_FOUND: {
    title: 'Das ILIAS-Konto gibt es nicht mehr',
    cause: 'Die für diese Person gespeicherte usr_id ist ILIAS unbekannt; das Konto wurde wahrscheinlich in ILIAS gelöscht.',
    fix: 'Prüfen Sie in ILIAS (Administration → Users and Roles → User Management), ob das Konto gelöscht wurde. Lösen Sie die Verknüpfung der Person, damit coursebridge das Konto neu anlegt oder wiederfindet.',
  },
  ILIAS_LOGIN_TAKEN: {
    title: 'Der Anmeldename wird in ILIAS schon verwendet',
    cause: 'ILIAS hat den Import abgelehnt: Ein anderes Konto hat diesen Anmeldenamen schon (ILIAS vergleicht Anmeldenamen ohne Beachtung der Groß- und Kleinschreibung).',
    fix: 'Suchen Sie den Anmeldenamen in ILIAS (Administration → Users and Roles → User Management). Ist es das Konto dieser Person, verknüpfen Sie es; sonst ändern Sie die Art, den Anmeldenamen zu bilden, oder die Daten der Person.',
  },
  ILIAS_IMPORT_REFUSED: {
    title: 'ILIAS hat den Benutzerimport abgelehnt',
    cause: 'importUsers gab statt Benutzer-IDs ein Protokoll mit einer Warnung oder einem Fehler zurück; nichts aus diesem Stapel wurde importiert.',
    fix: 'Lesen Sie die ILIAS-Meldung in den Details. Korrigieren Sie die Personendaten im Schulungssystem oder die Feldzuordnung im Service Center.',
  },
  ILIAS_IMPORT_MALFORMED: {
    title: 'ILIAS konnte das XML des Benutzerimports nicht lesen',
    cause: 'ILIAS beantwortete den Import mit einem Parserfehler. coursebridge maskiert jeden Wert, daher deutet das auf einen Fehler oder ein ungewöhnliches Zeichen in den Personendaten hin.',
    fix: 'Melden Sie die Details (Zeile, Spalte, Meldung) den Betreuern von coursebridge; prüfen Sie die Personendaten auf ungewöhnliche Zeichen.',
  },
  ILIAS_GLOBAL_ROLE_MISSING: {
    title: 'Die globale Rolle für neue ILIAS-Konten gibt es nicht',
    cause: 'Neue Konten brauchen eine globale Rolle; ILIAS kennt die Rolle (ID) nicht, die die Verbindung nennt, oder es wurde keine gesendet.',
    fix: 'Öffnen Sie in ILIAS Administration → Users and Roles → Roles, suchen Sie die globale Rolle, die neue Teilnehmende erhalten sollen (normalerweise „User“, ID 4), und tragen Sie Titel und ID in der Verbindung ein.',
  },
  ILIAS_ROLE_NOT_PERMITTED: {
    title: 'Das SOAP-Konto darf diese globale Rolle nicht zuweisen',
    cause: 'ILIAS antwortete „Import with specified role not permitted“: Die Rolle darf im gewählten Benutzerordner oder von diesem Konto nicht zugewiesen werden.',
    fix: 'Öffnen Sie in ILIAS (Administration → Users and Roles → Roles) die Rolle und kreuzen Sie „Allow to assign users to this role in local user administration“ an, oder importieren Sie in den System User Folder (Ordner -1).',
  },
  ILIAS_IMPORT_FOLDER_INVALID: {
    title: 'Der ILIAS-Benutzerordner der Verbindung ist falsch',
    cause: 'importUsers hat den Ordner abgelehnt: Die Ref-ID gibt es nicht, oder sie ist weder der Benutzerordner noch eine Kategorie.',
    fix: 'Setzen Sie den Benutzerordner der Verbindung auf -1 (System User Folder) oder auf die Ref-ID einer Kategorie mit lokaler Benutzerverwaltung.',
  },
  ILIAS_INVALID_MEMBER_ROLE: {
    title: 'ILIAS kennt diese Kursrolle nicht',
    cause: 'ILIAS nimmt Kursmitglieder nur als „Member“, „Tutor“ oder „Admin“ auf (genau so geschrieben).',
    fix: 'Setzen Sie die Rolle der Kursdefinition auf Member, Tutor oder Admin.',
  },
  ILIAS_LAST_COURSE_ADMIN: {
    title: 'ILIAS entfernt den letzten Kursadministrator nicht',
    cause: 'Die Person ist die einzige Administratorin oder der einzige Administrator des Kurses; ILIAS lehnt das Entfernen ab.',
    fix: 'Öffnen Sie im ILIAS-Kurs den Reiter „Members“, geben Sie einem anderen Mitglied die Administratorrolle und stornieren Sie danach erneut.',
  },
  ILIAS_LEARNING_PROGRESS_UNAVAILABLE: {
    title: 'ILIAS hat für dieses Objekt keinen Lernfortschritt',
    cause: 'Der Lernfortschritt ist in ILIAS ausgeschaltet oder für diesen Objekttyp oder Lernfortschrittsmodus nicht verfügbar.',
    fix: 'Aktivieren Sie in ILIAS Administration → Learning Progress und stellen Sie im Kurs im Reiter „Learning Progress“ einen Modus ein (z. B. „Tutor monitors and sets status“).',
  },
  ILIAS_EXTERNAL_KEY_IMMUTABLE: {
    title: 'ILIAS behält den externen Schlüssel eines Kontos',
    cause: 'Der externe Schlüssel steht in der Import-ID von ILIAS, die beim Anlegen des Kontos einmal gesetzt wird; der SOAP-Import kann ihn nicht ändern.',
    fix: 'Halten Sie die Personen-ID im Schulungssystem stabil. Zum Neuverknüpfen: Ändern Sie die Import-ID in der ILIAS-Datenbank, oder lösen Sie die Verknüpfung der Person und verknüpfen Sie sie neu.',
  },
  ILIAS_FIELD_INVALID: {
    title: 'Ein Personenfeld kann nicht an ILIAS gesendet werden',
    cause: 'Ein Wert verletzt schon vor jedem Aufruf eine Regel von ILIAS: der Anmeldename, ein Zeichen, das XML nicht tragen kann, ein Geburtstag nicht in der Form JJJJ-MM-TT, oder ein Feld, das ILIAS nicht hat.',
    fix: 'Korrigieren Sie die Person im Schulungssystem oder die Feldzuordnung im Service Center (ILIAS-Extras: zipcode, birthday, phoneHome, phoneMobile, phoneOffice).',
  },
  ILIAS_NOT_SOAP_ENDPOINT: {
    title: 'Die ILIAS-Adresse antwortet nicht mit SOAP',
    cause: 'Die URL hat geantwortet, aber nicht mit einem SOAP-Umschlag: Sie ist wahrscheinlich nicht das Skript des SOAP-Servers.',
    fix: 'Setzen Sie die URL auf https://<host>/<ilias>/webservice/soap/server.php (ILIAS ≤ 9) oder https://<host>/soap/server.php (ILIAS 10).',
  },
  ILIAS_UNEXPECTED_ANSWER: {
    title: 'ILIAS antwortete in einer Form, die coursebridge nicht kennt',
    cause: 'Die SOAP-Antwort wurde gelesen, aber ihr Wert hat nicht die dokumentierte Form (eine andere ILIAS-Version, oder ein Plugin hat die Operation verändert).',
    fix: 'Prüfen Sie, ob die ILIAS-Version unterstützt wird; melden Sie die Details den Betreuern von coursebridge.',
  },
  ILIAS_EMPTY_FAULT: {
    title: 'ILIAS hat den Aufruf ohne Begründung abgelehnt',
    cause: 'ILIAS antwortete mit einem leeren SOAP-Fehler (kein Code, kein Text). ILIAS 5.x unter PHP 7 tut das, wenn sein eigener Fehler eine Nummer trägt: beim Lernfortschritt eine Ref-ID, die ins Leere zeigt, oder ein unbekannter Filter.',
    fix: 'Prüfen Sie die Ref-ID des Kurses in der Kursdefinition (öffnen Sie den Kurs in ILIAS; die Zahl nach „ref_id=“ in der Adresszeile).',
  },
  ILIAS_CLIENT_UNKNOWN: {
    title: 'ILIAS kennt die Mandanten-ID nicht',
    cause: 'ILIAS beantwortete den Login mit seiner Webseite „Client does not exist“ (HTTP 200, text/html) statt mit SOAP.',
    fix: 'Setzen Sie die Mandanten-ID der Verbindung auf den Namen des Mandantenverzeichnisses unter data/ auf dem ILIAS-Server (beim ILIAS-Login als client_id=… in der Adresse zu sehen).',
  },
  ILIAS_CLIENT_MISSING: {
    title: 'ILIAS konnte den Mandanten nicht aus der Sitzung ermitteln',
    cause: 'ILIAS antwortete „Fatal Error: … called without CLIENT_ID.“ als Webseite statt mit SOAP: Die Sitzungs-ID, die es erhielt, nennt keinen Mandanten.',
    fix: 'Prüfen Sie die Mandanten-ID der Verbindung (ohne „::“) und führen Sie die Verbindungsprüfung aus; tritt es weiter auf, lesen Sie das Fehlerprotokoll von ILIAS.',
  },
  ILIAS_HTTP_ERROR: {
    title: 'ILIAS antwortete mit einem HTTP-Fehler',
    cause: 'Der Webserver antwortete mit 5xx (oder 429) ohne SOAP-Fehler: ILIAS oder PHP ist auf seiner Seite gescheitert.',
    fix: 'Geht meist vorüber; tritt es weiter auf, lesen Sie die Fehlerprotokolle von ILIAS und dem Webserver.',
  },
  ILIAS_UNEXPECTED_FAULT: {
    title: 'ILIAS antwortete mit einem Fehler, den coursebridge nicht kennt',
    cause: 'Ein SOAP-Fehler mit einem Text, der nicht im Katalog steht.',
    fix: 'Lesen Sie den Fehlertext in den Details; melden Sie ihn den Betreuern von coursebridge, damit er einen eigenen Code bekommt.',
  },
} satisfies Renderings
