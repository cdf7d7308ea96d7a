// CSV import in the Service Center: the file of `coursebridge import` (same reader, same row checks, same
// apply path: src/import/import-upload.ts), first as a dry run that lists the rows accepted and refused with
// their line numbers and reasons, then "apply", which imports exactly the file the dry run checked.
//
// Why no multipart upload: @fastify/multipart is not a dependency, and an import file is text. The page
// reads the chosen file into a textarea (app.js; without script, paste it) and posts an ordinary form, which
// the Service Center's form parser, CSRF check and Origin check already cover. The routes here take a
// larger body than other forms (uploadLimitBytes of CSV, URL-encoded). The dry run's page carries the file
// on to "apply" (base64, so no byte changes on the way) with an HMAC under the session's form token: apply
// runs only the bytes that were checked.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { html, type Html } from '../html.ts'
import { csrfField, uiBase } from '../layout.ts'
import { textArea } from '../form-fields.ts'
import { formOf, i18nOf, sendPage, sessionOf, type PageI18n, type UiDeps } from '../ui-context.ts'
import { importUpload, uploadLimitBytes, type UploadOutcome } from '../../import/import-upload.ts'
import { ImportFileError } from '../../import/import-file-error.ts'
import { recordedMessage } from '../notification-text.ts'

/** URL-encoding may triple a CSV's size; base64 adds a third. */
const routeBodyLimit = uploadLimitBytes * 4
const maxNameLength = 200

const proofOf = (csrfToken: string, sha256: string) => createHmac('sha256', csrfToken).update(sha256).digest('hex')

/** 2, 3, 4, 7 → "2–4, 7". */
export function lineRanges(lines: number[]): string {
  const out: string[] = []
  for (let i = 0; i < lines.length;) {
    let j = i
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++
    out.push(i === j ? String(lines[i]) : `${lines[i]}–${lines[j]}`)
    i = j + 1
  }
  return out.join(', ')
}

function uploadForm(i18n: PageI18n, csrfToken: string, o: { csv?: string; fileName?: string; error?: string } = {}): Html {
  const { t } = i18n
  return html`<section aria-labelledby="upload-h" class="panel">
  <h2 id="upload-h">${t('import.check')}</h2>
  <form method="post" action="${uiBase}/import/check" class="stack">
    ${csrfField(csrfToken)}
    <div class="field">
      <label for="f-file">${t('import.file')}</label>
      <input id="f-file" type="file" accept=".csv,text/csv,text/plain" data-fills="f-csv" data-name-field="f-fileName" aria-describedby="f-file-hint">
      <span class="hint" id="f-file-hint">${t('import.fileHint')}</span>
    </div>
    <input type="hidden" id="f-fileName" name="fileName" value="${o.fileName ?? ''}">
    ${textArea({ label: t('import.content'), name: 'csv', value: o.csv ?? '', rows: 10, hint: t('import.contentHint'), errors: o.error ? { csv: o.error } : undefined })}
    <button type="submit" class="primary">${t('import.checkButton')}</button>
  </form>
</section>`
}

// The reasons are the import's own English sentences (the same as `coursebridge import` writes to its report);
// on a Dutch or German page they are marked as English, as recorded messages are.
function refusedTable(i18n: PageI18n, outcome: UploadOutcome): Html {
  const { t } = i18n
  if (outcome.refused.length === 0) return html``
  return html`<div class="table-wrap"><table data-import="refused">
  <caption>${t('import.refusedCaption')}</caption>
  <thead><tr><th scope="col">${t('import.col.line')}</th><th scope="col">${t('import.col.column')}</th><th scope="col">${t('import.col.reason')}</th></tr></thead>
  <tbody>${outcome.refused.map((r) => html`<tr data-line="${r.line}"><td>${r.line}</td><td><code>${r.column}</code></td><td>${recordedMessage(i18n, r.message)}</td></tr>`)}</tbody>
</table></div>`
}

export function importRoutes(ui: FastifyInstance, { ctx }: UiDeps) {
  const title = (i18n: PageI18n) => i18n.t('import.title')
  const intro = (i18n: PageI18n) => html`<h1>${title(i18n)}</h1><p class="hint">${i18n.t('import.hint')}</p>`

  function showForm(request: FastifyRequest, reply: FastifyReply, o: { csv?: string; fileName?: string; error?: string; status?: number } = {}) {
    const i18n = i18nOf(request)
    return sendPage(request, reply, {
      title: title(i18n), current: 'import', status: o.status,
      body: html`${intro(i18n)}${uploadForm(i18n, sessionOf(request).csrfToken, o)}`,
    })
  }

  /** A file the import cannot read (encoding, quoting, header, size): refused at the field, logged once. */
  function fileRefused(request: FastifyRequest, reply: FastifyReply, err: unknown, csv: string, fileName: string) {
    if (!(err instanceof ImportFileError)) throw err
    request.log.warn({ code: 'IMPORT_FILE_INVALID', adminUserId: sessionOf(request).adminUserId }, `import file refused: ${err.message}`)
    return showForm(request, reply, { csv: csv.length <= uploadLimitBytes ? csv : '', fileName, error: err.message, status: 422 })
  }

  const nameOf = (f: Record<string, string>) => (f.fileName ?? '').trim().slice(0, maxNameLength) || 'import.csv'

  ui.get('/import', async (request, reply) => showForm(request, reply))

  ui.post('/import/check', { bodyLimit: routeBodyLimit }, async (request, reply) => {
    const { tenantId, csrfToken } = sessionOf(request)
    const f = formOf(request)
    const csv = f.csv ?? ''
    const fileName = nameOf(f)
    const bytes = Buffer.from(csv, 'utf8')
    let outcome: UploadOutcome
    try {
      outcome = await importUpload(ctx, tenantId, fileName, bytes, { dryRun: true })
    } catch (err) {
      return fileRefused(request, reply, err, csv, fileName)
    }
    const i18n = i18nOf(request)
    const { t } = i18n
    const s = outcome.summary
    const body = html`<p class="breadcrumb"><a href="${uiBase}/import">${title(i18n)}</a></p>
<h1>${t('import.dryRunTitle', { file: fileName })}</h1>
<p data-import="summary">${t('import.dryRunSummary', { applied: s.applied, refused: s.refused, total: s.totalRows })}</p>
${outcome.accepted.length > 0 ? html`<p data-import="accepted">${t('import.acceptedLines', { lines: lineRanges(outcome.accepted) })}</p>` : ''}
${refusedTable(i18n, outcome)}
${s.applied > 0 ? html`<form method="post" action="${uiBase}/import/apply" class="actions">
  ${csrfField(csrfToken)}
  <input type="hidden" name="fileName" value="${fileName}">
  <input type="hidden" name="csv64" value="${bytes.toString('base64')}">
  <input type="hidden" name="proof" value="${proofOf(csrfToken, s.sha256)}">
  <button type="submit" class="primary">${i18n.tn('import.apply', s.applied)}</button>
  <a href="${uiBase}/import">${t('import.another')}</a>
</form>
<p class="hint">${t('import.applyHint')}</p>` : html`<p><a class="button-link" href="${uiBase}/import">${t('import.another')}</a></p>`}`
    return sendPage(request, reply, { title: t('import.dryRunTitle', { file: fileName }), current: 'import', body })
  })

  ui.post('/import/apply', { bodyLimit: routeBodyLimit }, async (request, reply) => {
    const { tenantId, csrfToken, adminUserId } = sessionOf(request)
    const f = formOf(request)
    const fileName = nameOf(f)
    const bytes = Buffer.from(f.csv64 ?? '', 'base64')
    const { t } = i18nOf(request)
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    const expected = Buffer.from(proofOf(csrfToken, sha256))
    const given = Buffer.from(String(f.proof ?? ''))
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      request.log.warn({ code: 'IMPORT_FILE_CHANGED', adminUserId }, 'import not applied: the file is not the one its dry run checked')
      return showForm(request, reply, { fileName, error: t('import.changed'), status: 422 })
    }
    let outcome: UploadOutcome
    try {
      outcome = await importUpload(ctx, tenantId, fileName, bytes, { dryRun: false })
    } catch (err) {
      return fileRefused(request, reply, err, '', fileName)
    }
    const i18n = i18nOf(request)
    const s = outcome.summary
    request.log.info({ adminUserId, file: fileName, applied: s.applied, refused: s.refused }, 'import applied from the Service Center')
    const body = html`<p class="breadcrumb"><a href="${uiBase}/import">${title(i18n)}</a></p>
<h1>${t('import.doneTitle', { file: fileName })}</h1>
<p class="notice" role="status" data-import="summary">${t('import.doneSummary', { applied: s.applied, refused: s.refused, total: s.totalRows })}</p>
${refusedTable(i18n, outcome)}
<p><a class="button-link" href="${uiBase}/registrations">${t('nav.registrations')}</a> <a class="button-link" href="${uiBase}/import">${t('import.another')}</a></p>`
    return sendPage(request, reply, { title: t('import.doneTitle', { file: fileName }), current: 'import', body })
  })
}
