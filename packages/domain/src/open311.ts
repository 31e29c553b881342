import type { CaseStatus, ResultCode } from './case.ts';

/*
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) and mySociety's
 * `servicerequestupdates` extension, as far as it is pure: resource names and
 * formats, the status mapping between our workflow and Open311's, the field lists
 * of the specification, datetimes, descriptions and the XML and JSON serialisation.
 * The HTTP handler (functions/src/http/open311-georeport.ts) does the I/O.
 */

export type Open311Format = 'xml' | 'json';

/** The resource and format of a path segment such as `requests.xml`; undefined for anything else. */
export function parseOpen311Segment(
  segment: string | undefined,
): { name: string; format: Open311Format } | undefined {
  const m = /^(.+)\.(xml|json)$/.exec(segment ?? '');
  return m?.[1] && (m[2] === 'xml' || m[2] === 'json') ? { name: m[1], format: m[2] } : undefined;
}

/**
 * Discovery's `changeset`: when the contract this server offers last changed (its
 * resources, fields or statuses). Bumped with any such change, so clients that cache
 * discovery know to read it again.
 */
export const OPEN311_CONTRACT_CHANGESET = '2026-12-07T00:00:00Z';

/** GET requests without a service_request_id list: the default and the widest date window. */
export const OPEN311_MAX_WINDOW_DAYS = 90;
/** GET requests answers at most this many requests (the spec's recommended cap). */
export const OPEN311_MAX_RESULTS = 1000;

/** mySociety's extended statuses (FixMyStreet "Open311 FMS – Additional states"), upper-case on the wire. */
export const OPEN311_EXTENDED_STATUSES = [
  'OPEN',
  'INVESTIGATING',
  'IN_PROGRESS',
  'ACTION_SCHEDULED',
  'NO_FURTHER_ACTION',
  'NOT_COUNCILS_RESPONSIBILITY',
  'DUPLICATE',
  'INTERNAL_REFERRAL',
  'FIXED',
  'CLOSED',
] as const;
export type Open311ExtendedStatus = (typeof OPEN311_EXTENDED_STATUSES)[number];

/** Standard GeoReport v2 status: only `open` and `closed` exist. */
export function open311Status(status: CaseStatus): 'open' | 'closed' {
  return status === 'RESOLVED' || status === 'CLOSED' || status === 'CANCELLED' ? 'closed' : 'open';
}

/** What each closing result means to an Open311 client. */
const RESULT_STATUS: Record<ResultCode, Open311ExtendedStatus> = {
  RESOLVED: 'FIXED',
  RESOLVED_PARTIAL: 'FIXED',
  ENFORCEMENT_DONE: 'FIXED',
  SCHEDULED: 'ACTION_SCHEDULED',
  PLANNED_INVESTMENT: 'ACTION_SCHEDULED',
  REFERRED_INTERNAL: 'INTERNAL_REFERRAL',
  REFERRED_EXTERNAL: 'NOT_COUNCILS_RESPONSIBILITY',
  NOT_OUR_AUTHORITY: 'NOT_COUNCILS_RESPONSIBILITY',
  DUPLICATE: 'DUPLICATE',
  INFO_GIVEN: 'NO_FURTHER_ACTION',
  LOCATION_NOT_FOUND: 'NO_FURTHER_ACTION',
  CITIZEN_UNREACHABLE: 'NO_FURTHER_ACTION',
  NO_ISSUE_FOUND: 'NO_FURTHER_ACTION',
  REJECTED: 'NO_FURTHER_ACTION',
  INVALID: 'NO_FURTHER_ACTION',
  SUGGESTION_NOTED: 'NO_FURTHER_ACTION',
  THANKS_FORWARDED: 'NO_FURTHER_ACTION',
  WITHDRAWN: 'CLOSED',
  CANCELLED: 'CLOSED',
};

/**
 * The extended status of a case: its workflow status while open, its result once
 * resolved or closed. A resolved or closed case without a result (never stored
 * that way, but old data may be) is plain CLOSED.
 */
export function open311ExtendedStatus(status: CaseStatus, resultCode?: ResultCode): Open311ExtendedStatus {
  switch (status) {
    case 'NEW':
    case 'TRIAGE':
    case 'ROUTED':
      return 'OPEN';
    case 'ACCEPTED':
      return 'INVESTIGATING';
    case 'ASSIGNED':
    case 'IN_PROGRESS':
      return 'IN_PROGRESS';
    case 'ON_HOLD':
      return 'ACTION_SCHEDULED';
    case 'CANCELLED':
      return 'CLOSED';
    case 'RESOLVED':
    case 'CLOSED':
      return resultCode ? RESULT_STATUS[resultCode] : 'CLOSED';
  }
}

/**
 * An update a client posts (a citizen's comment on FixMyStreet, say) with the status
 * the client believes the request has. Clients send the extended statuses in any case
 * and FixMyStreet also sends `REOPEN`; an unknown status is refused, never guessed.
 * Only "the citizen says it is not fixed" asks us for anything beyond the comment.
 */
export function inboundUpdateStatus(
  raw: string | undefined,
): { status: Open311ExtendedStatus | 'REOPEN'; reopenRequested: boolean } | undefined {
  if (raw === undefined || raw === '') return { status: 'OPEN', reopenRequested: false };
  const status = raw.trim().toUpperCase();
  if (status === 'REOPEN') return { status, reopenRequested: true };
  if (!(OPEN311_EXTENDED_STATUSES as readonly string[]).includes(status)) return undefined;
  return { status: status as Open311ExtendedStatus, reopenRequested: false };
}

/**
 * Descriptions arrive from form posts with CRLF line ends (RFC 7578, HTML forms) or a
 * stray CR; we store LF only, so a text reads and counts the same whatever sent it.
 */
export function normaliseOpen311Text(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

/** W3C datetime as the spec shows it: seconds precision, `Z` for UTC. */
export function w3cDateTime(iso: string | Date): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A W3C datetime (a date alone means its midnight UTC); undefined when malformed. */
export function parseW3cDateTime(raw: string): Date | undefined {
  const text = raw.trim();
  if (!W3C_DATETIME.test(text)) return undefined;
  const d = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/**
 * The date window of GET requests / servicerequestupdates: both ends optional, the
 * default and the maximum span 90 days (ending now, or at `end_date`).
 */
export function open311DateWindow(
  raw: { start?: string; end?: string },
  now: Date,
): { start: Date; end: Date } | { error: 'start_date' | 'end_date' | 'range' } {
  const end = raw.end === undefined ? undefined : parseW3cDateTime(raw.end);
  if (raw.end !== undefined && !end) return { error: 'end_date' };
  const start = raw.start === undefined ? undefined : parseW3cDateTime(raw.start);
  if (raw.start !== undefined && !start) return { error: 'start_date' };
  const windowMs = OPEN311_MAX_WINDOW_DAYS * 24 * 3600 * 1000;
  const to = end ?? (start ? new Date(Math.min(start.getTime() + windowMs, now.getTime())) : now);
  const from = start ?? new Date(to.getTime() - windowMs);
  if (from > to || to.getTime() - from.getTime() > windowMs) return { error: 'range' };
  return { start: from, end: to };
}

/*
 * The specification's field names, per element. The handler writes nothing else; the
 * conformance tests check every element of every answer against these lists.
 */
export const OPEN311_FIELDS = {
  discovery: ['changeset', 'contact', 'key_service', 'endpoints'],
  endpoint: ['specification', 'url', 'changeset', 'type', 'formats'],
  service: ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'],
  serviceDefinition: ['service_code', 'attributes'],
  attribute: [
    'variable',
    'code',
    'datatype',
    'required',
    'datatype_description',
    'order',
    'description',
    'values',
  ],
  attributeValue: ['key', 'name'],
  postRequestResponse: ['token', 'service_request_id', 'service_notice', 'account_id'],
  token: ['service_request_id', 'token'],
  request: [
    'service_request_id',
    'status',
    'status_notes',
    'service_name',
    'service_code',
    'description',
    'agency_responsible',
    'service_notice',
    'requested_datetime',
    'updated_datetime',
    'expected_datetime',
    'address',
    'address_id',
    'zipcode',
    'lat',
    'long',
    'media_url',
  ],
  requestUpdate: [
    'update_id',
    'service_request_id',
    'status',
    'updated_datetime',
    'description',
    'media_url',
    'external_status_code',
  ],
  postUpdateResponse: ['update_id'],
  error: ['code', 'description'],
} as const;

/** A JSON-shaped value of an Open311 answer; arrays are lists of elements of one name. */
export type Open311Value =
  | string
  | number
  | boolean
  | null
  | Open311Value[]
  | { [field: string]: Open311Value };

/**
 * XML element names of list items: the spec names each list (plural) and its items.
 * `formats` holds bare `<format>` strings; `keywords` is a comma-separated string.
 */
const LIST_ITEMS: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  service_request_updates: 'request_update',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
};

/** Whether XML 1.0 can carry a code point at all (C0 controls but tab, LF, CR, lone surrogates and U+FFFE/F cannot). */
function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

function escapeXml(text: string): string {
  // Iterating a string yields code points, and lone surrogates as themselves.
  return Array.from(text)
    .filter((ch) => isXmlChar(ch.codePointAt(0) ?? 0))
    .join('')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

function element(name: string, value: Open311Value): string {
  if (value === null || value === '') return `<${name}></${name}>`;
  if (Array.isArray(value)) {
    const item = LIST_ITEMS[name] ?? name;
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/**
 * Serialises an answer: `root` names the XML document element (`services`,
 * `service_requests`…); JSON is the value itself, as the spec's JSON examples show
 * (lists as bare arrays, service definitions and discovery as objects).
 */
export function serialiseOpen311(format: Open311Format, root: string, value: Open311Value): string {
  if (format === 'json') return JSON.stringify(value);
  return `<?xml version="1.0" encoding="utf-8"?>${element(root, value)}`;
}

/** An Open311 error answer: `<errors><error><code/><description/></error></errors>` or its JSON array. */
export function open311Errors(
  format: Open311Format,
  errors: { code: number; description: string }[],
): string {
  return serialiseOpen311(
    format,
    'errors',
    errors.map((e) => ({ code: e.code, description: e.description })),
  );
}

export const OPEN311_CONTENT_TYPES: Record<Open311Format, string> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};
