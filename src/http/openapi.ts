// The OpenAPI document, built from the same zod schemas that validate requests.
import { z } from 'zod'
import { personSchema } from '../domain/person.ts'
import { connectionCreateSchema, connectionUpdateSchema } from '../services/connection-input.ts'
import { apiKeyCreateSchema } from './routes/api-keys.ts'
import { registrationBatchLimit, registrationBatchSchema, registrationCreateSchema } from '../services/registrations.ts'

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' })
const error = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: { description: 'for invalid input: [{path, message}] per field' },
      },
      required: ['code', 'message'],
    },
  },
}

function op(summary: string, body?: z.ZodType, okStatus = '200') {
  return {
    summary,
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(body) } } } } : {}),
    responses: {
      [okStatus]: { description: 'OK' },
      '400': { description: 'Invalid input, with a message per field', content: { 'application/json': { schema: error } } },
      '401': { description: 'Missing, unknown or revoked API key', content: { 'application/json': { schema: error } } },
      '403': { description: 'The API key\'s scope does not cover this call (API_KEY_SCOPE)', content: { 'application/json': { schema: error } } },
    },
  }
}

export function openApiDocument() {
  const idempotency = { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 },
    description: 'Repeat a POST safely: the first answer is returned again for the same key.' }
  return {
    openapi: '3.1.0',
    info: { title: 'coursebridge API', version: '1', description: 'Registrations reconciled into Moodle and ILIAS.' },
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
    security: [{ apiKey: [] }],
    paths: {
      '/api/v1/persons': {
        get: op('List persons'),
        post: { ...op('Create or update a person by personId', personSchema, '201'), parameters: [idempotency] },
      },
      '/api/v1/persons/{personId}': {
        get: op('A person'), put: op('Replace a person', personSchema),
        delete: op('Erase the person\'s personal data everywhere (anonymous counts stay; the LMS account is left as it is)'),
      },
      '/api/v1/connections': {
        get: op('List LMS connections (credentials are never returned)'),
        post: { ...op('Add an LMS connection', connectionCreateSchema, '201'), parameters: [idempotency] },
      },
      '/api/v1/connections/{id}': { get: op('A connection'), patch: op('Change a connection', connectionUpdateSchema) },
      '/api/v1/connections/{id}/resume': { post: op('Unblock a connection after a fix and retry what waited', undefined, '202') },
      '/api/v1/course-definitions': { get: op('List course definitions'), post: op('Map a TMS course code to an LMS target', undefined, '201') },
      '/api/v1/course-definitions/{id}': { get: op('A course definition'), patch: op('Change a course definition') },
      '/api/v1/registrations': {
        get: op('List registrations (filter: status, personId, courseCode)'),
        post: { ...op('Register a person for a course: 202 accepted, reconciled by a worker', registrationCreateSchema, '202'), parameters: [idempotency] },
      },
      '/api/v1/registrations/batch': {
        post: { ...op(`Up to ${registrationBatchLimit} registrations in one request; each entry answered on its own ` +
          '(index, status 202/200/4xx as a single POST would, registration or error), with counts accepted/unchanged/refused',
        registrationBatchSchema), parameters: [idempotency] },
      },
      '/api/v1/registrations/{id}': {
        get: op('A registration: desired and observed state, step log, open notifications'),
        delete: op('Remove a registration that holds no access in the LMS, with its step log, mails and results'),
      },
      '/api/v1/registrations/{id}/cancel': { post: op('Cancel: access is removed, the account is kept', undefined, '202') },
      '/api/v1/registrations/{id}/retry': { post: op('Retry a failed or waiting registration', undefined, '202') },
      '/api/v1/notifications': { get: op('Notifications (state=open|resolved|all)') },
      '/api/v1/notifications/{id}/resolve': { post: op('Mark a notification resolved') },
      '/api/v1/notification-codes': { get: op('The catalogue: every code with title, cause and fix') },
      '/api/v1/connections/{id}/check': { post: op('Run the connection checklist (Moodle: web services, token, functions, capabilities; ILIAS: SOAP, login, folder, courses, required fields)') },
      '/api/v1/connections/{id}/webhook-secret': { post: op('A new shared secret for the Moodle plugin (shown once)', undefined, '201') },
      '/api/v1/connections/{id}/poll-results': { post: op('Poll results now (the scheduled poll runs by itself)', undefined, '202') },
      '/api/v1/registrations/{id}/resend-credentials': { post: op('Set a new password in the LMS and mail the credentials again', undefined, '202') },
      '/api/v1/registrations/{id}/sandbox-complete': { post: op('Sandbox only: the participant finishes the course', undefined, '202') },
      '/api/v1/results': { get: op('Results recorded or changed in a period (from, to, limit, offset): for pull-based training systems') },
      '/api/v1/templates': { get: op('Document templates (tenant-owned and built-in) and the variables they may use') },
      '/api/v1/templates/{key}': { get: op('A document template'), put: op('Save a template; refused with the unknown variable named') },
      '/api/v1/templates/{key}/preview': { post: op('Render a template with sample or a registration\'s data (password masked)') },
      '/api/v1/settings': { get: op('Institute house style, action templates, result webhook (URL; whether a secret is set)'), put: op('Change the settings (the webhook secret is write-only; one generated now is shown once)') },
      '/api/v1/settings/result-webhook/secret': { post: op('A new signing secret for the result webhook (shown once)', undefined, '201') },
      '/api/v1/mails': { get: op('The outbox: every mail per registration, without passwords') },
      '/api/v1/admin-users': { post: op('Create a Service Center administrator', undefined, '201') },
      '/api/v1/keys': {
        get: op('API keys: name, scope, first characters, created, last used, revoked (never the key)'),
        post: op('Create an API key {name, scope: registrations|metrics|admin}; the key is in this answer only', apiKeyCreateSchema, '201'),
      },
      '/api/v1/keys/{id}': { delete: op('Revoke an API key: refused from its next request on') },
      '/webhooks/moodle/{connectionId}': { post: { ...op('Results pushed by the Moodle plugin, signed Standard-Webhooks style (no API key)'), security: [] } },
    },
  }
}
