// The Moodle plugin uses nothing newer than PHP 7.4 (Moodle 4.1 sites run PHP 7.4–8.1): every .php file of
// moodle-plugin/local_coursebridge passes the PHP 7.4 lint, and the lint itself catches what PHP 8 added.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { php74Problems } from './php74-lint.ts'

const pluginDir = fileURLToPath(new URL('../../moodle-plugin/local_coursebridge/', import.meta.url))

function phpFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? phpFiles(path) : name.endsWith('.php') ? [path] : []
  })
}

describe('Moodle plugin PHP 7.4 compatibility', () => {
  const files = phpFiles(pluginDir)

  it('finds the plugin\'s PHP files', () => assert.ok(files.length >= 10, `only ${files.length} files`))

  for (const file of files) {
    it(`${file.slice(pluginDir.length)} uses nothing newer than PHP 7.4`, () => {
      assert.deepEqual(php74Problems(readFileSync(file, 'utf8'), file), [])
    })
  }

  it('states the supported Moodle versions (4.1 to 5.0) and requires 4.1 in version.php', () => {
    const version = readFileSync(join(pluginDir, 'version.php'), 'utf8')
    assert.match(version, /\$plugin->requires\s*=\s*2022112800;/)
    assert.match(version, /\$plugin->supported\s*=\s*\[401,\s*500\];/)
  })
})

describe('the PHP 7.4 lint itself', () => {
  const newer: Record<string, string> = {
    'match': '$x = match($a) { 1 => 2, default => 3 };',
    'nullsafe operator': '$x = $a?->b;',
    'named argument': 'f(a: 1);',
    'throw expression': '$x = $a ?? throw new Exception();',
    'enum': 'enum E { case A; }',
    'first-class callable': '$f = strlen(...);',
    'catch without variable': 'try {} catch (Exception) {}',
    'union type': 'function f(int|string $a) {}',
    'mixed type': 'function f(mixed $a) {}',
    'static return type': 'class A { function f(): static { return $this; } }',
    'never return type': 'function f(): never { exit; }',
    'promoted constructor parameter': 'class A { function __construct(private int $a) {} }',
    'readonly property': 'class A { public readonly int $a; }',
    'new in initialiser': 'function f($a = new A()) {}',
    'str_contains()': 'if (str_contains($a, "b")) {}',
    'str_starts_with() fully qualified': 'if (\\str_starts_with($a, "b")) {}',
    'ValueError': 'try {} catch (\\ValueError $e) {}',
  }
  for (const [what, code] of Object.entries(newer)) {
    it(`refuses ${what}`, () => assert.ok(php74Problems(`<?php\n${code}\n`, 'sample.php').length > 0, what))
  }

  it('accepts what PHP 7.4 has: arrow functions, typed properties, ??=, nullable and scalar types, spread', () => {
    const code = '<?php\nclass A { private ?int $a = null; public function f(?string $s, int ...$n): ?array { $g = fn($x) => $x + 1; ' +
      '$this->a ??= 1; return [...$n]; } }\n'
    assert.deepEqual(php74Problems(code, 'ok.php'), [])
  })
})
