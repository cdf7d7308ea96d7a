// $CFG->debugsmtp: PHPMailer's SMTPDebug output, which Moodle's mailer echoes straight into the answer
// (webservice/rest/server.php suppresses debugging() but not echo). Recorded for the "new user account"
// mail that core_user_create_users sends for createpassword=1 (round-3/core_user_create_users.
// debugsmtp-output-before-json): the transcript, the generated password included, comes before the JSON.
import { randomBytes, randomInt } from 'node:crypto'
import type { CallContext } from './call-context.ts'
import type { SimUser } from './state.ts'

const pad = '                   \t                  '

function stamp(now: number): string {
  return new Date(now * 1000).toISOString().slice(0, 19).replace('T', ' ')
}

/** RFC 2822 date as PHPMailer writes it ("Thu, 3 Dec 2026 08:39:26 +0000"). */
function rfcDate(now: number): string {
  const d = new Date(now * 1000)
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()]
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]
  return `${day}, ${d.getUTCDate()} ${month} ${d.getUTCFullYear()} ${stamp(now).slice(11)} +0000`
}

/** generate_password() with the default policy: 10 characters, at least one of each class. */
export function generatedPassword(): string {
  const sets = ['abcdefghijkmnopqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '?_!#*']
  const all = sets.join('')
  const chars = sets.map((s) => s[randomInt(s.length)]!)
  while (chars.length < 10) chars.push(all[randomInt(all.length)]!)
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1)
    ;[chars[i], chars[j]] = [chars[j]!, chars[i]!]
  }
  return chars.join('')
}

/** The echoed transcript of setnew_password_and_mail() for one new user. */
export function newUserMailTranscript(ctx: CallContext, user: SimUser, password: string): string {
  const { settings } = ctx.state
  const t = stamp(ctx.now)
  const client = (line: string) => `${t}\tCLIENT -> SERVER:${line === '' ? '' : ` ${line}`}`
  const server = (line: string) => `${t}\tSERVER -> CLIENT: ${line}`
  const host = new URL(ctx.siteUrl).hostname
  const body = [
    `Hi ${user.firstname},`, '', `An account has been created for you at '${settings.sitename}'.`, '',
    `username: ${user.username}`, `password: ${password}`, '',
    '(You will be prompted to change your password when you log in for the first', 'time.)', '',
    `To start using '${settings.sitename}', log in at`, `${ctx.siteUrl}/login/?lang=${user.lang}`, '',
    'If you need help, contact the site administrator,', '', 'Admin User', '', '__Contact site support [1]', '', '',
    'Links:', '------', `[1] ${ctx.siteUrl}/user/contactsitesupport.php`, '', '.',
  ]
  const lines = [
    `${t}\tConnection: opening to ${settings.smtphosts}, timeout=300, options=array()`,
    `${t}\tConnection: opened`,
    server('220 vm ESMTP'),
    client(`EHLO ${host}`),
    server('250-vm Nice to meet you, runsc'),
    `${pad}250-PIPELINING`, `${pad}250-8BITMIME`, `${pad}250-SMTPUTF8`, `${pad}250 AUTH LOGIN PLAIN`,
    client(`MAIL FROM:<${settings.noreplyaddress}>`), server('250 Accepted'),
    client(`RCPT TO:<${user.email}>`), server('250 Accepted'),
    client('DATA'), server('354 End data with <CR><LF>.<CR><LF>'),
    client(`Date: ${rfcDate(ctx.now)}`),
    client(`To: "${user.firstname} ${user.lastname}" <${user.email}>`),
    client(`From: "Admin User  (via ${settings.siteshortname})" <${settings.noreplyaddress}>`),
    client(`Reply-To: "Do not reply to this email" <${settings.noreplyaddress}>`),
    client(`Subject: ${settings.sitename}: New user account`),
    client(`Message-ID: <${randomBytes(7).toString('hex')}.${randomInt(10_000_000, 99_999_999)}@${host}>`),
    client('X-Mailer: PHPMailer 6.9.1 (https://github.com/PHPMailer/PHPMailer)'),
    client('MIME-Version: 1.0'), client('Content-Type: text/plain; charset=UTF-8'), client(''), client(''),
    ...body.map(client),
    server('250 OK: message queued'), client('QUIT'), server('221 Bye'), `${t}\tConnection: closed`,
  ]
  return `<pre>\n${lines.join('\n')}\n</pre>`
}
