// German: mail, person-data and API codes.
import type { Renderings } from './translations.ts'

export default {
  MAIL_SMTP_UNREACHABLE: {
    title: 'Mailserver nicht erreichbar',
    cause: 'coursebridge konnte keine Verbindung zum SMTP-Server aufbauen: Er hat die Verbindung abgelehnt, nicht rechtzeitig geantwortet, der Hostname wurde nicht aufgelöst oder der TLS-Handshake ist fehlgeschlagen.',
    fix: 'Prüfen Sie Host und Port in den SMTP-Einstellungen (587 mit STARTTLS, 465 mit direktem TLS/„secure“) und ob dieser Server ihn erreichen darf (Firewall). Die E-Mail wird automatisch erneut gesendet.',
  },
  MAIL_SMTP_TEMPORARY: {
    title: 'Mailserver bittet um einen späteren Versuch',
    cause: 'Der SMTP-Server antwortete mit einem vorübergehenden Fehler (4xx, z. B. 451 „try again later“, 421 „too many connections“, 452 „mailbox full“); Greylisting und Ratenbegrenzungen sehen so aus.',
    fix: 'Nichts zu tun: Die E-Mail wird automatisch erneut gesendet. Schlägt sie weiter fehl, fragen Sie den Administrator des Mailservers nach den Ratenbegrenzungen.',
  },
  MAIL_SMTP_REJECTED: {
    title: 'E-Mail vom Mailserver abgelehnt',
    cause: 'Der SMTP-Server hat diese E-Mail endgültig abgelehnt (5xx), z. B. 550 Postfach nicht verfügbar oder 553 Adresse nicht erlaubt. Wird die Absenderadresse abgelehnt, lässt der Server coursebridge nicht unter dieser Adresse senden.',
    fix: 'Prüfen Sie die E-Mail-Adresse der Teilnehmerin oder des Teilnehmers im Schulungssystem und senden Sie die E-Mail erneut. Wurde der Absender abgelehnt, tragen Sie eine Absenderadresse ein, die der SMTP-Server erlaubt (oder erlauben Sie coursebridge das Relaying).',
  },
  MAIL_SMTP_AUTH_FAILED: {
    title: 'Authentifizierung am Mailserver fehlgeschlagen',
    cause: 'Der SMTP-Server hat Benutzername und Passwort aus den SMTP-Einstellungen nicht akzeptiert oder verlangt eine Authentifizierung, die nicht eingerichtet ist.',
    fix: 'Korrigieren Sie SMTP-Benutzer und Passwort in den Einstellungen (manche Anbieter verlangen ein App-Passwort) und senden Sie die E-Mail erneut.',
  },
  PERSON_FIRST_NAME_MISSING: {
    title: 'Vorname fehlt',
    cause: 'Moodle legt ein Konto ohne Vornamen an, aber die Teilnehmenden erhalten dann bei jeder Anmeldung einen Fehler.',
    fix: 'Tragen Sie den Vornamen der Person im Schulungssystem ein; die Anmeldung läuft danach von selbst weiter.',
  },
  PERSON_EMAIL_MISSING: {
    title: 'E-Mail-Adresse fehlt',
    cause: 'Das E-Mail-Feld, das die Verbindung verwendet, ist leer; das LMS braucht eine Adresse, und die E-Mail mit den Zugangsdaten geht dorthin.',
    fix: 'Tragen Sie die E-Mail-Adresse ein (oder wählen Sie in der Feldzuordnung der Verbindung ein anderes E-Mail-Feld).',
  },
  PERSON_EMAIL_INVALID: {
    title: 'E-Mail-Adresse ungültig',
    cause: 'Das LMS lehnt diese E-Mail-Adresse ab.',
    fix: 'Korrigieren Sie die E-Mail-Adresse der Person im Schulungssystem; die Anmeldung läuft danach von selbst weiter.',
  },
  PERSON_EXTERNAL_KEY_MISSING: {
    title: 'Externer Schlüssel fehlt',
    cause: 'Die Verbindung erkennt Personen an einem Feld (ExternId oder PersonId), das bei dieser Person leer ist.',
    fix: 'Füllen Sie dieses Feld aus, oder wählen Sie in der Feldzuordnung der Verbindung einen anderen externen Schlüssel.',
  },
  PERSON_NAME_HAS_TAGS: {
    title: 'Name enthält ein HTML-Tag',
    cause: 'Moodle lehnt einen Vor- oder Nachnamen ab, der etwas enthält, das wie ein HTML-Tag aussieht (etwa „<b>“ oder „<script>“).',
    fix: 'Korrigieren Sie den Namen der Person im Schulungssystem; die Anmeldung läuft danach von selbst weiter.',
  },
  PERSON_GENDER_MISSING: {
    title: 'Geschlecht fehlt',
    cause: 'Das LMS verlangt für ein neues Konto ein Geschlecht (ILIAS: Standardfelder → Geschlecht → „Pflichtfeld“, in ILIAS 5.x standardmäßig an), und die Person hat keins. coursebridge erfindet keins.',
    fix: 'Tragen Sie das Geschlecht der Person im Schulungssystem ein (weiblich oder männlich; die README nennt die akzeptierten Schreibweisen), oder schalten Sie „Pflichtfeld“ für Geschlecht in ILIAS aus (Administration → Benutzerverwaltung → Einstellungen → Standardfelder). Die Anmeldung wartet und läuft danach von selbst weiter.',
  },
  PERSON_GENDER_NOT_STORABLE: {
    title: 'Geschlecht kann im LMS nicht gespeichert werden',
    cause: 'Das Geschlecht der Person ist „divers“, das LMS speichert nur weiblich und männlich (ILIAS 5.x) und verlangt für neue Konten ein Geschlecht. coursebridge wählt keins aus.',
    fix: 'Schalten Sie „Pflichtfeld“ für Geschlecht in ILIAS aus (Administration → Benutzerverwaltung → Einstellungen → Standardfelder): Das Konto wird dann ohne Geschlecht angelegt. Wiederholen Sie danach die Anmeldung.',
  },
  PERSON_REQUIRED_FIELD_MISSING: {
    title: 'Ein Pflichtfeld des LMS fehlt',
    cause: 'Das LMS verlangt für neue Konten ein Benutzerfeld, das die Person nicht hat (die Meldung nennt es).',
    fix: 'Füllen Sie dieses Feld der Person im Schulungssystem aus, oder machen Sie das Feld im LMS optional. Die Anmeldung wartet und läuft danach von selbst weiter.',
  },
  PERSON_VALUE_TOO_LONG: {
    title: 'Wert länger, als das LMS speichert',
    cause: 'Ein Name (der Nachname mit Namenszusatz), die E-Mail-Adresse oder der externe Schlüssel ist länger als die Spalte im LMS; Moodle würde das Konto mit „Error writing to database“ ablehnen.',
    fix: 'Kürzen Sie den in der Meldung genannten Wert im Schulungssystem; die Anmeldung läuft danach von selbst weiter.',
  },
  PERSON_LOGIN_NAME_EMPTY: {
    title: 'Kein Anmeldename möglich',
    cause: 'Nach dem Entfernen der Zeichen, die das LMS ablehnt, bleibt vom Anmeldenamen nichts übrig.',
    fix: 'Wählen Sie für die Verbindung eine andere Art, den Anmeldenamen zu bilden, oder korrigieren Sie die Daten der Person.',
  },
  INVALID_INPUT: {
    title: 'Ungültige Eingabe',
    cause: 'Ein Feld im Body, in der Query oder in der URL der Anfrage fehlt oder ist ungültig; details nennt jedes Feld mit seinem Problem.',
    fix: 'Korrigieren Sie die in details genannten Felder und senden Sie die Anfrage erneut.',
  },
  INVALID_REQUEST: {
    title: 'Anfrage nicht lesbar',
    cause: 'Der Body ist kein gültiges JSON oder kein UTF-8, oder die URL enthält eine fehlerhafte Prozentkodierung.',
    fix: 'Senden Sie UTF-8-JSON mit Content-Type: application/json und eine korrekt kodierte URL.',
  },
  NOT_FOUND: {
    title: 'Diesen Pfad gibt es nicht',
    cause: 'Keine Operation der API bedient diese Methode und diesen Pfad.',
    fix: 'Vergleichen Sie den Pfad mit der API-Referenz (/api/docs) oder dem OpenAPI-Dokument (/api/v1/openapi.json).',
  },
  UNAUTHENTICATED: {
    title: 'API-Schlüssel fehlt oder ist unbekannt',
    cause: 'Die Anfrage hat keinen Header „Authorization: Bearer <key>“, oder der Schlüssel ist unbekannt oder widerrufen.',
    fix: 'Erstellen Sie einen Schlüssel mit npx coursebridge keys create und senden Sie ihn als Bearer-Token.',
  },
  URI_TOO_LONG: {
    title: 'Pfadsegment zu lang',
    cause: 'Ein Segment des URL-Pfads (eine ID) ist länger als 100 Zeichen.',
    fix: 'Verwenden Sie die IDs so, wie die API sie zurückgegeben hat.',
  },
  BODY_TOO_LARGE: {
    title: 'Body der Anfrage zu groß',
    cause: 'Der Body ist größer als 1 MB.',
    fix: 'Senden Sie weniger Datensätze pro Anfrage (POST /registrations/batch nimmt bis zu 500).',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    title: 'Inhaltstyp nicht unterstützt',
    cause: 'Der Body wurde nicht als application/json gesendet.',
    fix: 'Senden Sie den Header Content-Type: application/json.',
  },
  INVALID_IDEMPOTENCY_KEY: {
    title: 'Idempotency-Key ungültig',
    cause: 'Der Header Idempotency-Key ist leer oder länger als 200 Zeichen.',
    fix: 'Senden Sie einen Schlüssel mit 1 bis 200 Zeichen, z. B. eine UUID, einmal pro beabsichtigter Operation.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    title: 'Idempotency-Key für eine andere Anfrage verwendet',
    cause: 'Dieser Idempotency-Key wurde schon mit einer anderen Methode, einem anderen Pfad oder einem anderen Body gesendet.',
    fix: 'Verwenden Sie für eine neue Operation einen neuen Schlüssel; wiederholen Sie eine Anfrage nur unverändert mit ihrem Schlüssel.',
  },
  ADMIN_EXISTS: {
    title: 'Administrator existiert bereits',
    cause: 'Es gibt bereits einen Administrator mit dieser E-Mail-Adresse (Adressen werden in Kleinbuchstaben verglichen).',
    fix: 'Verwenden Sie den vorhandenen Administrator; ein neues Passwort vergeben Sie mit: coursebridge admin password <email>.',
  },
  COURSE_CODE_TAKEN: {
    title: 'Kurscode bereits vergeben',
    cause: 'Eine andere Kursdefinition hat diesen Kurscode.',
    fix: 'Ändern Sie diese Kursdefinition, oder verwenden Sie einen anderen Code.',
  },
  COURSE_DEFINITION_ARCHIVED: {
    title: 'Kursdefinition archiviert',
    cause: 'Die Kursdefinition dieses Kurscodes ist archiviert: Sie nimmt keine neuen Anmeldungen an. Ihre Anmeldungen, deren Zugang und Verlauf bleiben erhalten.',
    fix: 'Stellen Sie sie wieder her (Service Center › Kurse › Archivierte, oder POST /api/v1/course-definitions/{id}/restore), wenn der Kurs wieder läuft, oder melden Sie für einen anderen Kurs an.',
  },
  COURSE_DEFINITION_IN_USE: {
    title: 'Kursdefinition hat Anmeldungen',
    cause: 'Eine Kursdefinition mit Anmeldungen kann nicht gelöscht werden: Deren Verlauf und Ergebnisse verweisen darauf.',
    fix: 'Archivieren Sie sie stattdessen (POST /api/v1/course-definitions/{id}/archive oder Service Center › Kurse): Sie nimmt keine neuen Anmeldungen an und behält, was sie hat.',
  },
  COURSE_TARGET_UNRESOLVED: {
    title: 'Ziel im LMS nicht gefunden',
    cause: 'Das LMS der Verbindung kennt den Kurs, die Kohorte oder das ILIAS-Objekt der Kursdefinition nicht oder kann es für coursebridge nicht nachschlagen (kein Kurs, ein Ziel eines anderen LMS, die Suchfunktion nicht im Moodle-Dienst, Zugangsdaten abgelehnt); details nennt den eigenen Code des LMS. Nichts wurde gespeichert. (Ist das LMS gar nicht erreichbar, wird die Definition ungeprüft gespeichert und bei der ersten Anmeldung nachgeschlagen.)',
    fix: 'Prüfen Sie im LMS die ID, den Kurznamen oder die idnumber (Moodle) bzw. die Ref-ID (ILIAS) und ob das Konto der Verbindung sie sehen darf, oder beheben Sie, was der LMS-Code in details nennt (z. B. die Funktion dem Dienst hinzufügen oder die numerische Moodle-ID angeben); speichern Sie dann erneut.',
  },
  CONNECTION_ARCHIVED: {
    title: 'Verbindung archiviert',
    cause: 'Die Verbindung ist archiviert: Keine Kursdefinition kann ihr zugeordnet werden, und ihre Kurse nehmen keine neuen Anmeldungen an. Was sie enthält, bleibt erhalten und wird weiter betreut.',
    fix: 'Stellen Sie die Verbindung wieder her (Service Center › Verbindungen › Archivierte, oder POST /api/v1/connections/{id}/restore), oder wählen Sie eine andere Verbindung.',
  },
  CONNECTION_IN_USE: {
    title: 'Verbindung in Verwendung',
    cause: 'Eine Verbindung mit Kursdefinitionen oder LMS-Konten kann nicht gelöscht werden: Anmeldungen, Konten und ihr Verlauf verweisen darauf.',
    fix: 'Archivieren Sie sie stattdessen (POST /api/v1/connections/{id}/archive oder Service Center › Verbindungen); sie behält, was sie enthält.',
  },
  TEMPLATE_IN_USE: {
    title: 'Vorlage wird noch versendet',
    cause: 'Die Vorlage hat keine Standardversion, Zurücksetzen löscht sie also; eine Aktionsvorlage versendet sie noch (details nennt, welche).',
    fix: 'Wählen Sie zuerst in den Aktionsvorlagen (Service Center › Einstellungen) eine andere Vorlage, und löschen Sie diese dann.',
  },
  ACCOUNT_REVIEW_NOT_FOUND: {
    title: 'Zu prüfendes Konto nicht gefunden',
    cause: 'Kein Eintrag der Prüfliste dieser Umgebung hat diese ID.',
    fix: 'Rufen Sie die Prüfliste ab: GET /api/v1/account-reviews.',
  },
  ACCOUNT_REVIEW_DONE: {
    title: 'Kontoprüfung bereits ausgeführt',
    cause: 'Die Entscheidung zu diesem Eintrag der Prüfliste wurde bereits ausgeführt (das Konto wurde verknüpft oder ein neues angelegt).',
    fix: 'Nichts zu tun; die Seite der Anmeldung zeigt, was geschehen ist.',
  },
  COURSE_DEFINITION_NOT_FOUND: {
    title: 'Kursdefinition nicht gefunden',
    cause: 'Keine Kursdefinition hat diese ID, oder keine Kursdefinition ordnet diesen Kurscode zu.',
    fix: 'Ordnen Sie zuerst den Kurscode zu (POST /api/v1/course-definitions oder Service Center › Kurse) und senden Sie die Anmeldung danach erneut.',
  },
  NOTIFICATION_NOT_FOUND: {
    title: 'Meldung nicht gefunden',
    cause: 'Keine offene Meldung hat diese ID (vielleicht ist sie bereits erledigt).',
    fix: 'Rufen Sie die offenen Meldungen ab: GET /api/v1/notifications.',
  },
  NOT_A_SANDBOX: {
    title: 'Keine Sandbox-Verbindung',
    cause: 'Nur eine Anmeldung auf einer Sandbox-Verbindung kann über die API abgeschlossen werden; ein echtes LMS meldet seine eigenen Ergebnisse.',
    fix: 'Schließen Sie den Kurs im LMS ab.',
  },
  REGISTRATION_HAS_NO_ACCOUNT: {
    title: 'Anmeldung hat noch kein LMS-Konto',
    cause: 'Die Anmeldung hat das LMS noch nicht erreicht, es gibt also noch kein Konto, mit dem etwas geschehen könnte.',
    fix: 'Warten Sie, bis die Anmeldung aktiv ist (GET /api/v1/registrations/{id}); beheben Sie Meldungen, auf die sie wartet.',
  },
  REGISTRATION_CANCELLED: {
    title: 'Anmeldung ist storniert',
    cause: 'Die Anmeldung ist storniert (oder wird storniert): Die Person hat den Kurs nicht mehr, daher werden dafür kein neues Passwort und keine Willkommens-E-Mail gesendet.',
    fix: 'Melden Sie die Person erneut für den Kurs an, wenn sie ihn haben soll; die E-Mail mit den Zugangsdaten geht dann wie gewohnt hinaus.',
  },
  REGISTRATION_ID_CONFLICT: {
    title: 'Anmelde-ID gehört zu einer anderen Anmeldung',
    cause: 'Die externalId wurde schon für eine andere Person oder einen anderen Kurs gesendet; details.existingId nennt diese Anmeldung.',
    fix: 'Senden Sie jede Anmeldung des Schulungssystems mit ihrer eigenen ID; um eine Anmeldung zu ändern, stornieren Sie sie und melden Sie neu an.',
  },
  REGISTRATION_NOT_FOUND: {
    title: 'Anmeldung nicht gefunden',
    cause: 'Keine Anmeldung der Umgebung dieses API-Schlüssels hat diese ID.',
    fix: 'Verwenden Sie die ID, die die API beim Anlegen der Anmeldung zurückgegeben hat.',
  },
  MAIL_NOT_FOUND: {
    title: 'Mail nicht gefunden',
    cause: 'Keine Mail des Mandanten dieses API-Schlüssels hat diese ID.',
    fix: 'Verwenden Sie die ID einer Mail, wie GET /api/v1/mails oder das Mail-Protokoll sie zeigt.',
  },
  MAIL_ALREADY_SENT: {
    title: 'Mail ist bereits versendet',
    cause: 'Der SMTP-Server hat die Mail angenommen (oder sie liegt mit MAIL_MODE=outbox im Postausgang): Es gibt nichts mehr zu senden oder zu verwerfen.',
    fix: 'Um der teilnehmenden Person neue Zugangsdaten zu geben, verwenden Sie „Zugangsdaten erneut senden“ bei der Anmeldung.',
  },
  MAIL_DISCARDED: {
    title: 'Mail wurde verworfen',
    cause: 'Eine Administratorin oder ein Administrator hat diese Mail verworfen: Sie wird nie versendet, ihr Passwort ist gelöscht.',
    fix: 'Um doch Zugangsdaten zu senden, verwenden Sie „Zugangsdaten erneut senden“ bei der Anmeldung.',
  },
  MAIL_AWAITING_ACCOUNT: {
    title: 'Mail wartet auf ihr Konto',
    cause: 'Die Mail mit den Zugangsdaten wartet, bis das LMS-Konto existiert; dann geht sie von selbst hinaus.',
    fix: 'Sehen Sie sich die Anmeldung an: Hängt sie fest (braucht Aufmerksamkeit), beheben Sie, was die Meldung nennt, und versuchen Sie sie erneut.',
  },
  MAIL_NOT_SENDABLE: {
    title: 'Mail kann jetzt nicht gesendet werden',
    cause: 'Die Mail hat während der Anfrage ihren Status gewechselt und steht nun in einem Status, für den „Jetzt senden“ nicht gilt.',
    fix: 'Sehen Sie sich die Mail an (GET /api/v1/mails?registrationId=…) und versuchen Sie es erneut, wenn sie noch nicht hinausgegangen ist.',
  },
} satisfies Renderings
