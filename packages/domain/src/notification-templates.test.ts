import { describe, expect, it } from 'vitest';
import {
  defaultTemplate,
  defaultTemplates,
  EVENT_VARIABLES,
  NotificationTemplate,
  previewTemplate,
  renderHtml,
  renderTemplate,
  renderText,
  resolveTemplate,
  SmsTooLongError,
  sampleValues,
  TemplateRenderError,
  TemplateSyntaxError,
  templateProblems,
} from './notification-templates.ts';
import { MAX_SMS_SEGMENTS } from './sms-encoding.ts';

const values = {
  trackingNo: '4827-3915-0266',
  workType: 'Yol çukuru',
  organisation: 'Karesi Belediyesi',
  trackLink: 'https://kent.example/takip?no=482739150266',
  publicAnswer: 'Çukur kapatıldı.',
};

describe('rendering', () => {
  it('substitutes variables, with or without spaces inside the braces', () => {
    expect(renderText('No {{trackingNo}} / {{ workType }}', values)).toBe('No 4827-3915-0266 / Yol çukuru');
  });

  it('never reads a value as template syntax', () => {
    const sneaky = { ...values, publicAnswer: 'Bakınız {{trackLink}} ve {{ unknown }}' };
    expect(renderText('Sonuç: {{publicAnswer}}', sneaky)).toBe(
      'Sonuç: Bakınız {{trackLink}} ve {{ unknown }}',
    );
  });

  it('a missing value fails the render visibly, naming the variables', () => {
    const { publicAnswer: _omit, ...without } = values;
    const attempt = () => renderText('{{trackingNo}}: {{publicAnswer}}', without);
    expect(attempt).toThrow(TemplateRenderError);
    try {
      attempt();
    } catch (err) {
      expect((err as TemplateRenderError).missing).toEqual(['publicAnswer']);
    }
    expect(() => renderText('{{publicAnswer}}', { ...values, publicAnswer: '' })).toThrow(
      TemplateRenderError,
    );
  });

  it('unknown variables and stray braces are syntax errors', () => {
    expect(() => renderText('{{phone}}', values)).toThrow(TemplateSyntaxError);
    expect(() => renderText('{{trackingNo}', values)).toThrow(TemplateSyntaxError);
    expect(() => renderText('a }} b', values)).toThrow(TemplateSyntaxError);
  });

  it('the HTML part escapes values and the template text, and links only our http(s) links', () => {
    const html = renderHtml('<b>{{publicAnswer}}</b>\n\n{{trackLink}}', {
      ...values,
      publicAnswer: '<script>alert("x")</script> & \'q\'',
    });
    expect(html).toContain(
      '&lt;b&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;&lt;/b&gt;',
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('<a href="https://kent.example/takip?no=482739150266">');
    const js = renderHtml('{{trackLink}}', { ...values, trackLink: 'javascript:alert(1)' });
    expect(js).not.toContain('<a ');
  });

  it('e-mail subjects are one line even if a value has line breaks', () => {
    const t = defaultTemplate('routed', 'email', 'tr');
    const m = renderTemplate(t, { ...values, trackingNo: '1\n2' });
    expect(m.subject).not.toMatch(/\n/);
    expect(m.html).toContain('<p>');
  });
});

describe('the built-in templates', () => {
  it('exist for every event, channel and language, and pass their own validation', () => {
    const all = defaultTemplates();
    expect(all).toHaveLength(7 * 2 * 2);
    for (const t of all)
      expect(NotificationTemplate.safeParse(t).success, `${t.event} ${t.channel} ${t.language}`).toBe(true);
  });

  it('Turkish SMS defaults fit two segments with sample values (Turkish shift counted)', () => {
    for (const t of defaultTemplates().filter((x) => x.channel === 'sms')) {
      const m = previewTemplate(t);
      expect(m.sms?.segments, `${t.event} ${t.language}`).toBeLessThanOrEqual(2);
      if (t.language === 'tr') expect(m.sms?.encoding).toBe('gsm7-turkish');
    }
  });

  it('a long public answer is shortened with an ellipsis to fit the SMS limit', () => {
    const t = defaultTemplate('resolved', 'sms', 'tr');
    const m = renderTemplate(t, { ...values, publicAnswer: 'Çalışma tamamlandı. '.repeat(60) });
    expect(m.sms?.segments).toBe(MAX_SMS_SEGMENTS);
    expect(m.text).toContain('…');
    expect(m.text.endsWith(values.trackLink)).toBe(true);
  });

  it('an SMS that cannot fit even with a shortened answer is refused', () => {
    const t = { ...defaultTemplate('routed', 'sms', 'tr') };
    expect(() => renderTemplate(t, { ...values, organisation: 'ş'.repeat(400) })).toThrow(SmsTooLongError);
  });
});

describe('template validation (tenant overrides)', () => {
  const base = { event: 'routed', channel: 'sms', language: 'tr' } as const;

  it('rejects unknown variables, variables the event lacks, and syntax errors', () => {
    expect(templateProblems({ ...base, body: 'x {{phone}}' }).map((p) => p.key)).toEqual([
      'template.unknown-variable',
    ]);
    expect(templateProblems({ ...base, body: '{{publicAnswer}}' }).map((p) => p.key)).toEqual([
      'template.variable-unavailable',
    ]);
    expect(templateProblems({ ...base, body: '{{ trackingNo' }).map((p) => p.key)).toEqual([
      'template.syntax',
    ]);
    expect(templateProblems({ ...base, event: 'survey', body: '{{surveyLink}}' })).toEqual([]);
  });

  it('e-mails need a subject, SMS may not have one', () => {
    expect(templateProblems({ ...base, channel: 'email', body: 'x' }).map((p) => p.key)).toEqual([
      'template.subject-required',
    ]);
    expect(templateProblems({ ...base, subject: 's', body: 'x' }).map((p) => p.key)).toEqual([
      'template.subject-not-allowed',
    ]);
  });

  it('an SMS longer than three segments with sample values is refused', () => {
    const body = `{{trackingNo}} ${'ğ'.repeat(230)}`;
    expect(templateProblems({ ...base, body }).map((p) => p.key)).toEqual(['template.sms-too-long']);
    const parsed = NotificationTemplate.safeParse({ ...base, body });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('template.sms-too-long');
  });

  it('sample values cover exactly the variables each event has', () => {
    for (const [event, vars] of Object.entries(EVENT_VARIABLES)) {
      expect(Object.keys(sampleValues(event as keyof typeof EVENT_VARIABLES, 'tr')).sort()).toEqual(
        [...vars].sort(),
      );
    }
  });
});

describe('resolving the template to use', () => {
  const mine = NotificationTemplate.parse({
    tenantId: 'balikesir-karesi',
    event: 'resolved',
    channel: 'sms',
    language: 'tr',
    body: 'Karesi: {{trackingNo}} tamam. {{trackLink}}',
  });
  const cityWide = NotificationTemplate.parse({
    event: 'resolved',
    channel: 'sms',
    language: 'tr',
    body: 'Şehir: {{trackingNo}} tamam. {{trackLink}}',
  });

  it("the tenant's own override wins, then a city-wide one, then the default", () => {
    expect(resolveTemplate([cityWide, mine], 'balikesir-karesi', 'resolved', 'sms', 'tr')).toBe(mine);
    expect(resolveTemplate([cityWide, mine], 'balikesir-altieylul', 'resolved', 'sms', 'tr')).toBe(cityWide);
    expect(resolveTemplate([mine], 'balikesir-altieylul', 'resolved', 'sms', 'tr')).toEqual(
      defaultTemplate('resolved', 'sms', 'tr'),
    );
    expect(resolveTemplate([mine], 'balikesir-karesi', 'resolved', 'sms', 'en')).toEqual(
      defaultTemplate('resolved', 'sms', 'en'),
    );
  });
});
