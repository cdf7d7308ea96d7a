// A document template (a "document template": the credentials mail in the institute's house
// style) and the variables it may use. The variable catalogue is the single list that validation, the
// admin UI's "insert variable" menu and the preview all read, so a variable exists in all or in none.
import { z } from 'zod'
import type { Language } from '../domain/language.ts'

export const builtInTemplateKeys = ['new-account', 'course-access', 'access-ended'] as const
export type BuiltInTemplateKey = (typeof builtInTemplateKeys)[number]

// Length caps: a subject longer than ~200 characters is cut by every client; Gmail clips HTML bodies
// past ~102 KB, so 100 000 characters is already generous for a mail that holds a login.
export const templateLimits = { key: 64, name: 200, subject: 300, html: 100_000, text: 50_000 } as const

export const documentTemplateSchema = z
  .strictObject({
    key: z
      .string()
      .min(1)
      .max(templateLimits.key)
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case words joined by hyphens, e.g. new-account'),
    name: z.string().trim().min(1).max(templateLimits.name),
    subject: z.string().min(1).max(templateLimits.subject),
    html: z.string().min(1).max(templateLimits.html),
    text: z.string().min(1).max(templateLimits.text),
    /** Custom templates only: this template is used for new accounts and shows the password. */
    carriesPassword: z.boolean().optional(),
  })
  .superRefine((template, ctx) => {
    // The built-in keys fix the answer: new accounts always get the password, the others never.
    if (template.key === 'new-account' && template.carriesPassword === false) {
      ctx.addIssue({ code: 'custom', path: ['carriesPassword'], message: 'the new-account template always carries the password' })
    }
    if ((template.key === 'course-access' || template.key === 'access-ended') && template.carriesPassword === true) {
      ctx.addIssue({ code: 'custom', path: ['carriesPassword'], message: `the ${template.key} template never carries a password` })
    }
  })

export type DocumentTemplate = z.infer<typeof documentTemplateSchema>

/** Whether a template may (and must) show `login.password`. */
export function carriesPassword(template: Pick<DocumentTemplate, 'key' | 'carriesPassword'>): boolean {
  return template.key === 'new-account' || template.carriesPassword === true
}

export const templateParts = ['subject', 'html', 'text'] as const
export type TemplatePart = (typeof templateParts)[number]

/**
 * The institute's house style. Colours and the logo go into style attributes and <img src>, where
 * HTML escaping alone does not stop CSS or URL tricks, so they are validated here, at the edge.
 */
export const houseStyleSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  logoUrl: z.url({ protocol: /^https?$/ }).max(2000).nullable(),
  primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1a5276'),
  accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #f39c12'),
  footer: z.string().max(2000),
  supportEmail: z.email().max(254),
})
export type HouseStyle = z.infer<typeof houseStyleSchema>

/** Everything a template can refer to. Built by the mail job from the registration; trusted inside. */
export interface MailContext {
  login: {
    /** The login name in the LMS. */
    name: string
    /** Only for templates that carry the password (new-account); the renderer drops it for all others. */
    password?: string
    /** The LMS login page. */
    url: string
  }
  person: {
    firstName: string
    /** Dutch/German name prefix ("van der"); '' when there is none. */
    namePrefix: string
    lastName: string
    /** First name, prefix and last name joined with single spaces. */
    fullName: string
    email: string
    /** "Dear Ms", "Dear Mr" or the like, when the TMS keeps one; templates test it with {% if %}. */
    salutation?: string | null
  }
  course: {
    name: string
    code: string
    /** Calendar dates, ISO 'YYYY-MM-DD', or null when the course has no fixed period. */
    startDate: string | null
    endDate: string | null
  }
  institute: HouseStyle
  lms: {
    name: 'Moodle' | 'ILIAS'
    url: string
  }
  /**
   * Not a template variable: how the date filter writes dates (month names in this language, times in
   * this time zone). Without it, English and UTC.
   */
  regional?: { language: Language; timeZone: string }
}

export interface TemplateVariable {
  description: string
  /** The value is a secret: allowed only in templates that carry the password, never in the subject. */
  secret?: true
}

/** Every variable path a template may use, with what it holds (shown in the admin UI). */
export const templateVariables = {
  'login.name': { description: 'Login name in the LMS' },
  'login.password': { description: 'Initial password (new-account templates only)', secret: true },
  'login.url': { description: 'The LMS login page' },
  'person.firstName': { description: 'First name' },
  'person.namePrefix': { description: 'Name prefix such as "van der"; empty when none' },
  'person.lastName': { description: 'Last name' },
  'person.fullName': { description: 'First name, prefix and last name' },
  'person.email': { description: 'E-mail address the mail goes to' },
  'person.salutation': { description: 'Salutation such as "Dear Ms"; may be empty, test with {% if %}' },
  'course.name': { description: 'Course name' },
  'course.code': { description: 'Course code in the training administration' },
  'course.startDate': { description: 'First day (YYYY-MM-DD); may be empty' },
  'course.endDate': { description: 'Last day (YYYY-MM-DD); may be empty' },
  'institute.name': { description: 'Name of the institute' },
  'institute.logoUrl': { description: 'Logo address; may be empty' },
  'institute.primaryColor': { description: 'House-style main colour (#rrggbb)' },
  'institute.accentColor': { description: 'House-style accent colour (#rrggbb)' },
  'institute.footer': { description: 'Footer text (address, legal lines)' },
  'institute.supportEmail': { description: 'Where participants ask for help' },
  'lms.name': { description: 'Moodle or ILIAS' },
  'lms.url': { description: 'Home page of the LMS' },
} as const satisfies Record<string, TemplateVariable>

export type TemplateVariablePath = keyof typeof templateVariables

/** A complete context with believable values, for the admin UI's preview and for save-time validation. */
export function sampleMailContext(): MailContext {
  return {
    login: { name: 'anna.vanderberg', password: 'Sample-Pw7kQ', url: 'https://learn.example.org/login/index.php' },
    person: {
      firstName: 'Anna',
      namePrefix: 'van der',
      lastName: 'Berg',
      fullName: 'Anna van der Berg',
      email: 'anna.vanderberg@example.org',
      salutation: 'Dear Ms',
    },
    course: { name: 'Project Management Foundations', code: 'PM-101', startDate: '2025-09-01', endDate: '2025-11-30' },
    institute: {
      name: 'Example Training Institute',
      logoUrl: 'https://www.example.org/logo.png',
      primaryColor: '#1a5276',
      accentColor: '#f39c12',
      footer: 'Example Training Institute · Main Street 1 · 1234 AB Utrecht',
      supportEmail: 'support@example.org',
    },
    lms: { name: 'Moodle', url: 'https://learn.example.org' },
  }
}
