// ILIAS login names: ilUtil::isLogin() — non-empty, at least 3 characters, only
// A-Z a-z 0-9 _ . + * @ ! $ % ~ - (regex ^[A-Za-z0-9_\.\+\*\@!\$\%\~\-]+$), case kept.
// Uniqueness and lookups are case-insensitive (contracts/ilias/README.md §6).
import type { LoginNameRules as LoginNameRulesShape } from '../lms-adapter.ts'

export const LoginNameRules: LoginNameRulesShape = {
  /** One allowed character. */
  allowed: /[A-Za-z0-9_.+*@!$%~-]/,
  lowercase: false,
  minLength: 3,
  // usr_data.login is varchar(80) in ILIAS 5.1 (wider later); 80 fits every release.
  maxLength: 80,
}

const wholeLogin = /^[A-Za-z0-9_.+*@!$%~-]+$/

/** True when ILIAS's own isLogin() would accept the name (the import parser does not check it). */
export function isIliasLogin(name: string): boolean {
  return name.length >= LoginNameRules.minLength && name.length <= LoginNameRules.maxLength && wholeLogin.test(name)
}
