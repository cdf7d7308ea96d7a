import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { parse } from 'csv-parse/sync'
import { csvCell, csvLine, csvStream } from './csv.ts'

describe('CSV export cells', () => {
  it('quotes a cell with a comma, a quote or a line break, doubling the quotes', () => {
    assert.equal(csvCell('plain'), 'plain')
    assert.equal(csvCell('Berg, Zoë'), '"Berg, Zoë"')
    assert.equal(csvCell('de "Vries"'), '"de ""Vries"""')
    assert.equal(csvCell('two\nlines'), '"two\nlines"')
  })

  it('turns a cell a spreadsheet would run as a formula into text (= + - @, tab, carriage return)', () => {
    for (const s of ['=SUM(A1:A9)', '+31 20 123', '-2+3', '@cmd', '\t=1', '\r=1']) assert.equal(csvCell(s).replace(/^"|"$/g, '')[0], "'", s)
    assert.equal(csvCell("=HYPERLINK(\"http://x\",\"y\")"), '"\'=HYPERLINK(""http://x"",""y"")"')
    assert.equal(csvCell('a=b'), 'a=b', 'only at the start')
  })

  it('writes empty cells for nothing, ISO times for dates, yes/no for booleans', () => {
    assert.equal(csvLine([null, undefined, new Date('2026-12-03T10:00:00Z'), true, false, 42]), ',,2026-12-03T10:00:00.000Z,yes,no,42\r\n')
  })

  it('streams a header and every chunk, which a CSV reader reads back cell for cell', async () => {
    async function* chunks() {
      yield [{ a: '=1+1', b: 'x, "y"' }]
      yield [{ a: 'ü', b: 'line\nbreak' }]
    }
    let text = ''
    for await (const part of csvStream([{ header: 'A', value: (r: { a: string }) => r.a }, { header: 'B', value: (r: { b: string }) => r.b }], chunks())) text += part
    assert.ok(text.startsWith('\uFEFF'), 'a byte-order mark for spreadsheet programs')
    assert.deepEqual(parse(text, { bom: true }), [['A', 'B'], ["'=1+1", 'x, "y"'], ['ü', 'line\nbreak']])
  })
})
