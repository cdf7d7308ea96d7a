// check_password_policy() of lib/moodlelib.php with the site's policy settings (Moodle defaults:
// length 8, 1 digit, 1 lower, 1 upper, 1 non-alphanumeric). Returns the HTML error text, '' when fine.
// user_create_user() throws it as `new moodle_exception($errmsg)`: errorcode = the HTML, message
// "error/<HTML>" because no such string exists (recorded: core_user_create_users.weak-password).
import type { SimSettings } from './state.ts'

const count = (s: string, re: RegExp): number => (s.match(re) ?? []).length

export function passwordPolicyErrors(settings: SimSettings, password: string): string {
  if (!settings.passwordpolicy) return ''
  let err = ''
  if ([...password].length < settings.minpasswordlength) {
    err += `<div>Passwords must be at least ${settings.minpasswordlength} characters long.</div>`
  }
  if (count(password, /\p{Nd}/gu) < settings.minpassworddigits) {
    err += `<div>Passwords must have at least ${settings.minpassworddigits} digit(s).</div>`
  }
  if (count(password, /\p{Ll}/gu) < settings.minpasswordlower) {
    err += `<div>Passwords must have at least ${settings.minpasswordlower} lower case letter(s).</div>`
  }
  if (count(password, /\p{Lu}/gu) < settings.minpasswordupper) {
    err += `<div>Passwords must have at least ${settings.minpasswordupper} upper case letter(s).</div>`
  }
  if (count(password, /[^\p{Lu}\p{Ll}\p{Nd}]/gu) < settings.minpasswordnonalphanum) {
    err += `<div>The password must have at least ${settings.minpasswordnonalphanum} special character(s) such as *, -, or #.</div>`
  }
  return err
}
