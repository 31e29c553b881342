import * as z from 'zod';
import { Language } from './localized-text.ts';
import { CitizenNotificationStep } from './outbox-intent.ts';
import { MAX_SMS_SEGMENTS, measureSms, type SmsMeasure } from './sms-encoding.ts';
import { TenantId } from './tenant.ts';

/*
 * Citizen notification templates: the default Turkish and English texts per event
 * and channel, tenant overrides, and a renderer with safe variable substitution.
 * Pure: the worker supplies the values, the admin screen the overrides.
 *
 * Safety rules:
 * - a template may name only the variables below, and only those its event has
 *   (a "routed" message has no public answer yet): checked when a template is saved;
 * - rendering substitutes in ONE pass over the parsed template, so a value that
 *   contains `{{…}}` is inserted literally and never read as template syntax;
 * - a variable without a value fails the render with a typed error: a citizen never
 *   receives "Başvurunuz {{trackingNo}}";
 * - the HTML part of an e-mail escapes every value (and the template's own text).
 */

/** What a citizen is told about: the steps of their case, and the satisfaction survey (sent later). */
export const NotificationEvent = z.enum([...CitizenNotificationStep.options, 'survey']);
export type NotificationEvent = z.infer<typeof NotificationEvent>;

/** Channels that have a written template. A call-back reads the SMS text as the agent's script. */
export const TemplateChannel = z.enum(['sms', 'email']);
export type TemplateChannel = z.infer<typeof TemplateChannel>;

export const TEMPLATE_VARIABLES = [
  'trackingNo',
  'workType',
  'organisation',
  'publicAnswer',
  'trackLink',
  'surveyLink',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateValues = Partial<Record<TemplateVariable, string>>;

const ALWAYS: readonly TemplateVariable[] = ['trackingNo', 'workType', 'organisation', 'trackLink'];

/** The variables each event can fill: an answer exists only once there is a result, a survey link only for the survey. */
export const EVENT_VARIABLES: Readonly<Record<NotificationEvent, readonly TemplateVariable[]>> = {
  routed: ALWAYS,
  accepted: ALWAYS,
  on_hold: ALWAYS,
  resolved: [...ALWAYS, 'publicAnswer'],
  closed: [...ALWAYS, 'publicAnswer'],
  reopened: ALWAYS,
  survey: [...ALWAYS, 'surveyLink'],
};

/** Variables whose values are links: the HTML part makes them clickable. */
const LINK_VARIABLES: ReadonlySet<TemplateVariable> = new Set(['trackLink', 'surveyLink']);

type Token = { kind: 'text'; text: string } | { kind: 'variable'; name: TemplateVariable };

/** A template that cannot be saved: each problem names a validation message key. */
export class TemplateSyntaxError extends Error {
  override name = 'TemplateSyntaxError';
  constructor(readonly problems: { key: TemplateProblemKey; detail?: string }[]) {
    super(problems.map((p) => (p.detail ? `${p.key}: ${p.detail}` : p.key)).join('; '));
  }
}

/** A render that would deliver a broken message: the variables that had no value. */
export class TemplateRenderError extends Error {
  override name = 'TemplateRenderError';
  constructor(readonly missing: TemplateVariable[]) {
    super(`template variables without a value: ${missing.join(', ')}`);
  }
}

/** An SMS that would exceed {@link MAX_SMS_SEGMENTS} even with its answer shortened: refused, never sent in pieces. */
export class SmsTooLongError extends Error {
  override name = 'SmsTooLongError';
  constructor(readonly segments: number) {
    super(`SMS needs ${segments} segments, more than ${MAX_SMS_SEGMENTS}`);
  }
}

export type TemplateProblemKey =
  | 'template.syntax'
  | 'template.unknown-variable'
  | 'template.variable-unavailable'
  | 'template.subject-required'
  | 'template.subject-not-allowed'
  | 'template.sms-too-long';

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/**
 * Splits a template into text and variables. Braces that do not form a placeholder
 * (`{{`, `}}` left over, `{{ 1x }}`) are a syntax error rather than literal text, so
 * an admin's typo is caught on save instead of reaching a citizen.
 */
export function parseTemplate(source: string): Token[] {
  const tokens: Token[] = [];
  const problems: { key: TemplateProblemKey; detail?: string }[] = [];
  let last = 0;
  for (const match of source.matchAll(PLACEHOLDER)) {
    const text = source.slice(last, match.index);
    if (text) tokens.push({ kind: 'text', text });
    const name = match[1] ?? '';
    if ((TEMPLATE_VARIABLES as readonly string[]).includes(name)) {
      tokens.push({ kind: 'variable', name: name as TemplateVariable });
    } else {
      problems.push({ key: 'template.unknown-variable', detail: name });
    }
    last = match.index + match[0].length;
  }
  const rest = source.slice(last);
  if (rest) tokens.push({ kind: 'text', text: rest });
  for (const t of tokens) {
    if (t.kind === 'text' && (t.text.includes('{{') || t.text.includes('}}'))) {
      problems.push({ key: 'template.syntax', detail: t.text.trim().slice(0, 40) });
    }
  }
  if (problems.length) throw new TemplateSyntaxError(problems);
  return tokens;
}

/** The variables a template uses, in order of first appearance. */
export function templateVariables(source: string): TemplateVariable[] {
  const names = parseTemplate(source).flatMap((t) => (t.kind === 'variable' ? [t.name] : []));
  return [...new Set(names)];
}

function substitute(
  tokens: Token[],
  values: TemplateValues,
  encode: (value: string, name?: TemplateVariable) => string,
): string {
  const missing = [
    ...new Set(
      tokens.flatMap((t) =>
        t.kind === 'variable' && (values[t.name] === undefined || values[t.name] === '') ? [t.name] : [],
      ),
    ),
  ];
  if (missing.length) throw new TemplateRenderError(missing);
  return tokens
    .map((t) => (t.kind === 'text' ? encode(t.text) : encode(values[t.name] as string, t.name)))
    .join('');
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Renders a plain-text template. Throws {@link TemplateRenderError} when a used variable has no value. */
export function renderText(source: string, values: TemplateValues): string {
  return substitute(parseTemplate(source), values, (v) => v);
}

/**
 * Renders the HTML part of an e-mail: every piece of text escaped, paragraphs from
 * blank lines, line breaks kept, links (only our own track and survey links, and only
 * http(s)) clickable.
 */
export function renderHtml(source: string, values: TemplateValues): string {
  const body = substitute(parseTemplate(source), values, (v, name) => {
    if (name && LINK_VARIABLES.has(name) && /^https?:\/\//.test(v)) {
      return `<a href="${escapeHtml(v)}">${escapeHtml(v)}</a>`;
    }
    return escapeHtml(v);
  });
  const paragraphs = body
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replaceAll('\n', '<br>')}</p>`)
    .join('\n');
  return `<!doctype html><html><body>${paragraphs}</body></html>`;
}

/**
 * A notification template: a default (no `tenantId`) or a tenant's override of one
 * event, channel and language. E-mails have a subject; SMS texts do not, and must fit
 * {@link MAX_SMS_SEGMENTS} segments with typical values.
 */
export const NotificationTemplate = z
  .object({
    tenantId: TenantId.optional(),
    event: NotificationEvent,
    channel: TemplateChannel,
    language: Language,
    subject: z.string().trim().min(1).max(200).optional(),
    body: z.string().trim().min(1).max(4000),
  })
  .strict()
  .superRefine((t, ctx) => {
    for (const problem of templateProblems(t)) {
      ctx.addIssue({
        code: 'custom',
        path: [problem.field],
        message: problem.key,
        ...(problem.detail ? { params: { detail: problem.detail } } : {}),
      });
    }
  });
export type NotificationTemplate = z.infer<typeof NotificationTemplate>;

/** Everything wrong with a template, for the schema and for an editor's live check. */
export function templateProblems(t: {
  event: NotificationEvent;
  channel: TemplateChannel;
  language: Language;
  subject?: string | undefined;
  body: string;
}): { field: 'subject' | 'body'; key: TemplateProblemKey; detail?: string }[] {
  const problems: { field: 'subject' | 'body'; key: TemplateProblemKey; detail?: string }[] = [];
  if (t.channel === 'email' && !t.subject)
    problems.push({ field: 'subject', key: 'template.subject-required' });
  if (t.channel === 'sms' && t.subject)
    problems.push({ field: 'subject', key: 'template.subject-not-allowed' });
  const allowed = EVENT_VARIABLES[t.event];
  let bodyParsed = true;
  for (const field of ['subject', 'body'] as const) {
    const source = t[field];
    if (!source) continue;
    try {
      for (const name of templateVariables(source)) {
        if (!allowed.includes(name))
          problems.push({ field, key: 'template.variable-unavailable', detail: name });
      }
    } catch (err) {
      if (!(err instanceof TemplateSyntaxError)) throw err;
      if (field === 'body') bodyParsed = false;
      problems.push(...err.problems.map((p) => ({ field, ...p })));
    }
  }
  if (t.channel === 'sms' && bodyParsed && !problems.some((p) => p.field === 'body')) {
    const measure = measureSms(renderText(t.body, sampleValues(t.event, t.language)));
    if (measure.segments > MAX_SMS_SEGMENTS) {
      problems.push({ field: 'body', key: 'template.sms-too-long', detail: String(measure.segments) });
    }
  }
  return problems;
}

/**
 * Typical values, for previews and the SMS length check: a real tracking number's
 * length, a long Turkish work type and organisation, an answer of a typical length
 * and production-length links. Turkish letters included, so the check counts the
 * Turkish shift table.
 */
export function sampleValues(event: NotificationEvent, language: Language): TemplateValues {
  const all: Record<TemplateVariable, string> = {
    trackingNo: '4827-3915-0266',
    workType: language === 'tr' ? 'Yol çukuru (mahalle sokağı)' : 'Pothole (local street)',
    organisation: 'Karesi Belediyesi Fen İşleri Müdürlüğü',
    publicAnswer:
      language === 'tr'
        ? 'Ekiplerimiz çukuru asfaltla kapattı. İlginiz için teşekkür ederiz.'
        : 'Our crew filled the pothole with asphalt. Thank you for reporting it.',
    trackLink: `https://kentmasasi.balikesir.bel.tr/${language === 'en' ? 'en/' : ''}takip?no=482739150266`,
    surveyLink: 'https://kentmasasi.balikesir.bel.tr/anket?t=Zx8pQ2vN7LmR4sT1',
  };
  return Object.fromEntries(EVENT_VARIABLES[event].map((v) => [v, all[v]]));
}

type DefaultTexts = { sms: string; subject: string; email: string };

const TR_SIGNATURE = '\n\nBu ileti bilgilendirme amaçlıdır; yanıtlamayınız.';
const EN_SIGNATURE = '\n\nThis is an automated notice; please do not reply.';

/** The default texts: short SMS (one or two segments with Turkish letters), fuller e-mails. */
const DEFAULTS: Record<NotificationEvent, Record<Language, DefaultTexts>> = {
  routed: {
    tr: {
      sms: '{{trackingNo}} no.lu başvurunuz ({{workType}}) {{organisation}} birimine iletildi. Takip: {{trackLink}}',
      subject: 'Başvurunuz {{trackingNo}} ilgili birime iletildi',
      email: `Sayın başvuru sahibi,\n\n{{trackingNo}} numaralı "{{workType}}" başvurunuz {{organisation}} birimine iletildi.\n\nBaşvurunuzu buradan takip edebilirsiniz: {{trackLink}}${TR_SIGNATURE}`,
    },
    en: {
      sms: 'Your request {{trackingNo}} ({{workType}}) was passed to {{organisation}}. Track it: {{trackLink}}',
      subject: 'Your request {{trackingNo}} was passed to the responsible unit',
      email: `Dear applicant,\n\nYour request {{trackingNo}} ("{{workType}}") was passed to {{organisation}}.\n\nYou can follow it here: {{trackLink}}${EN_SIGNATURE}`,
    },
  },
  accepted: {
    tr: {
      sms: '{{trackingNo}} no.lu başvurunuz {{organisation}} tarafından ele alındı. Takip: {{trackLink}}',
      subject: 'Başvurunuz {{trackingNo}} ele alındı',
      email: `Sayın başvuru sahibi,\n\n{{trackingNo}} numaralı "{{workType}}" başvurunuz {{organisation}} tarafından kabul edildi ve çalışma planına alındı.\n\nTakip: {{trackLink}}${TR_SIGNATURE}`,
    },
    en: {
      sms: 'Your request {{trackingNo}} was accepted by {{organisation}}. Track it: {{trackLink}}',
      subject: 'Your request {{trackingNo}} was accepted',
      email: `Dear applicant,\n\nYour request {{trackingNo}} ("{{workType}}") was accepted by {{organisation}} and scheduled for work.\n\nTrack it: {{trackLink}}${EN_SIGNATURE}`,
    },
  },
  on_hold: {
    tr: {
      sms: '{{trackingNo}} no.lu başvurunuz geçici olarak beklemeye alındı. Ayrıntı: {{trackLink}}',
      subject: 'Başvurunuz {{trackingNo}} beklemede',
      email: `Sayın başvuru sahibi,\n\n{{trackingNo}} numaralı "{{workType}}" başvurunuz {{organisation}} tarafından geçici olarak beklemeye alındı. Bekleme nedeni ve öngörülen tarih takip sayfasındadır: {{trackLink}}${TR_SIGNATURE}`,
    },
    en: {
      sms: 'Your request {{trackingNo}} is temporarily on hold. Details: {{trackLink}}',
      subject: 'Your request {{trackingNo}} is on hold',
      email: `Dear applicant,\n\nYour request {{trackingNo}} ("{{workType}}") was put on hold by {{organisation}} for now. The reason and the expected date are on the tracking page: {{trackLink}}${EN_SIGNATURE}`,
    },
  },
  resolved: {
    tr: {
      sms: '{{trackingNo}} no.lu başvurunuz sonuçlandı: {{publicAnswer}} Ayrıntı: {{trackLink}}',
      subject: 'Başvurunuz {{trackingNo}} sonuçlandı',
      email: `Sayın başvuru sahibi,\n\n{{trackingNo}} numaralı "{{workType}}" başvurunuz {{organisation}} tarafından sonuçlandırıldı.\n\n{{publicAnswer}}\n\nAyrıntılar: {{trackLink}}${TR_SIGNATURE}`,
    },
    en: {
      sms: 'Your request {{trackingNo}} has a result: {{publicAnswer}} Details: {{trackLink}}',
      subject: 'Your request {{trackingNo}} has a result',
      email: `Dear applicant,\n\n{{organisation}} has concluded your request {{trackingNo}} ("{{workType}}").\n\n{{publicAnswer}}\n\nDetails: {{trackLink}}${EN_SIGNATURE}`,
    },
  },
  closed: {
    tr: {
      sms: '{{trackingNo}} no.lu başvurunuz kapatıldı: {{publicAnswer}} Ayrıntı: {{trackLink}}',
      subject: 'Başvurunuz {{trackingNo}} kapatıldı',
      email: `Sayın başvuru sahibi,\n\n{{trackingNo}} numaralı "{{workType}}" başvurunuz kapatıldı.\n\n{{publicAnswer}}\n\nAyrıntılar: {{trackLink}}${TR_SIGNATURE}`,
    },
    en: {
      sms: 'Your request {{trackingNo}} was closed: {{publicAnswer}} Details: {{trackLink}}',
      subject: 'Your request {{trackingNo}} was closed',
      email: `Dear applicant,\n\nYour request {{trackingNo}} ("{{workType}}") was closed.\n\n{{publicAnswer}}\n\nDetails: {{trackLink}}${EN_SIGNATURE}`,
    },
  },
  reopened: {
    tr: {
      sms: '{{trackingNo}} no.lu başvurunuz yeniden açıldı ve tekrar incelenecek. Takip: {{trackLink}}',
      subject: 'Başvurunuz {{trackingNo}} yeniden açıldı',
      email: `Sayın başvuru sahibi,\n\n{{trackingNo}} numaralı "{{workType}}" başvurunuz yeniden açıldı ve tekrar incelenecek.\n\nTakip: {{trackLink}}${TR_SIGNATURE}`,
    },
    en: {
      sms: 'Your request {{trackingNo}} was reopened and will be reviewed again. Track it: {{trackLink}}',
      subject: 'Your request {{trackingNo}} was reopened',
      email: `Dear applicant,\n\nYour request {{trackingNo}} ("{{workType}}") was reopened and will be reviewed again.\n\nTrack it: {{trackLink}}${EN_SIGNATURE}`,
    },
  },
  survey: {
    tr: {
      sms: '{{trackingNo}} no.lu başvurunuzla ilgili görüşünüz bizim için önemli. 1 dakikalık anket: {{surveyLink}}',
      subject: 'Başvurunuz {{trackingNo}} hakkında görüşünüz',
      email: `Sayın başvuru sahibi,\n\n{{trackingNo}} numaralı "{{workType}}" başvurunuz sonuçlandı. Hizmetimizi geliştirmek için bir dakikanızı ayırıp kısa anketimizi yanıtlar mısınız?\n\n{{surveyLink}}${TR_SIGNATURE}`,
    },
    en: {
      sms: 'Your opinion on request {{trackingNo}} matters to us. A one-minute survey: {{surveyLink}}',
      subject: 'Your opinion on request {{trackingNo}}',
      email: `Dear applicant,\n\nYour request {{trackingNo}} ("{{workType}}") has been concluded. Would you take a minute to answer our short survey and help us improve?\n\n{{surveyLink}}${EN_SIGNATURE}`,
    },
  },
};

/** The built-in template of an event, channel and language. */
export function defaultTemplate(
  event: NotificationEvent,
  channel: TemplateChannel,
  language: Language,
): NotificationTemplate {
  const texts = DEFAULTS[event][language];
  return channel === 'sms'
    ? { event, channel, language, body: texts.sms }
    : { event, channel, language, subject: texts.subject, body: texts.email };
}

/** Every built-in template, for tests and the admin screen's "reset to default". */
export function defaultTemplates(): NotificationTemplate[] {
  return NotificationEvent.options.flatMap((event) =>
    TemplateChannel.options.flatMap((channel) =>
      Language.options.map((language) => defaultTemplate(event, channel, language)),
    ),
  );
}

/**
 * The template to use: the tenant's own override, else a city-wide override (no
 * `tenantId`), else the built-in default. Overrides come from the tenant settings.
 */
export function resolveTemplate(
  overrides: readonly NotificationTemplate[],
  tenantId: string | undefined,
  event: NotificationEvent,
  channel: TemplateChannel,
  language: Language,
): NotificationTemplate {
  const matches = (t: NotificationTemplate) =>
    t.event === event && t.channel === channel && t.language === language;
  return (
    (tenantId ? overrides.find((t) => matches(t) && t.tenantId === tenantId) : undefined) ??
    overrides.find((t) => matches(t) && t.tenantId === undefined) ??
    defaultTemplate(event, channel, language)
  );
}

/** A message ready for a provider. */
export interface RenderedMessage {
  channel: TemplateChannel;
  language: Language;
  /** E-mail only. */
  subject?: string;
  /** The SMS text, or the e-mail's plain-text part. */
  text: string;
  /** E-mail only: the escaped HTML part. */
  html?: string;
  /** SMS only: alphabet and segments. */
  sms?: SmsMeasure;
}

const ELLIPSIS = '…';

/**
 * Renders a template with real values. SMS: when the text would exceed
 * {@link MAX_SMS_SEGMENTS}, the public answer (the one long, free-text value) is
 * shortened with an ellipsis until it fits; the full answer is behind the track link.
 * Throws {@link TemplateRenderError} for missing values, and {@link SmsTooLongError}
 * when even a shortened answer does not fit (a template the length check should have
 * refused, or very long names).
 */
export function renderTemplate(template: NotificationTemplate, values: TemplateValues): RenderedMessage {
  if (template.channel === 'email') {
    const subject = renderText(template.subject ?? '', values).replaceAll(/[\r\n]+/g, ' ');
    return {
      channel: 'email',
      language: template.language,
      subject,
      text: renderText(template.body, values),
      html: renderHtml(template.body, values),
    };
  }
  let text = renderText(template.body, values);
  let sms = measureSms(text);
  const answer = values.publicAnswer;
  if (
    sms.segments > MAX_SMS_SEGMENTS &&
    answer &&
    templateVariables(template.body).includes('publicAnswer')
  ) {
    // Shrink the answer by binary search on its length: few renders, the longest text that fits.
    const chars = [...answer];
    let lo = 0;
    let hi = chars.length - 1;
    let best: { text: string; sms: SmsMeasure } | undefined;
    while (lo <= hi) {
      const mid = Math.floor((lo + hi) / 2);
      const shortened = `${chars.slice(0, mid).join('').trimEnd()}${ELLIPSIS}`;
      const candidate = renderText(template.body, { ...values, publicAnswer: shortened });
      const measure = measureSms(candidate);
      if (measure.segments <= MAX_SMS_SEGMENTS) {
        best = { text: candidate, sms: measure };
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (best) ({ text, sms } = best);
  }
  if (sms.segments > MAX_SMS_SEGMENTS) throw new SmsTooLongError(sms.segments);
  return { channel: 'sms', language: template.language, text, sms };
}

/** The admin screen's preview: a template rendered with sample (or given) values. */
export function previewTemplate(
  template: NotificationTemplate,
  values: TemplateValues = sampleValues(template.event, template.language),
): RenderedMessage {
  return renderTemplate(template, values);
}
