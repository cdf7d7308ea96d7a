// Numbered migrations, plain SQL that runs unchanged on PGlite and on a PostgreSQL server.
// Never edit a released migration: add the next number.
import type { Database } from './database.ts'

export const migrations: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'core tables',
    sql: `
CREATE TABLE tenants (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO tenants (id, name) VALUES ('default', 'Default institute');

CREATE TABLE api_keys (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  prefix text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE connections (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  type text NOT NULL,
  base_url text NOT NULL,
  environment text NOT NULL DEFAULT 'live',
  active boolean NOT NULL DEFAULT true,
  credentials_enc text NOT NULL,
  mapping jsonb NOT NULL,
  settings jsonb NOT NULL DEFAULT '{}',
  blocked_code text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);

CREATE TABLE persons (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id),
  person_id text NOT NULL,
  data jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, person_id)
);

CREATE TABLE course_definitions (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id),
  code text NOT NULL,
  name text NOT NULL,
  connection_id text NOT NULL REFERENCES connections(id),
  target jsonb NOT NULL,
  resolved_target jsonb,
  role text,
  enrol_start timestamptz,
  enrol_end timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, code)
);

-- The account a person has in one LMS, as last observed.
CREATE TABLE lms_accounts (
  connection_id text NOT NULL REFERENCES connections(id),
  person_ref text NOT NULL REFERENCES persons(id),
  lms_user_id text NOT NULL,
  login_name text,
  created_by_us boolean NOT NULL DEFAULT false,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, person_ref)
);

CREATE TABLE registrations (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id),
  external_id text,
  person_ref text NOT NULL REFERENCES persons(id),
  course_definition_id text NOT NULL REFERENCES course_definitions(id),
  desired text NOT NULL,
  status text NOT NULL,
  status_code text,
  lms_user_id text,
  login_name text,
  account_created boolean NOT NULL DEFAULT false,
  access_granted_at timestamptz,
  access_revoked_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX registrations_external_id ON registrations (tenant_id, external_id) WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX registrations_person_course ON registrations (person_ref, course_definition_id) WHERE external_id IS NULL;
CREATE INDEX registrations_status ON registrations (tenant_id, status);

CREATE TABLE registration_steps (
  id bigserial PRIMARY KEY,
  registration_id text NOT NULL REFERENCES registrations(id),
  at timestamptz NOT NULL DEFAULT now(),
  step text NOT NULL,
  function text,
  duration_ms integer,
  items integer,
  outcome text NOT NULL,
  error_code text,
  detail text
);
CREATE INDEX registration_steps_registration ON registration_steps (registration_id, id);

CREATE TABLE notifications (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id),
  code text NOT NULL,
  kind text NOT NULL,
  message text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}',
  connection_id text,
  registration_id text,
  person_ref text,
  dedupe_key text NOT NULL,
  occurrences integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz
);
CREATE UNIQUE INDEX notifications_open ON notifications (tenant_id, dedupe_key) WHERE resolved_at IS NULL;

CREATE TABLE idempotency_keys (
  tenant_id text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  status integer NOT NULL,
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);

-- Short leases so that one person's account in one LMS is handled by one worker at a time.
CREATE TABLE leases (
  key text PRIMARY KEY,
  owner text NOT NULL,
  expires_at timestamptz NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'mail: templates, action templates, outbox',
    sql: `
ALTER TABLE tenants ADD COLUMN settings jsonb NOT NULL DEFAULT '{}';

CREATE TABLE document_templates (
  tenant_id text NOT NULL REFERENCES tenants(id),
  key text NOT NULL,
  template jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);

-- The outbox: every mail per registration, as sent but without the password. A credentials mail holds
-- its password encrypted only until the SMTP server accepted it (then password_enc is erased).
CREATE TABLE mails (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id),
  registration_id text NOT NULL REFERENCES registrations(id),
  purpose text NOT NULL,
  template_key text NOT NULL,
  to_address text NOT NULL,
  subject text,
  html text,
  text text,
  status text NOT NULL,
  password_enc text,
  login_name text,
  attempts integer NOT NULL DEFAULT 0,
  last_error_code text,
  last_error text,
  message_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  UNIQUE (registration_id, purpose)
);
CREATE INDEX mails_tenant_created ON mails (tenant_id, created_at);
`,
  },
  {
    version: 10,
    name: 'admin UI: administrators and their sessions',
    sql: `
-- Service Center log-in. Passwords as scrypt hashes; e-mail addresses kept lower-cased.
CREATE TABLE admin_users (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id),
  email text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz
);

-- The session id is in the browser's cookie only; this table keeps its SHA-256 hash.
CREATE TABLE admin_sessions (
  id_hash text PRIMARY KEY,
  admin_user_id text NOT NULL REFERENCES admin_users(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX admin_sessions_expires ON admin_sessions (expires_at);
`,
  },
  {
    version: 3,
    name: 'results, deliveries to the training system, poll state',
    sql: `
-- One row per completion of a registration; a retake is a new row (history kept).
CREATE TABLE results (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id),
  registration_id text NOT NULL REFERENCES registrations(id),
  source text NOT NULL,
  attended boolean NOT NULL,
  passed boolean NOT NULL,
  completed_at timestamptz,
  grade numeric,
  grade_max numeric,
  grade_percentage numeric,
  grade_pass numeric,
  -- The LMS's own id of this completion (the plugin's event id); null for a polled result.
  lms_ref text,
  received_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX results_lms_ref ON results (registration_id, lms_ref) WHERE lms_ref IS NOT NULL;
CREATE INDEX results_tenant_received ON results (tenant_id, received_at, id);

-- Each new or changed result is delivered to the training system once per delivery id.
CREATE TABLE result_deliveries (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id),
  result_id text NOT NULL REFERENCES results(id),
  status text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  last_http_status integer,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz
);
CREATE INDEX result_deliveries_result ON result_deliveries (result_id);

CREATE TABLE delivery_attempts (
  id bigserial PRIMARY KEY,
  delivery_id text NOT NULL REFERENCES result_deliveries(id),
  at timestamptz NOT NULL DEFAULT now(),
  http_status integer,
  error text,
  duration_ms integer
);

-- Webhook ids seen from LMS plugins: a repeat is acknowledged and not recorded again.
CREATE TABLE inbound_webhooks (
  connection_id text NOT NULL REFERENCES connections(id),
  webhook_id text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, webhook_id)
);

CREATE TABLE poll_state (
  connection_id text PRIMARY KEY REFERENCES connections(id),
  last_polled_at timestamptz NOT NULL
);
`,
  },
  {
    version: 20,
    name: 'import checkpoints',
    sql: `
-- Bulk CSV import (coursebridge import): how far a file got, keyed by its SHA-256, so a re-run or
-- --resume continues after the last line that was applied or refused.
CREATE TABLE import_checkpoints (
  tenant_id text NOT NULL REFERENCES tenants(id),
  file_sha256 text NOT NULL,
  file_name text NOT NULL,
  total_rows integer NOT NULL,
  last_line integer NOT NULL DEFAULT 0,
  rows_done integer NOT NULL DEFAULT 0,
  rows_applied integer NOT NULL DEFAULT 0,
  rows_refused integer NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  PRIMARY KEY (tenant_id, file_sha256)
);
`,
  },
  {
    version: 30,
    name: 'API key scopes, disabled administrators',
    sql: `
-- What a key may do: 'admin' (everything; keys made before scopes existed were all-powerful and stay so),
-- 'registrations' (what a training system needs) or 'metrics' (the Prometheus scrape).
ALTER TABLE api_keys ADD COLUMN scope text NOT NULL DEFAULT 'admin';
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scope CHECK (scope IN ('admin', 'registrations', 'metrics'));
-- A disabled administrator cannot log in; their sessions are deleted when they are disabled.
ALTER TABLE admin_users ADD COLUMN disabled_at timestamptz;
`,
  },
  {
    version: 90,
    name: 'granted access of a registration',
    sql: `
-- What the last successful grant sent (user, target, role, period), so that a reconcile of an active
-- registration sends no enrolment again unless one of them changed: Moodle's enrol overwrites the period
-- and re-activates an enrolment an administrator suspended. NULL = not granted (or revoked since).
ALTER TABLE registrations ADD COLUMN granted_access text;
`,
  },
  {
    version: 50,
    name: 'worker registry; leases move to advisory locks / process memory',
    sql: `
-- Each process with workers: a heartbeat and the jobs it works on, so the others (or its own restart) take
-- back the jobs of a process that died within seconds (src/jobs/worker-registry.ts).
CREATE TABLE workers (
  id text PRIMARY KEY,
  host text NOT NULL,
  pid integer NOT NULL,
  job_ids text[] NOT NULL DEFAULT '{}',
  started_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now()
);

-- Leases are advisory locks on PostgreSQL and process memory on the embedded database now: both end with
-- their holder (src/store/leases.ts). The rows of this table could outlive a dead holder by minutes.
DROP TABLE leases;
`,
  },
  {
    version: 55,
    name: 'health probe, last connection check',
    sql: `
-- /readyz and /healthz write this one row: a read-only, full or revoked database fails the probe.
CREATE TABLE health_probe (
  id integer PRIMARY KEY,
  probed_at timestamptz NOT NULL
);

-- The outcome of the last connection check, for the Overview page.
ALTER TABLE connections ADD COLUMN last_check_at timestamptz;
ALTER TABLE connections ADD COLUMN last_check_ok boolean;
`,
  },
  {
    version: 56,
    name: 'erased persons',
    sql: `
-- A person whose personal data was erased: the row stays (registrations count on it), emptied.
ALTER TABLE persons ADD COLUMN erased_at timestamptz;
CREATE INDEX registration_steps_at ON registration_steps (at);
`,
  },
  {
    version: 45,
    name: 'results complete: grade type and minimum, source of the completion time, polls per registration, plugin contact',
    sql: `
-- The grade as the LMS sent it: its type (value: points; scale: positions on a scale) and its minimum, beside
-- final, max, percentage and pass.
ALTER TABLE results ADD COLUMN grade_type text;
ALTER TABLE results ADD COLUMN grade_min numeric;
-- Where completed_at comes from: 'lms' (the LMS said when: the plugin's push, ILIAS's status change),
-- 'criteria' (Moodle's poll: the latest criterion time; the course completion time is not in the answer) or
-- 'observed' (Moodle's poll carries no time: the moment coursebridge first saw the completion).
ALTER TABLE results ADD COLUMN completed_at_source text NOT NULL DEFAULT 'lms';
-- Polled results recorded before without a time: the time they were recorded is when coursebridge first saw them.
UPDATE results SET completed_at = received_at, completed_at_source = 'observed' WHERE completed_at IS NULL;

-- When each registration was last asked about by the result poll: a run asks the oldest first, up to its budget
-- (this replaces the one time per connection in poll_state, which is no longer read).
CREATE TABLE result_polls (
  registration_id text PRIMARY KEY REFERENCES registrations(id) ON DELETE CASCADE,
  polled_at timestamptz NOT NULL
);

-- The last request signed with the connection's webhook secret that the Moodle plugin made (a test event, a result,
-- the managed-course list): the connection check calls the plugin installed from then on, and polling steps aside.
ALTER TABLE connections ADD COLUMN plugin_contact_at timestamptz;
ALTER TABLE connections ADD COLUMN plugin_contact_kind text;
`,
  },
  {
    version: 40,
    name: 'account reviews',
    sql: `
-- Accounts an administrator decides on before coursebridge uses them: an LMS account found by the person's
-- e-mail (no external key, under the "review" matching policy; or holding another key, under any policy that
-- looks by e-mail). One row per person and connection; the decision ('link' = adopt that account, 'new-account')
-- is carried out by the next reconcile of the person's registrations.
CREATE TABLE account_reviews (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id),
  connection_id text NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  person_ref text NOT NULL,
  reason text NOT NULL,
  candidate jsonb NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'link', 'new-account', 'done')),
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  UNIQUE (connection_id, person_ref)
);
CREATE INDEX account_reviews_tenant ON account_reviews (tenant_id, status);
`,
  },
  {
    version: 35,
    name: 'secret key check',
    sql: `
-- A known text sealed with the secret key the data was written with (one row): a process started with
-- another key finds out at start, before it reads a credential, and stops with a sentence saying so.
CREATE TABLE secret_key_check (
  id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  sealed text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
  {
    version: 75,
    name: 'indexes of the lists and logs of the Service Center',
    sql: `
-- The LMS call log: the calls in the step logs, newest first.
CREATE INDEX registration_steps_lms_calls ON registration_steps (at, id) WHERE step = 'lms-call';
-- Registrations paged newest first, filtered by course (and state), and by person.
CREATE INDEX registrations_tenant_created ON registrations (tenant_id, created_at, id);
CREATE INDEX registrations_course_status ON registrations (course_definition_id, status);
CREATE INDEX registrations_person ON registrations (person_ref);
CREATE INDEX registrations_tenant_updated ON registrations (tenant_id, updated_at, id);
-- The attention list's message: the open notification of a registration.
CREATE INDEX notifications_registration_open ON notifications (registration_id) WHERE resolved_at IS NULL;
CREATE INDEX notifications_tenant_seen ON notifications (tenant_id, last_seen_at);
-- Persons, results, deliveries and their attempts, by time.
CREATE INDEX persons_tenant_updated ON persons (tenant_id, updated_at);
CREATE INDEX results_tenant_updated ON results (tenant_id, updated_at, id);
CREATE INDEX result_deliveries_tenant_created ON result_deliveries (tenant_id, created_at, id);
CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, at);
`,
  },
  {
    version: 70,
    name: 'administrator language',
    sql: `
-- The Service Center language an administrator chose with the switch in the page header: it follows them to any
-- browser they log in on (before it: the browser's language, then the tenant's default). NULL: never chosen.
ALTER TABLE admin_users ADD COLUMN language text CHECK (language IN ('en', 'nl', 'de'));
`,
  },
  {
    version: 65,
    name: 'archived course definitions and connections',
    sql: `
-- Archived: hidden from the Service Center's forms and lists, no new registrations; what was registered stays
-- (registrations, steps, results keep pointing at it) and it can be restored. NULL: in use.
ALTER TABLE course_definitions ADD COLUMN archived_at timestamptz;
ALTER TABLE connections ADD COLUMN archived_at timestamptz;
`,
  },
  {
    version: 60,
    name: 'sandbox state',
    sql: `
-- What the sandbox connection's simulated LMS holds (accounts, enrolments, cohorts, completions …), one row
-- per record of its state (src/lms/sandbox-state-store.ts), written before each of its answers: a restart,
-- even after kill -9, finds the sandbox as it was. Gone with its connection.
CREATE TABLE sandbox_records (
  connection_id text NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  name text NOT NULL,
  data text NOT NULL,
  PRIMARY KEY (connection_id, name)
);
`,
  },
  {
    version: 61,
    name: 'outbox: discarded mails',
    sql: `
-- An administrator may discard a mail that has not gone out (the Service Center's outbox, POST
-- /api/v1/mails/{id}/discard): status 'discarded', its password erased, who and when kept here.
ALTER TABLE mails ADD COLUMN discarded_at timestamptz;
ALTER TABLE mails ADD COLUMN discarded_by text;
-- The outbox page: the mails of a tenant that have not gone out, newest first.
CREATE INDEX mails_tenant_unsent ON mails (tenant_id, created_at, id)
  WHERE status IN ('awaiting-account', 'queued', 'retrying', 'waiting-smtp', 'failed');
`,
  },
]

export async function migrate(db: Database): Promise<number> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`)
  // One migrator at a time when several processes start against the same server.
  return db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(804711)')
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations')
    const done = new Set(rows.map((r) => r.version))
    let applied = 0
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue
      for (const statement of splitStatements(m.sql)) await tx.query(statement)
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name])
      applied++
    }
    return applied
  })
}

/** Our migrations hold no functions or quoted semicolons, so a split on ';' at line ends is exact. */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}
