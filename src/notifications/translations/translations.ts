// The Dutch and German renderings of the notification catalogue (../catalogue.ts), one file per language and
// source catalogue. The catalogue test fails on a code that has no rendering, or a rendering of no code.
import type { CatalogueEntry } from '../catalogue.ts'
import nlCore from './nl-core.ts'
import nlMoodle from './nl-moodle.ts'
import nlIlias from './nl-ilias.ts'
import nlOther from './nl-other.ts'
import deCore from './de-core.ts'
import deMoodle from './de-moodle.ts'
import deIlias from './de-ilias.ts'
import deOther from './de-other.ts'

export type Renderings = Record<string, CatalogueEntry>

export const catalogueTranslations: Record<'nl' | 'de', Renderings> = {
  nl: { ...nlMoodle, ...nlIlias, ...nlOther, ...nlCore },
  de: { ...deMoodle, ...deIlias, ...deOther, ...deCore },
}
