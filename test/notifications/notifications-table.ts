// Prints the README's "Notifications" section from the catalogue, or with --write replaces it in
// README.md: node --import tsx test/notifications/notifications-table.ts --write
import { readFileSync, writeFileSync } from 'node:fs'
import { catalogue } from '../../src/notifications/catalogue.ts'

export function notificationsSection(): string {
  const rows = Object.entries(catalogue()).sort(([a], [b]) => a.localeCompare(b))
    .map(([code, entry]) => `| \`${code}\` | ${entry.title} |`)
  return [
    '## Notifications',
    '',
    'Every problem coursebridge reports has a stable code: in notifications, in the step log of a registration and in',
    'API errors. The Service Center shows each with its cause and the fix; the full texts are in',
    '`src/notifications/catalogue.ts` (generated table below; `test/notifications/catalogue.test.ts` keeps it complete).',
    '',
    '| Code | Title |',
    '|---|---|',
    ...rows,
    '',
  ].join('\n')
}

if (process.argv[1]?.endsWith('notifications-table.ts')) {
  const section = notificationsSection()
  if (!process.argv.includes('--write')) process.stdout.write(section)
  else {
    const readme = readFileSync('README.md', 'utf8')
    const start = readme.indexOf('## Notifications\n')
    const next = start < 0 ? -1 : readme.indexOf('\n## ', start + 1)
    const updated = start < 0 ? `${readme.trimEnd()}\n\n${section}`
      : `${readme.slice(0, start)}${section}${next < 0 ? '' : readme.slice(next + 1)}`
    writeFileSync('README.md', updated)
  }
}
