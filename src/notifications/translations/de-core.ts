// German: the codes of coursebridge itself (connections, accounts, templates, results, webhooks, start-up, administrators).
import type { Renderings } from './translations.ts'

export default {
  CONNECTION_INACTIVE: {
    title: 'Verbindung ausgeschaltet',
    cause: 'Die LMS-Verbindung dieses Kurses ist auf inaktiv gesetzt, daher ruft coursebridge für sie nichts auf.',
    fix: 'Schalten Sie die Verbindung ein (Verbindungen › bearbeiten › Aktiv) und setzen Sie sie fort.',
  },
  LMS_KNOWN_ACCOUNT_NOT_FOUND: {
    title: 'Bekanntes Konto nicht mehr gefunden',
    cause: 'coursebridge kennt das LMS-Konto dieser Person, aber die Suche über den externen Schlüssel findet nichts, obwohl das Konto nicht gelöscht ist. Es wird kein neues Konto angelegt, um ein doppeltes zu vermeiden.',
    fix: 'Das Konto existiert noch (ein gelöschtes Moodle-Konto wäre ersetzt worden, und eine Suche, die keine Konten sehen kann, hält zuerst die Verbindung an): seine ID-Nummer wurde im LMS geändert. Stellen Sie die ID-Nummer (den externen Schlüssel in der Meldung) an diesem Konto wieder her und wiederholen Sie danach die Anmeldung.',
  },
  LMS_ACCOUNT_DELETED_RECREATED: {
    title: 'Gelöschtes Konto durch ein neues ersetzt',
    cause: 'Das LMS-Konto der Person wurde im LMS gelöscht (Moodle behält ein gelöschtes Konto umbenannt und ohne ID-Nummer). coursebridge hat ein neues Konto angelegt und neue Zugangsdaten gesendet; der Verlauf des alten Kontos bleibt im LMS.',
    fix: 'Nichts zu tun, wenn das Löschen gewollt war. Das alte Konto lässt sich über coursebridge nicht zurückholen; seine Ergebnisse bleiben im LMS beim gelöschten Konto.',
  },
  LMS_ACCOUNT_REVIEW: {
    title: 'Ein vorhandenes Konto wartet auf Ihre Entscheidung',
    cause: 'Die Person wurde im LMS nicht über den externen Schlüssel gefunden, aber ein Konto hat ihre E-Mail-Adresse (ohne Beachtung der Groß- und Kleinschreibung verglichen): ohne Schlüssel, während der Kontoabgleich der Verbindung auf „prüfen“ steht, oder mit einem anderen externen Schlüssel (der nie automatisch übernommen wird), oder mehrere Konten haben sie. Es wurde nichts angelegt, um ein zweites Konto zu vermeiden.',
    fix: 'Öffnen Sie „Zu prüfende Konten“ im Service Center (oder GET /api/v1/account-reviews): „Verknüpfen“ macht das Konto zu dem der Person (coursebridge schreibt den externen Schlüssel hinein und sendet die E-Mail „neuer Kurs verfügbar“, kein neues Passwort); „Neues Konto anlegen“ legt ein weiteres an, was Moodle ablehnt, sofern „Allow accounts with same email“ nicht eingeschaltet ist.',
  },
  LMS_ACCOUNT_SAME_EMAIL_REFUSED: {
    title: 'Ein zweites Konto mit dieser E-Mail-Adresse wurde abgelehnt',
    cause: 'Auf der Prüfliste wurde „Neues Konto anlegen“ gewählt, aber das LMS lehnt zwei Konten mit einer E-Mail-Adresse ab (Moodle vergleicht Adressen ohne Beachtung der Groß- und Kleinschreibung, sofern „Allow accounts with same email“ nicht eingeschaltet ist).',
    fix: 'Verknüpfen Sie stattdessen das vorhandene Konto (Zu prüfende Konten), geben Sie der Person eine andere E-Mail-Adresse, oder erlauben Sie in Moodle Konten mit derselben E-Mail-Adresse (Site administration › General › Security › Site security settings › allowaccountssameemail); wiederholen Sie danach die Anmeldung.',
  },
  LMS_ACCOUNT_ADOPTED: {
    title: 'Vorhandenes Konto übernommen',
    cause: 'Die Person wurde im LMS nicht über den externen Schlüssel gefunden; ein Konto mit ihrer E-Mail-Adresse und ohne Schlüssel wurde übernommen (Kontoabgleich „übernehmen“ oder „Verknüpfen“ auf der Prüfliste): coursebridge hat den externen Schlüssel hineingeschrieben.',
    fix: 'Nichts zu tun. Die Person behält Anmeldenamen und Passwort und hat die E-Mail „neuer Kurs verfügbar“ erhalten.',
  },
  LMS_DUPLICATE_EXTERNAL_KEY: {
    title: 'Mehrere Konten teilen einen externen Schlüssel',
    cause: 'Mehr als ein LMS-Konto hat den externen Schlüssel dieser Person (Moodle hält ID-Nummern nicht eindeutig). coursebridge rät nicht, welches Konto der Person gehört.',
    fix: 'Leeren oder ändern Sie im LMS die ID-Nummer des Kontos, das nicht dieser Person gehört, und wiederholen Sie danach die Anmeldung.',
  },
  LOGIN_NAME_NO_FREE_SUFFIX: {
    title: 'Kein freier Anmeldename',
    cause: 'Der Anmeldename und alle seine nummerierten Varianten gehören anderen Konten.',
    fix: 'Wählen Sie für die Verbindung eine andere Art, den Anmeldenamen zu bilden, oder geben Sie einen der Namen im LMS frei, und versuchen Sie es erneut.',
  },
  LMS_TARGET_UNSUPPORTED: {
    title: 'Ziel passt nicht zum LMS',
    cause: 'Die Kursdefinition nennt ein Ziel eines anderen LMS (einen Moodle-Kurs oder eine Moodle-Kohorte auf einer ILIAS-Verbindung oder umgekehrt).',
    fix: 'Bearbeiten Sie die Kursdefinition: Wählen Sie ein Ziel im LMS der Verbindung (ILIAS: die Ref-ID des Kurses; Moodle: Kurs oder Kohorte).',
  },
  CONNECTION_NOT_FOUND: {
    title: 'Diese Verbindung gibt es nicht',
    cause: 'Die Anfrage nennt eine Verbindungs-ID (oder einen Namen), die es in dieser Umgebung nicht gibt.',
    fix: 'Rufen Sie die Verbindungen ab (GET /api/v1/connections oder Service Center › Verbindungen) und verwenden Sie eine ihrer IDs.',
  },
  CONNECTION_NAME_TAKEN: {
    title: 'Name der Verbindung bereits vergeben',
    cause: 'Eine andere Verbindung dieser Umgebung hat diesen Namen schon; auf der Kommandozeile werden Verbindungen an ihrem Namen erkannt.',
    fix: 'Wählen Sie einen anderen Namen, oder bearbeiten Sie stattdessen die vorhandene Verbindung.',
  },
  PERSON_NOT_FOUND: {
    title: 'Diese Person gibt es nicht',
    cause: 'Die Anfrage verweist auf eine Personen-ID, die das Schulungssystem noch nicht gesendet hat.',
    fix: 'Senden Sie zuerst die Person (PUT /api/v1/persons/{personId}), oder senden Sie die Person mit der Anmeldung.',
  },
  MAIL_TEMPLATE_NOT_FOUND: {
    title: 'E-Mail-Vorlage fehlt',
    cause: 'Eine E-Mail wurde mit einer Dokumentvorlage eingereiht, die es nicht mehr gibt (gelöscht oder umbenannt, nachdem die E-Mail eingereiht wurde).',
    fix: 'Legen Sie die Vorlage unter diesem Schlüssel neu an (Service Center › Vorlagen) und senden Sie danach die E-Mail der Anmeldung erneut.',
  },
  MAIL_PASSWORD_UNAVAILABLE: {
    title: 'Passwort für diese E-Mail nicht mehr gespeichert',
    cause: 'Die Vorlage zeigt das Passwort, aber coursebridge bewahrt ein erzeugtes Passwort nur auf, bis seine E-Mail gesendet ist; diese E-Mail wurde zu spät gesendet oder wiederholt.',
    fix: 'Verwenden Sie „Zugangsdaten erneut senden“ bei der Anmeldung: Das setzt ein neues Passwort im LMS und sendet es per E-Mail.',
  },
  TEMPLATE_NOT_FOUND: {
    title: 'Diese Vorlage gibt es nicht',
    cause: 'Die Anfrage nennt einen Schlüssel einer Dokumentvorlage, die es nicht gibt.',
    fix: 'Rufen Sie die Vorlagen ab (Service Center › Vorlagen) und verwenden Sie einen ihrer Schlüssel, oder legen Sie die Vorlage zuerst an.',
  },
  TEMPLATE_INVALID: {
    title: 'Vorlage unvollständig',
    cause: 'Ein Pflichtteil der Vorlage (Schlüssel, Betreff oder Text) fehlt oder ist zu lang.',
    fix: 'Füllen Sie den in den Details genannten Teil aus und speichern Sie erneut.',
  },
  TEMPLATE_SYNTAX_ERROR: {
    title: 'Syntaxfehler in der Vorlage',
    cause: 'Ein Tag {{ … }} oder {% … %} ist nicht geschlossen oder kein gültiges Liquid an der Zeile und Spalte in den Details.',
    fix: 'Korrigieren Sie das Tag an dieser Stelle (jedes {{ braucht sein }}, jedes {% if %} sein {% endif %}).',
  },
  TEMPLATE_UNKNOWN_VARIABLE: {
    title: 'Unbekannte Variable in der Vorlage',
    cause: 'Die Vorlage liest eine Variable, die coursebridge nicht liefert, meist ein Tippfehler wie {{ login.nmae }}.',
    fix: 'Verwenden Sie eine der Variablen, die neben dem Editor aufgeführt sind (person.*, course.*, login.*, …).',
  },
  TEMPLATE_PASSWORD_NOT_ALLOWED: {
    title: 'Passwort in einer Vorlage, die es nicht zeigen darf',
    cause: 'Nur die Vorlagen mit Zugangsdaten dürfen {{ login.password }} enthalten; jede andere E-Mail würde ein Passwort senden, das sie nicht hat.',
    fix: 'Entfernen Sie {{ login.password }} aus dieser Vorlage (verlinken Sie stattdessen die Anmeldeseite).',
  },
  TEMPLATE_PASSWORD_IN_SUBJECT: {
    title: 'Passwort im Betreff',
    cause: 'Betreffzeilen erscheinen in E-Mail-Übersichten und Protokollen, daher darf kein Passwort darin stehen.',
    fix: 'Verschieben Sie {{ login.password }} aus dem Betreff in den Text.',
  },
  TEMPLATE_PASSWORD_MISSING: {
    title: 'Vorlage mit Zugangsdaten ohne Passwort',
    cause: 'Eine E-Mail mit Zugangsdaten soll das Passwort übergeben, aber die Vorlage zeigt {{ login.password }} nirgends.',
    fix: 'Fügen Sie {{ login.password }} in den Text der Vorlage ein.',
  },
  TEMPLATE_RENDER_FAILED: {
    title: 'Vorlage konnte nicht ausgefüllt werden',
    cause: 'Die Vorlage wurde gelesen, aber das Ausfüllen mit Beispieldaten schlug fehl (z. B. ein Filter auf der falschen Art von Wert).',
    fix: 'Lesen Sie die Meldung in den Details, korrigieren Sie das genannte Tag und sehen Sie sich die Vorschau erneut an.',
  },
  TEMPLATE_TOO_EXPENSIVE: {
    title: 'Vorlage zu aufwendig zum Ausfüllen',
    cause: 'Die Vorlage verlangt mehr Arbeit, als eine E-Mail kosten darf: einen Bereich oder Schleifen über den Grenzen (10 000 Elemente in einem Bereich, 100 000 Schleifendurchläufe insgesamt), oder das Ausfüllen brauchte mehr Speicher oder Zeit, als der Renderer erlaubt (es wurde abgebrochen).',
    fix: 'Kürzen Sie die Bereiche und Schleifen, die die Meldung nennt (eine E-Mail braucht nie Tausende Wiederholungen), und sehen Sie sich die Vorschau erneut an.',
  },
  TEMPLATE_CONTEXT_PASSWORD_MISSING: {
    title: 'Kein Passwort zum Ausfüllen',
    cause: 'Eine Vorlage, die das Passwort zeigt, wurde ohne Passwort ausgefüllt (ein interner Aufruf, der es hätte übergeben müssen).',
    fix: 'Das ist ein Fehler in coursebridge: Melden Sie ihn mit dem Schlüssel der Vorlage; senden Sie die Zugangsdaten inzwischen erneut.',
  },
  RESULT_DELIVERY_FAILED: {
    title: 'Ergebnis nicht an das Schulungssystem geliefert',
    cause: 'coursebridge konnte ein Kursergebnis nach allen Versuchen nicht an den Webhook des Schulungssystems liefern (nicht erreichbar, oder es antwortete mit einem Fehler).',
    fix: 'Prüfen Sie URL und Geheimnis des Ergebnis-Webhooks in den Einstellungen (PUT /api/v1/settings, resultWebhook) und ob das Schulungssystem läuft; das Lieferprotokoll des Ergebnisses (GET /api/v1/results) zeigt die letzte Antwort.',
  },
  RESULT_USER_WITHOUT_IDNUMBER: {
    title: 'Ergebnis für einen Moodle-Benutzer ohne ID-Nummer',
    cause: 'Das Ergebnis-Plugin hat einen Abschluss für einen Moodle-Benutzer ohne ID-Nummer gesendet, daher lässt sich keine Person dazu finden.',
    fix: 'Ist der Benutzer ein Teilnehmer aus dem Schulungssystem, tragen Sie seinen externen Schlüssel als ID-Nummer in Moodle ein; sonst ist nichts zu tun.',
  },
  RESULT_REGISTRATION_NOT_FOUND: {
    title: 'Ergebnis ohne Anmeldung',
    cause: 'Das Ergebnis-Plugin hat einen Abschluss für eine Person und einen Kurs gesendet, zu denen coursebridge keine Anmeldung hat (von Hand in Moodle eingeschrieben, oder ein anderer Kurs).',
    fix: 'Nichts zu tun, wenn die Einschreibung nicht über coursebridge erfolgte; prüfen Sie sonst, ob die Kursdefinition auf diesen Kurs zeigt.',
  },
  WEBHOOK_SECRET_NOT_SET: {
    title: 'Kein Webhook-Geheimnis für diese Verbindung',
    cause: 'Das Ergebnis-Plugin hat coursebridge aufgerufen, aber die Verbindung hat noch kein Webhook-Geheimnis, daher lässt sich die Anfrage nicht prüfen.',
    fix: 'Erzeugen Sie das Webhook-Geheimnis der Verbindung (POST /api/v1/connections/{id}/webhook-secret) und tragen Sie es in den Plugin-Einstellungen in Moodle ein (local_coursebridge).',
  },
  WEBHOOK_SECRET_INVALID: {
    title: 'Webhook-Geheimnis hat die falsche Form',
    cause: 'Ein eingerichtetes Webhook-Geheimnis hat nicht die Form whsec_<base64>.',
    fix: 'Erzeugen Sie in coursebridge ein neues Webhook-Geheimnis und kopieren Sie es unverändert in die Einstellungen des Absenders.',
  },
  WEBHOOK_HEADERS_MISSING: {
    title: 'Webhook-Header fehlen',
    cause: 'Der Anfrage fehlt ein brauchbarer Header webhook-id oder webhook-timestamp: Sie kam nicht vom Ergebnis-Plugin, oder ein Proxy hat die Header entfernt.',
    fix: 'Prüfen Sie, ob das Plugin an die Webhook-URL der Verbindung sendet und kein Proxy die webhook-*-Header entfernt.',
  },
  WEBHOOK_SIGNATURE_MISSING: {
    title: 'Webhook-Signatur fehlt',
    cause: 'Die Anfrage hat keinen Header webhook-signature.',
    fix: 'Tragen Sie das Webhook-Geheimnis der Verbindung in den Plugin-Einstellungen ein (local_coursebridge), damit es seine Anfragen signiert.',
  },
  WEBHOOK_SIGNATURE_INVALID: {
    title: 'Webhook-Signatur falsch',
    cause: 'Keine Signatur stimmt überein: Das Geheimnis im Plugin weicht von dem der Verbindung ab, oder der Body wurde unterwegs verändert.',
    fix: 'Kopieren Sie das Webhook-Geheimnis der Verbindung erneut in die Plugin-Einstellungen in Moodle.',
  },
  WEBHOOK_TIMESTAMP_TOO_OLD: {
    title: 'Webhook zu alt',
    cause: 'Der signierte Zeitstempel ist älter als die Toleranz: eine wiederholte Anfrage, oder die Uhr des Moodle-Servers geht nach.',
    fix: 'Synchronisieren Sie die Uhr des Moodle-Servers (NTP); das Plugin versucht es mit einem neuen Zeitstempel erneut.',
  },
  WEBHOOK_TIMESTAMP_IN_FUTURE: {
    title: 'Webhook aus der Zukunft',
    cause: 'Der signierte Zeitstempel liegt mehr als die Toleranz voraus: Die Uhr des Moodle-Servers geht vor.',
    fix: 'Synchronisieren Sie die Uhr des Moodle-Servers (NTP); das Plugin versucht es erneut.',
  },
  WEBHOOK_BODY_INVALID: {
    title: 'Body des Webhooks nicht lesbar',
    cause: 'Der signierte Body ist nicht das JSON, das das Ergebnis-Plugin sendet (eine andere Plugin-Version oder ein anderer Absender).',
    fix: 'Aktualisieren Sie local_coursebridge auf die Version, die zu diesem coursebridge passt; die Details nennen das Feld.',
  },
  WEBHOOK_ID_MISMATCH: {
    title: 'Webhook-ID stimmt nicht überein',
    cause: 'Die ID im Body weicht vom Header webhook-id ab, daher könnte der Body zu einer anderen Anfrage gehören.',
    fix: 'Aktualisieren Sie local_coursebridge; tritt es weiter auf, melden Sie die Details.',
  },
  API_KEY_SCOPE: {
    title: 'API-Schlüssel darf das nicht',
    cause: 'Der API-Schlüssel hat einen engeren Geltungsbereich, als der Aufruf braucht: Ein Schlüssel „registrations“ darf Personen, Anmeldungen und Ergebnisse bearbeiten, keine Verbindungen, Einstellungen, Vorlagen, Schlüssel oder Administratoren; ein Schlüssel „metrics“ darf nur /metrics lesen.',
    fix: 'Verwenden Sie für diesen Aufruf einen Schlüssel mit dem Geltungsbereich „admin“, oder erstellen Sie einen (Service Center → API-Schlüssel, oder coursebridge keys create --scope admin).',
  },
  RESULT_WEBHOOK_NOT_SET: {
    title: 'Kein Ergebnis-Webhook eingerichtet',
    cause: 'Ein neues Signaturgeheimnis wurde angefordert, aber keine URL für den Ergebnis-Webhook ist eingerichtet: Es gibt noch nichts zu signieren.',
    fix: 'Richten Sie zuerst die URL des Ergebnis-Webhooks des Schulungssystems ein (PUT /api/v1/settings mit resultWebhook.url, oder die Einstellungen im Service Center); dabei wird ein Geheimnis erzeugt.',
  },
  API_KEY_NOT_FOUND: {
    title: 'Diesen API-Schlüssel gibt es nicht',
    cause: 'Für das Institut gibt es keinen API-Schlüssel mit dieser ID.',
    fix: 'Rufen Sie die Schlüssel ab (GET /api/v1/keys, coursebridge keys list oder die Seite API-Schlüssel im Service Center) und verwenden Sie eine ID von dort.',
  },
  MAIL_SMTP_NOT_CONFIGURED: {
    title: 'SMTP nicht eingerichtet: E-Mails warten',
    cause: 'Es ist kein Mailserver eingerichtet (SMTP_HOST), daher werden E-Mails an Teilnehmende nicht gesendet. Sie warten, mit verschlüsselten Passwörtern, und nichts geht verloren.',
    fix: 'Setzen Sie SMTP_HOST (und SMTP_PORT, SMTP_USER, SMTP_PASSWORD, MAIL_FROM) und starten Sie coursebridge neu: Dann werden die wartenden E-Mails gesendet. Um coursebridge ohne E-Mail auszuprobieren, behält MAIL_MODE=outbox die E-Mails im Postausgang (Passwörter verdeckt, nichts gesendet).',
  },
  REGISTRATION_HAS_ACCESS: {
    title: 'Anmeldung hat noch Zugang',
    cause: 'Eine Anmeldung lässt sich nur entfernen, wenn sie keinen Zugang im LMS mehr hat: Das Entfernen würde diesen Zugang bestehen lassen.',
    fix: 'Stornieren Sie die Anmeldung, warten Sie, bis sie storniert ist (Zugang entzogen), und entfernen Sie sie danach.',
  },
  CONNECTION_CHECK_FAILED: {
    title: 'Verbindungsprüfung fehlgeschlagen',
    cause: 'Ein notwendiger Schritt der Verbindungsprüfung ist fehlgeschlagen: Das LMS ist nicht so eingerichtet, wie coursebridge es braucht, oder es war nicht erreichbar.',
    fix: 'Öffnen Sie die Verbindung im Service Center und führen Sie die Prüfung aus; jeder fehlgeschlagene Schritt sagt, was wo zu beheben ist.',
  },
  RESULTS_POLL_UNAVAILABLE: {
    title: 'Ergebnisse können nicht abgefragt werden',
    cause: 'Das LMS hat die Aufrufe abgelehnt, die den Kursabschluss oder den Lernfortschritt lesen, daher werden Ergebnisse nicht per Abfrage geholt. Moodle: core_completion_get_course_completion_status ist nicht im Dienst des Tokens, oder der Webservice-Rolle fehlt report/completion:view (die Meldung nennt, was Moodle sagte); ILIAS: Der SOAP-Benutzer darf den Lernfortschritt nicht lesen.',
    fix: 'Moodle: Fügen Sie core_completion_get_course_completion_status dem Dienst hinzu und erlauben Sie report/completion:view für die Webservice-Rolle, oder installieren Sie das coursebridge-Plugin für Moodle (moodle-plugin/local_coursebridge), das Ergebnisse mit genauem Abschlusszeitpunkt und Wiederholungen sendet, die die Abfrage beide nicht sieht. ILIAS: Geben Sie dem SOAP-Benutzer Leserecht auf den Lernfortschritt der Kurse. Die nächste erfolgreiche Abfrage schließt diese Meldung.',
  },
  NOT_READY: {
    title: 'coursebridge ist nicht bereit',
    cause: 'Die Datenbank nimmt keinen Schreibvorgang an (schreibgeschützt, Festplatte voll, Verbindung verloren, Recht entzogen) oder die Auftragswarteschlange läuft nicht.',
    fix: 'Den Grund nennen die Antwort von /readyz und das Protokoll: Geben Sie Speicherplatz frei, machen Sie die Datenbank wieder beschreibbar, oder starten Sie coursebridge neu.',
  },
  PORT_IN_USE: {
    title: 'Port belegt',
    cause: 'Ein anderes Programm (vielleicht ein bereits laufendes coursebridge) lauscht auf dem Port, den coursebridge verwenden soll.',
    fix: 'Beenden Sie das andere Programm, oder starten Sie coursebridge mit einem anderen PORT.',
  },
  PORT_NOT_PERMITTED: {
    title: 'Port nicht erlaubt',
    cause: 'Das Betriebssystem lässt diesen Benutzer nicht auf dem Port lauschen (Ports unter 1024 brauchen besondere Rechte).',
    fix: 'Verwenden Sie einen Port über 1023 (mit einem Reverse Proxy davor), oder geben Sie dem Prozess das Recht, niedrige Ports zu belegen.',
  },
  HOST_NOT_AVAILABLE: {
    title: 'Adresse nicht auf diesem Rechner',
    cause: 'HOST nennt eine Adresse, die dieser Rechner nicht hat.',
    fix: 'Setzen Sie HOST auf eine der Adressen des Rechners, 127.0.0.1 oder 0.0.0.0.',
  },
  DATA_DIR_NOT_WRITABLE: {
    title: 'Datenverzeichnis nicht beschreibbar',
    cause: 'coursebridge kann in DATA_DIR keine Dateien anlegen oder schreiben (schreibgeschütztes Dateisystem oder fehlendes Recht).',
    fix: 'Machen Sie den Ordner für den Benutzer beschreibbar, unter dem coursebridge läuft, oder setzen Sie DATA_DIR auf einen beschreibbaren Ordner.',
  },
  DATA_DIR_FULL: {
    title: 'Datenverzeichnis voll',
    cause: 'Die Festplatte von DATA_DIR hat keinen Platz mehr, daher kann die eingebettete Datenbank nicht schreiben.',
    fix: 'Geben Sie Speicherplatz frei (oder verlegen Sie DATA_DIR auf eine größere Festplatte) und starten Sie coursebridge erneut.',
  },
  SHUTDOWN_FAILED: {
    title: 'Herunterfahren fehlgeschlagen',
    cause: 'Das Anhalten der Worker oder das Schließen der Datenbank ist fehlgeschlagen; der Prozess endet trotzdem.',
    fix: 'Meist harmlos: Laufende Aufträge werden nach dem Neustart übernommen. Wiederholt es sich, melden Sie die Protokollzeile.',
  },
  ADMIN_NOT_FOUND: {
    title: 'Diesen Administrator gibt es nicht',
    cause: 'Für das Institut gibt es keinen Administrator des Service Centers mit dieser ID oder E-Mail-Adresse.',
    fix: 'Rufen Sie die Administratoren ab (Service Center → Administratoren, oder GET /api/v1/admin-users) und verwenden Sie einen von dort.',
  },
  ADMIN_SELF: {
    title: 'Ein Administrator kann sich nicht selbst deaktivieren',
    cause: 'Wenn Sie Ihr eigenes Konto deaktivieren, werden Sie abgemeldet, und niemand kann es rückgängig machen.',
    fix: 'Bitten Sie einen anderen Administrator darum, oder verwenden Sie coursebridge admin disable <email> auf dem Server.',
  },
  ADMIN_LOGIN_FAILED: {
    title: 'Administrator-Login fehlgeschlagen',
    cause: 'Jemand hat eine E-Mail-Adresse und ein Passwort eingegeben, die zu keinem Administrator passen. Das Protokoll enthält die Adresse des Clients.',
    fix: 'Nichts, wenn es ein Tippfehler war. Viele davon von einer Adresse oder für ein Konto bedeuten, dass jemand rät: Diese Versuche werden gebremst.',
  },
  ADMIN_LOGIN_THROTTLED: {
    title: 'Administrator-Login gebremst',
    cause: 'Zu viele fehlgeschlagene Logins von einer Client-Adresse (10 in 15 Minuten) oder für ein Konto (20 in 15 Minuten).',
    fix: 'Warten Sie die Zeit, die die Seite nennt. Hinter einem Reverse Proxy setzen Sie TRUSTED_PROXIES, damit jeder Client unter seiner eigenen Adresse gezählt wird.',
  },
  ADMIN_DISABLED: {
    title: 'Administrator deaktiviert',
    cause: 'Der Administrator hat das richtige Passwort eingegeben, aber ein anderer Administrator hat das Konto deaktiviert.',
    fix: 'Ein anderer Administrator kann es wieder aktivieren (Service Center → Administratoren, oder coursebridge admin enable <email>).',
  },
  ADMIN_PASSWORD_WRONG: {
    title: 'Aktuelles Passwort falsch',
    cause: 'Eine Passwortänderung wurde abgelehnt, weil das angegebene aktuelle Passwort nicht das des Administrators war.',
    fix: 'Geben Sie Ihr aktuelles Passwort ein; haben Sie es vergessen, setzen Sie auf dem Server ein neues: coursebridge admin password <email>.',
  },
  INTERNAL_ERROR: {
    title: 'Interner Fehler',
    cause: 'In coursebridge ist etwas fehlgeschlagen (nicht im LMS). Der Auftrag wird wiederholt.',
    fix: 'Tritt es weiter auf, suchen Sie im Dienstprotokoll nach dieser Anmelde-ID und melden Sie es.',
  },
} satisfies Renderings
