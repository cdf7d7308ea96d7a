// coursebridge Service Center: small enhancements on top of pages that work without them.
// - connection form: show only the fields of the chosen type
// - field mapping: the live login-name example follows every change
// - templates: the live preview follows every change
// - import: the chosen file is read into the textarea
// - tables: each cell carries its column's heading, which phones show beside the value (cards)
'use strict'

const csrf = () => document.querySelector('main')?.dataset.csrf ?? ''

function debounce(fn, ms) {
  let t
  return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms) }
}

async function post(url, fields) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': csrf() },
    body: new URLSearchParams(fields),
    credentials: 'same-origin',
  })
  return res
}

function connectionForm(form) {
  const type = form.elements.namedItem('type')
  const update = () => {
    for (const fs of form.querySelectorAll('[data-for-type]')) {
      const on = fs.dataset.forType === type.value
      fs.hidden = !on
      fs.disabled = !on
    }
    const base = form.elements.namedItem('baseUrl')
    if (base) base.closest('.field').hidden = type.value === 'sandbox'
  }
  type.addEventListener('change', update)
  update()
}

function mappingForm(form) {
  const inputs = document.querySelector('[data-example-inputs]')
  const output = document.querySelector('[data-example-output]')
  if (!inputs || !output) return
  const refresh = debounce(async () => {
    const fields = new FormData(form)
    for (const el of inputs.querySelectorAll('input')) fields.set(el.name, el.value)
    fields.delete('_csrf')
    const res = await post(form.dataset.exampleUrl, fields)
    if (res.ok) output.innerHTML = (await res.json()).html
  }, 150)
  form.addEventListener('input', refresh)
  form.addEventListener('change', refresh)
  inputs.addEventListener('input', refresh)
}

function templateForm(form) {
  const output = document.querySelector('[data-preview-output]')
  if (!output) return
  const refresh = debounce(async () => {
    const fields = new FormData(form)
    fields.delete('_csrf')
    const res = await post(form.dataset.previewUrl, fields)
    if (res.ok) output.innerHTML = await res.text()
  }, 300)
  form.addEventListener('input', refresh)
  form.addEventListener('change', refresh)
}

function labelCells(table) {
  const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim())
  if (heads.length === 0) return
  for (const row of table.querySelectorAll('tbody tr')) {
    let col = 0
    for (const cell of row.children) {
      if (heads[col] && !cell.hasAttribute('data-label')) cell.setAttribute('data-label', heads[col])
      col += cell.colSpan || 1
    }
  }
  table.classList.add('labelled')
}

// import: the chosen CSV file is read into the form's textarea (and its name kept), so an ordinary form posts it.
function fileIntoField(input) {
  input.addEventListener('change', async () => {
    const file = input.files?.[0]
    if (!file) return
    document.getElementById(input.dataset.fills).value = await file.text()
    const name = document.getElementById(input.dataset.nameField)
    if (name) name.value = file.name
  })
}

document.addEventListener('DOMContentLoaded', () => {
  for (const t of document.querySelectorAll('table')) labelCells(t)
  for (const i of document.querySelectorAll('input[type=file][data-fills]')) fileIntoField(i)
  for (const f of document.querySelectorAll('[data-connection-form]')) connectionForm(f)
  for (const f of document.querySelectorAll('[data-mapping-form]')) mappingForm(f)
  for (const f of document.querySelectorAll('[data-template-form]')) templateForm(f)
})
