import { describe, expect, it } from 'vitest';
import { CaseStatus, ResultCode } from './case.ts';
import {
  inboundUpdateStatus,
  normaliseOpen311Text,
  OPEN311_EXTENDED_STATUSES,
  open311DateWindow,
  open311Errors,
  open311ExtendedStatus,
  open311Status,
  parseOpen311Segment,
  parseW3cDateTime,
  serialiseOpen311,
  w3cDateTime,
} from './open311.ts';

describe('Open311 resources', () => {
  it('splits a resource segment into its name and format, and knows only XML and JSON', () => {
    expect(parseOpen311Segment('requests.xml')).toEqual({ name: 'requests', format: 'xml' });
    expect(parseOpen311Segment('ROAD-POTHOLE-LOCAL.json')).toEqual({
      name: 'ROAD-POTHOLE-LOCAL',
      format: 'json',
    });
    expect(parseOpen311Segment('requests')).toBeUndefined();
    expect(parseOpen311Segment('requests.csv')).toBeUndefined();
    expect(parseOpen311Segment('.xml')).toBeUndefined();
    expect(parseOpen311Segment(undefined)).toBeUndefined();
  });
});

describe('status mapping', () => {
  it('is open until resolved, closed or cancelled', () => {
    const closed = CaseStatus.options.filter((s) => open311Status(s) === 'closed');
    expect(closed.sort()).toEqual(['CANCELLED', 'CLOSED', 'RESOLVED']);
  });

  it('maps every workflow status and every result code to an extended status', () => {
    for (const status of CaseStatus.options) {
      for (const code of [undefined, ...ResultCode.options]) {
        expect(OPEN311_EXTENDED_STATUSES).toContain(open311ExtendedStatus(status, code));
      }
    }
    expect(open311ExtendedStatus('NEW')).toBe('OPEN');
    expect(open311ExtendedStatus('ROUTED')).toBe('OPEN');
    expect(open311ExtendedStatus('ACCEPTED')).toBe('INVESTIGATING');
    expect(open311ExtendedStatus('ASSIGNED')).toBe('IN_PROGRESS');
    expect(open311ExtendedStatus('ON_HOLD')).toBe('ACTION_SCHEDULED');
    expect(open311ExtendedStatus('RESOLVED', 'RESOLVED')).toBe('FIXED');
    expect(open311ExtendedStatus('CLOSED', 'SCHEDULED')).toBe('ACTION_SCHEDULED');
    expect(open311ExtendedStatus('CLOSED', 'DUPLICATE')).toBe('DUPLICATE');
    expect(open311ExtendedStatus('CLOSED', 'REFERRED_EXTERNAL')).toBe('NOT_COUNCILS_RESPONSIBILITY');
    expect(open311ExtendedStatus('CLOSED', 'NOT_OUR_AUTHORITY')).toBe('NOT_COUNCILS_RESPONSIBILITY');
    expect(open311ExtendedStatus('CLOSED', 'REFERRED_INTERNAL')).toBe('INTERNAL_REFERRAL');
    expect(open311ExtendedStatus('CLOSED', 'INFO_GIVEN')).toBe('NO_FURTHER_ACTION');
    expect(open311ExtendedStatus('CLOSED', 'WITHDRAWN')).toBe('CLOSED');
    expect(open311ExtendedStatus('CANCELLED')).toBe('CLOSED');
    // Old data: a closed case without a result.
    expect(open311ExtendedStatus('CLOSED')).toBe('CLOSED');
  });

  it('reads the statuses clients post, in any case, and refuses the unknown', () => {
    expect(inboundUpdateStatus('fixed')).toEqual({ status: 'FIXED', reopenRequested: false });
    expect(inboundUpdateStatus('REOPEN')).toEqual({ status: 'REOPEN', reopenRequested: true });
    expect(inboundUpdateStatus(undefined)).toEqual({ status: 'OPEN', reopenRequested: false });
    expect(inboundUpdateStatus('MAYBE')).toBeUndefined();
  });
});

describe('text and time', () => {
  it('normalises CRLF and lone CR to LF', () => {
    expect(normaliseOpen311Text('title: a\r\n\r\ndetail: b\rc\n')).toBe('title: a\n\ndetail: b\nc');
  });

  it('writes W3C datetimes to the second in UTC and reads them with or without a zone offset', () => {
    expect(w3cDateTime('2026-12-07T09:30:12.345Z')).toBe('2026-12-07T09:30:12Z');
    expect(parseW3cDateTime('2026-12-07T12:30:00+03:00')?.toISOString()).toBe('2026-12-07T09:30:00.000Z');
    expect(parseW3cDateTime('2026-12-07')?.toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(parseW3cDateTime('2026-12-07T12:30:00')).toBeUndefined();
    expect(parseW3cDateTime('yesterday')).toBeUndefined();
  });

  it('defaults to the last 90 days and refuses wider or reversed windows', () => {
    const now = new Date('2026-12-07T00:00:00Z');
    const whole = open311DateWindow({}, now);
    expect(whole).toEqual({ start: new Date('2026-09-08T00:00:00Z'), end: now });
    expect(open311DateWindow({ start: '2026-12-01T00:00:00Z' }, now)).toEqual({
      start: new Date('2026-12-01T00:00:00Z'),
      end: now,
    });
    expect(open311DateWindow({ start: '2026-01-01T00:00:00Z', end: '2026-06-01T00:00:00Z' }, now)).toEqual({
      error: 'range',
    });
    expect(open311DateWindow({ start: '2026-12-02', end: '2026-12-01' }, now)).toEqual({ error: 'range' });
    expect(open311DateWindow({ end: 'soon' }, now)).toEqual({ error: 'end_date' });
  });
});

describe('serialisation', () => {
  it('writes lists with the spec’s item elements, and escapes text', () => {
    const xml = serialiseOpen311('xml', 'services', [
      { service_code: 'A', service_name: 'Çukur <derin> & "tehlikeli"', metadata: true },
    ]);
    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8"?><services><service><service_code>A</service_code>' +
        '<service_name>Çukur &lt;derin&gt; &amp; &quot;tehlikeli&quot;</service_name><metadata>true</metadata></service></services>',
    );
    expect(serialiseOpen311('json', 'services', [{ service_code: 'A' }])).toBe('[{"service_code":"A"}]');
  });

  it('nests attributes, values and discovery formats, and writes empty and null as empty elements', () => {
    const xml = serialiseOpen311('xml', 'service_definition', {
      service_code: 'A',
      attributes: [{ code: 'depth', values: [{ key: 'deep', name: 'Derin' }], datatype_description: '' }],
    });
    expect(xml).toContain(
      '<attributes><attribute><code>depth</code><values><value><key>deep</key><name>Derin</name></value></values>' +
        '<datatype_description></datatype_description></attribute></attributes>',
    );
    expect(serialiseOpen311('xml', 'discovery', { endpoints: [{ formats: ['text/xml'] }] })).toContain(
      '<formats><format>text/xml</format></formats>',
    );
    expect(serialiseOpen311('xml', 'service_requests', [{ account_id: null }])).toContain(
      '<account_id></account_id>',
    );
  });

  it('drops characters XML cannot carry, keeping tabs, line ends and astral characters', () => {
    const xml = serialiseOpen311('xml', 'x', 'a\u0000b\u0008c\td\ne\uFFFEf\uD800g 🚧');
    expect(xml).toContain('<x>abc\td\nefg 🚧</x>');
  });

  it('writes errors as the spec shows them', () => {
    expect(open311Errors('xml', [{ code: 403, description: 'api_key is invalid' }])).toBe(
      '<?xml version="1.0" encoding="utf-8"?><errors><error><code>403</code><description>api_key is invalid</description></error></errors>',
    );
    expect(JSON.parse(open311Errors('json', [{ code: 400, description: 'x' }]))).toEqual([
      { code: 400, description: 'x' },
    ]);
  });
});
