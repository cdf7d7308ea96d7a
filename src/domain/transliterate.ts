// Turns names into plain ASCII letters for login names. Moodle refuses (not cleans) a username with
// diacritics (contracts/moodle core_user_create_users.username-diacritics), ILIAS's ilUtil::isLogin()
// allows ASCII only, and administrators expect such characters to be filtered out.
//
// Unicode NFKD splits most accented letters into base letter + combining mark (é → e + ◌́), and we drop
// the marks. Some letters are letters of their own and do not decompose (ø, ß, æ, ł, đ, þ ...); they
// get the usual Latin transcription from the table below.

const ownLetters: Readonly<Record<string, string>> = {
  ß: 'ss', ẞ: 'SS',
  æ: 'ae', Æ: 'AE',
  œ: 'oe', Œ: 'OE',
  ø: 'o', Ø: 'O',
  ł: 'l', Ł: 'L',
  đ: 'd', Đ: 'D',
  ð: 'd', Ð: 'D',
  þ: 'th', Þ: 'Th',
  ı: 'i',
  ħ: 'h', Ħ: 'H',
  ŧ: 't', Ŧ: 'T',
  ŋ: 'n', Ŋ: 'N',
  ĸ: 'k',
  ſ: 's',
  ƒ: 'f',
  ɖ: 'd', Ɖ: 'D',
  ə: 'e', Ə: 'E',
  // Typographic apostrophes and dashes that names copied from documents carry.
  '\u2019': "'", '\u2018': "'", '\u2010': '-', '\u2011': '-', '\u2013': '-', '\u2014': '-',
}

const combiningMarks = /\p{M}/gu

/** Replaces diacritics and special Latin letters by ASCII; other characters stay as they are. Case is kept. */
export function transliterate(text: string): string {
  const decomposed = text.normalize('NFKD').replace(combiningMarks, '')
  let out = ''
  for (const ch of decomposed) out += ownLetters[ch] ?? ch
  return out
}
