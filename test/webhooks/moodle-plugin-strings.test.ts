// Every language string the Moodle plugin asks for must exist in lang/en (a missing one shows as
// [[key]] in Moodle, or fails the privacy API check). Static check, no php needed.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const pluginDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../moodle-plugin/local_coursebridge')

function phpFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return phpFiles(path)
    return name.endsWith('.php') ? [path] : []
  })
}

describe('Moodle plugin language strings', () => {
  const langFile = readFileSync(join(pluginDir, 'lang/en/local_coursebridge.php'), 'utf8')
  const defined = [...langFile.matchAll(/^\$string\['([^']+)'\]\s*=/gm)].map((m) => m[1]!)

  it('defines each string once, in alphabetical order (Moodle style)', () => {
    assert.equal(new Set(defined).size, defined.length)
    assert.deepEqual(defined, [...defined].sort())
    assert.ok(defined.includes('pluginname'))
  })

  it('defines every string the code uses', () => {
    const used = new Map<string, string>()
    for (const file of phpFiles(pluginDir)) {
      if (file.includes(`${join('lang', 'en')}`)) continue
      const source = readFileSync(file, 'utf8')
      const patterns = [
        /(?:get_string|lang_string|moodle_exception)\(\s*'([^']+)'\s*,\s*'local_coursebridge'/g,
        /'(privacy:metadata[^']*)'/g,
      ]
      for (const pattern of patterns) {
        for (const m of source.matchAll(pattern)) used.set(m[1]!, relative(pluginDir, file))
      }
    }
    assert.ok(used.size > 10, 'the scan found the string uses')
    const missing = [...used].filter(([key]) => !defined.includes(key)).map(([key, file]) => `${key} (${file})`)
    assert.deepEqual(missing, [])
  })
})
