// A PHP 7.4 compatibility lint for the Moodle plugin: Moodle 4.1 sites run PHP 7.4–8.1, so the plugin may
// use nothing newer than PHP 7.4. `php -l` of the PHP on this machine (8.x) accepts PHP 8 syntax, so it
// proves nothing here. Two layers:
// 1. php-parser (glayzzle) set to PHP 7.4 refuses what it knows as newer syntax (match, ?->, named
//    arguments, throw expressions, attributes, enums, first-class callables, catch without a variable);
// 2. a walk over its syntax tree flags what that parser still accepts at 7.4 (union, mixed, static and
//    never types, promoted constructor parameters, readonly, new in initialisers) and calls to functions
//    and classes PHP 8 added.
import { Engine } from 'php-parser'

export interface Php74Problem {
  file: string
  line: number | null
  problem: string
}

/** Functions and classes that PHP 8.0–8.3 added (those a plugin like this one could plausibly reach for). */
const php8Functions = new Set([
  'str_contains', 'str_starts_with', 'str_ends_with', 'get_debug_type', 'get_resource_id', 'fdiv', 'preg_last_error_msg',
  'array_is_list', 'enum_exists', 'json_validate', 'mb_str_pad', 'str_increment', 'str_decrement', 'array_find', 'array_any', 'array_all',
])
const php8Classes = new Set(['valueerror', 'unhandledmatcherror', 'stringable', 'weakmap', 'attribute', 'returntypewillchange', 'fiber',
  'sensitiveparameter', 'override'])
const php8Types = new Set(['mixed', 'never', 'static', 'null', 'false', 'true'])

interface Node {
  kind: string
  loc?: { start: { line: number } } | null
  [key: string]: unknown
}

const isNode = (v: unknown): v is Node => !!v && typeof v === 'object' && typeof (v as Node).kind === 'string'

function lastName(name: unknown): string {
  return typeof name === 'string' ? name.replace(/^\\/, '').split('\\').pop()!.toLowerCase() : ''
}

export function php74Problems(source: string, file: string): Php74Problem[] {
  const engine = new Engine({ parser: { php7: true, version: '7.4', suppressErrors: false, extractDoc: false }, ast: { withPositions: true } })
  let ast: Node
  try {
    ast = engine.parseCode(source, file) as unknown as Node
  } catch (error) {
    const e = error as { message?: string; lineNumber?: number }
    return [{ file, line: e.lineNumber ?? null, problem: `not PHP 7.4: ${e.message ?? String(error)}` }]
  }
  const problems: Php74Problem[] = []
  const flag = (node: Node, problem: string) => problems.push({ file, line: node.loc?.start.line ?? null, problem })
  const checkType = (node: Node, type: unknown, where: string) => {
    if (!isNode(type)) return
    if (type.kind === 'uniontype' || type.kind === 'intersectiontype') flag(node, `${type.kind === 'uniontype' ? 'union' : 'intersection'} type in ${where} (PHP 8)`)
    else if (type.kind === 'typereference' && php8Types.has(String(type['name']).toLowerCase())) {
      flag(node, `type "${String(type['name'])}" in ${where} (PHP 8)`)
    }
  }
  const walk = (node: Node) => {
    switch (node.kind) {
      case 'function': case 'method': case 'closure': case 'arrowfunc':
        checkType(node, node['type'], 'a return type')
        break
      case 'parameter':
        checkType(node, node['type'], 'a parameter')
        if (typeof node['flags'] === 'number' && node['flags'] !== 0) flag(node, 'promoted constructor parameter (PHP 8)')
        if (node['readonly'] === true) flag(node, 'readonly parameter (PHP 8.1)')
        if (isNode(node['value']) && node['value'].kind === 'new') flag(node, 'new in an initialiser (PHP 8.1)')
        break
      case 'property':
        checkType(node, node['type'], 'a property')
        if (node['readonly'] === true) flag(node, 'readonly property (PHP 8.1)')
        break
      case 'class':
        if (node['isReadonly'] === true) flag(node, 'readonly class (PHP 8.2)')
        break
      case 'call': {
        const what = node['what']
        if (isNode(what) && what.kind === 'name' && php8Functions.has(lastName(what['name']))) flag(node, `${lastName(what['name'])}() (PHP 8)`)
        break
      }
      case 'name':
        if (php8Classes.has(lastName(node['name']))) flag(node, `class ${String(node['name'])} (PHP 8)`)
        break
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'loc') continue
      if (Array.isArray(value)) for (const v of value) { if (isNode(v)) walk(v) }
      else if (isNode(value)) walk(value)
    }
  }
  walk(ast)
  return problems
}
