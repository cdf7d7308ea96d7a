// Gender as the TMS sends it, kept in one of three values. Training systems spell it in many ways
// (m/f, male/female, M/F, German w/weiblich, Dutch v/vrouw, d/x for diverse), so the accepted spellings
// are listed here once; anything else is refused at the edge with the list, never guessed.
// Each LMS adapter maps the three values to what it stores: ILIAS stores lowercase "m" and "f" only
// (5.x refuses anything else, even "M"); a diverse person is sent without gender.
import { z } from 'zod'

export const genders = ['female', 'male', 'diverse'] as const
export type Gender = (typeof genders)[number]

const spellings: Record<string, Gender> = {
  f: 'female', female: 'female', w: 'female', woman: 'female', weiblich: 'female', v: 'female', vrouw: 'female', mrs: 'female', ms: 'female',
  m: 'male', male: 'male', man: 'male', männlich: 'male', maennlich: 'male', mannlich: 'male', mr: 'male',
  d: 'diverse', diverse: 'diverse', divers: 'diverse', x: 'diverse', n: 'diverse', neutral: 'diverse', other: 'diverse', o: 'diverse',
  'non-binary': 'diverse', nonbinary: 'diverse',
}

/** The spellings a training system may send, for messages and the README. */
export const genderSpellings: Readonly<Record<string, Gender>> = spellings

export const genderSchema = z.string().trim().transform((value, ctx): Gender => {
  const gender = spellings[value.toLowerCase().replace(/\.$/, '')]
  if (gender) return gender
  ctx.addIssue({
    code: 'custom',
    message: `unknown gender "${value.slice(0, 20)}": use female (f, w, v), male (m) or diverse (d, x); leave it out when unknown`,
  })
  return z.NEVER
})
