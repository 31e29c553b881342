import { createHash } from 'node:crypto';
import {
  attachmentKey,
  attachmentStoreFromEnvironment,
  createDocumentClient,
  createS3Client,
  mainTable,
  newId,
  Open311Repository,
  putCheckedAttachment,
  requireEnv,
} from '@citydesk/data';
import {
  addComment,
  answerQuestions,
  type CaseAttachment,
  type CaseEvent,
  can,
  checkAttachmentContent,
  inboundUpdateStatus,
  isAttachmentContentType,
  type Language,
  normaliseOpen311Text,
  OPEN311_CONTENT_TYPES,
  OPEN311_CONTRACT_CHANGESET,
  OPEN311_MAX_RESULTS,
  type Open311Format,
  type Open311Value,
  open311DateWindow,
  open311Errors,
  open311ExtendedStatus,
  open311Status,
  type Principal,
  PublicCaseSubmission,
  parseOpen311Segment,
  parseTrackingNumber,
  ResultCode,
  SNIFF_BYTES,
  serialiseOpen311,
  type ValidatedSubmission,
  validationMessages,
  type WorkTypeQuestion,
  w3cDateTime,
} from '@citydesk/domain';
import { loadReadableCase } from '#platform/case-access.ts';
import { fileCase, idempotencyKeyOf } from '#platform/case-filing.ts';
import { apiKeyRepository, caseRepository } from '#platform/case-runtime.ts';
import { tenantCityRuntime } from '#platform/city-runtime.ts';
import { type HttpRequest, type HttpResult, httpHandler } from '#platform/http-handler.ts';
import { lifecycleContext } from '#platform/lifecycle-runtime.ts';
import { logger } from '#platform/logger.ts';
import { ProblemError, problemBody } from '#platform/problem-details.ts';
import { attachmentsBucket } from '../manifest.ts';
import {
  findJurisdiction,
  type Jurisdiction,
  jurisdictionOfTenant,
  offeredWorkTypes,
  questionsOf,
  requestView,
  serviceDefinitionView,
  serviceView,
} from './open311-jurisdiction.ts';

/*
 * The Open311 GeoReport v2 server at /open311/v2/ (docs/open311.md), with mySociety's
 * servicerequestupdates extension. Every resource comes as `.xml` (the spec's
 * required format) or `.json`; errors are the spec's `<errors>` document (or JSON
 * array) with 400, 403 or 404, never problem+json, and never echo what was sent.
 * Reads need no key; posting needs an `api_key` of the jurisdiction's tenant.
 */

const open311Repository = new Open311Repository(createDocumentClient(), requireEnv(mainTable.envVar));
const s3 = createS3Client();
const attachments = attachmentStoreFromEnvironment(attachmentsBucket.envVar, s3);

/** An Open311 error: the status is the `<code>` too, as the spec's examples show. */
class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 413 | 415 | 422 | 500,
    readonly description: { tr: string; en: string },
  ) {
    super(description.en);
  }
}

const badRequest = (en: string, tr: string) => new Open311Error(400, { tr, en });
const notFound = (en: string, tr: string) => new Open311Error(404, { tr, en });

function respond(
  format: Open311Format,
  status: number,
  root: string,
  value: Open311Value,
  lang: Language,
): HttpResult {
  return {
    statusCode: status,
    headers: {
      'content-type': OPEN311_CONTENT_TYPES[format],
      'content-language': lang,
      vary: 'Accept-Language',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    },
    body: serialiseOpen311(format, root, value),
  };
}

function errorResponse(format: Open311Format, error: Open311Error, lang: Language): HttpResult {
  return {
    ...respond(format, error.status, 'errors', null, lang),
    body: open311Errors(format, [{ code: error.status, description: error.description[lang] }]),
  };
}

/**
 * Problems of the shared platform code (the work type's rules, a reused idempotency
 * key) in Open311's error shape: their fixed texts only, never the input.
 */
function fromProblem(problem: ProblemError): Open311Error {
  const status = problem.status === 403 || problem.status === 404 ? problem.status : 400;
  const text = (lang: Language) => {
    const body = problemBody(problem, lang);
    return [body.detail ?? body.title, ...(body.errors ?? []).map((e) => `${e.path}: ${e.message}`)].join(
      ' ',
    );
  };
  return new Open311Error(status, { tr: text('tr'), en: text('en') });
}

// ---------------------------------------------------------------------------------
// Parameters

type Params = Map<string, string[]>;

function queryParams(req: HttpRequest): Params {
  const params: Params = new Map();
  for (const [k, v] of new URLSearchParams(req.event.rawQueryString ?? ''))
    params.set(k, [...(params.get(k) ?? []), v]);
  return params;
}

interface PostedFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/**
 * A POST body, form-encoded or multipart (FixMyStreet sends photos as a `media` file
 * part): parsed by the runtime's own WHATWG form-data parser, so boundaries, quoting
 * and charsets follow the standard rather than a hand-made split.
 */
async function formParams(req: HttpRequest): Promise<{ params: Params; files: Map<string, PostedFile> }> {
  const contentType = req.header('content-type') ?? '';
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') {
    throw new Open311Error(415, {
      tr: 'Gövde application/x-www-form-urlencoded veya multipart/form-data olmalıdır.',
      en: 'The body must be application/x-www-form-urlencoded or multipart/form-data.',
    });
  }
  const body = Buffer.from(req.event.body ?? '', req.event.isBase64Encoded ? 'base64' : 'utf8');
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw badRequest('The form body could not be parsed.', 'Form gövdesi çözümlenemedi.');
  }
  const params: Params = new Map();
  const files = new Map<string, PostedFile>();
  for (const [k, v] of form.entries()) {
    if (typeof v === 'string') params.set(k, [...(params.get(k) ?? []), v]);
    else files.set(k, { name: v.name, type: v.type, bytes: new Uint8Array(await v.arrayBuffer()) });
  }
  return { params, files };
}

const one = (p: Params, name: string): string | undefined => {
  const v = p.get(name)?.[0]?.trim();
  return v === undefined || v === '' ? undefined : v;
};
/** A comma-separated list parameter (GET requests accepts `service_request_id=1,2,3`). */
const list = (p: Params, name: string): string[] =>
  (p.get(name) ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

// ---------------------------------------------------------------------------------
// Jurisdiction and keys

async function jurisdictionFrom(p: Params, key?: Principal): Promise<Jurisdiction> {
  const id = one(p, 'jurisdiction_id');
  if (!id) {
    // A key belongs to one tenant: its jurisdiction is implied.
    if (key) {
      const j = await findJurisdictionOfKey(key);
      if (j) return j;
    }
    throw badRequest(
      'jurisdiction_id is required: this endpoint serves several jurisdictions.',
      'jurisdiction_id gerekli: bu uç nokta birden çok yetki alanına hizmet veriyor.',
    );
  }
  const j = await findJurisdiction(id);
  if (!j) throw notFound('jurisdiction_id was not found.', 'jurisdiction_id bulunamadı.');
  if (key && key.tenantId !== j.tenantId) {
    throw new Open311Error(403, {
      tr: 'api_key bu yetki alanına ait değil.',
      en: 'The api_key does not belong to this jurisdiction.',
    });
  }
  return j;
}

async function findJurisdictionOfKey(key: Principal): Promise<Jurisdiction | undefined> {
  const runtime = await tenantCityRuntime(key.tenantId);
  return runtime ? jurisdictionOfTenant(runtime, key.tenantId) : undefined;
}

/** The key in `api_key`; 403 (the spec's status) when absent, unknown, revoked or expired. */
async function requireKey(p: Params): Promise<Principal> {
  const key = await optionalKey(p);
  if (!key) {
    throw new Open311Error(403, {
      tr: 'Geçerli bir api_key gerekli.',
      en: 'A valid api_key is required.',
    });
  }
  return key;
}

async function optionalKey(p: Params): Promise<Principal | undefined> {
  const presented = one(p, 'api_key');
  const key = presented ? await apiKeyRepository.verify(presented) : undefined;
  if (!key) return undefined;
  return {
    kind: 'integration',
    userId: key.id,
    username: key.name,
    tenantId: key.tenantId,
    // Only the tenant's own type matters to the authorization module; resolved with the jurisdiction.
    tenantType: 'district',
    roles: ['integration'],
    scopes: key.scopes,
  };
}

/** The principal with its tenant's real type, once the jurisdiction (same tenant) is known. */
const keyIn = (key: Principal, j: Jurisdiction): Principal => ({
  ...key,
  tenantType: j.runtime.tenantsById.get(j.tenantId)?.type ?? key.tenantType,
});

// ---------------------------------------------------------------------------------
// Resources

/**
 * Discovery: the one endpoint of this deployment. With a jurisdiction_id, `contact`
 * names that tenant's call centre or phone; otherwise the municipal line every
 * Turkish municipality answers (Alo 153).
 */
async function discovery(
  req: HttpRequest,
  p: Params,
  format: Open311Format,
  lang: Language,
): Promise<HttpResult> {
  const host = req.header('host') ?? req.event.requestContext.domainName;
  const proto = req.header('x-forwarded-proto') ?? 'https';
  const changeset = OPEN311_CONTRACT_CHANGESET;
  const named = one(p, 'jurisdiction_id') ? await jurisdictionFrom(p) : undefined;
  const tenant = named?.runtime.config.tenants.find((t) => t.id === named.tenantId);
  const line =
    tenant?.callCentre ?? tenant?.settings.contact.phone ?? named?.runtime.config.city.contact.phone;
  const contact = line
    ? `${tenant?.name ?? ''}: ${line}`.replace(/^: /, '')
    : lang === 'tr'
      ? 'Belediyenizin çağrı merkezi: Alo 153'
      : 'Your municipality’s call centre: Alo 153';
  return respond(
    format,
    200,
    'discovery',
    {
      changeset,
      contact,
      key_service:
        lang === 'tr'
          ? 'api_key için belediyenizin yöneticisine başvurun.'
          : 'Ask your municipality’s administrator for an api_key.',
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: `${proto}://${host}/open311/v2`,
          changeset,
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    },
    lang,
  );
}

async function services(p: Params, format: Open311Format, lang: Language): Promise<HttpResult> {
  const j = await jurisdictionFrom(p);
  return respond(
    format,
    200,
    'services',
    offeredWorkTypes(j).map((w) => serviceView(j, w, lang)),
    lang,
  );
}

async function serviceDefinition(p: Params, code: string, format: Open311Format, lang: Language) {
  const j = await jurisdictionFrom(p);
  const workType = offeredWorkTypes(j).find((w) => w.code === code);
  if (!workType) throw notFound('service_code was not found.', 'service_code bulunamadı.');
  return respond(format, 200, 'service_definition', serviceDefinitionView(j, workType, lang), lang);
}

/**
 * `attribute[CODE]` (and `attribute[CODE][]` for multi-value lists), checked against
 * the questions by the rule every intake form shares (domain work-type-questions.ts).
 */
function answers(p: Params, questions: WorkTypeQuestion[]): string[] {
  const given = Object.fromEntries(
    questions.map((q) => [
      q.code,
      [...(p.get(`attribute[${q.code}]`) ?? []), ...(p.get(`attribute[${q.code}][]`) ?? [])],
    ]),
  );
  const { lines, violations } = answerQuestions(questions, given);
  const first = violations[0];
  if (first) {
    const attribute = `attribute[${first.path.replace(/^answers\./, '')}]`;
    const message = validationMessages[first.message];
    throw badRequest(`${attribute}: ${message.en}`, `${attribute}: ${message.tr}`);
  }
  return lines;
}

function coordinate(raw: string | undefined, name: 'lat' | 'long', max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^-?\d+(\.\d+)?$/.test(raw) || Math.abs(n) > max) {
    throw badRequest(
      `${name} must be a decimal coordinate (WGS84).`,
      `${name} ondalık bir koordinat (WGS84) olmalıdır.`,
    );
  }
  return n;
}

/** A posted photo: its real type from its bytes, within its type's size limit. */
function checkedPhoto(file: PostedFile, caseId: string, tenantId: string, actor: Principal) {
  const declared = file.type.split(';')[0]?.trim().toLowerCase() ?? '';
  const problem =
    !isAttachmentContentType(declared) || !declared.startsWith('image/')
      ? { problem: 'type' }
      : checkAttachmentContent({
          declaredType: declared,
          sizeBytes: file.bytes.length,
          head: file.bytes.subarray(0, SNIFF_BYTES),
        });
  if (problem) {
    throw badRequest(
      'media must be a JPEG, PNG or WebP photo of at most 10 MB.',
      'media en fazla 10 MB bir JPEG, PNG veya WebP fotoğraf olmalıdır.',
    );
  }
  const id = newId();
  const fileName =
    file.name.replace(/[/\\\p{Cc}\p{Cf}]/gu, '').slice(-120) || `media.${declared.split('/')[1]}`;
  const attachment: CaseAttachment = {
    id,
    fileName,
    contentType: declared as CaseAttachment['contentType'],
    sizeBytes: file.bytes.length,
    purpose: 'document',
    uploadedAt: new Date().toISOString(),
    uploadedBy: { kind: 'integration', id: actor.userId, tenantId },
    storageTenantId: tenantId,
  };
  return { attachment, key: attachmentKey(tenantId, caseId, id), bytes: file.bytes, contentType: declared };
}

async function postRequest(req: HttpRequest, format: Open311Format, lang: Language): Promise<HttpResult> {
  const { params: p, files } = await formParams(req);
  const key = await requireKey(p);
  const j = await jurisdictionFrom(p, key);
  const principal = keyIn(key, j);
  if (!can(principal, 'case.create', { formerOwnerTenantIds: [], status: 'NEW' })) {
    throw new Open311Error(403, {
      tr: 'Bu api_key başvuru kaydedemez (case.create yetkisi yok).',
      en: 'This api_key may not create requests (no case.create scope).',
    });
  }
  const code = one(p, 'service_code');
  if (!code) throw badRequest('service_code is required.', 'service_code gerekli.');
  const workType = offeredWorkTypes(j).find((w) => w.code === code);
  if (!workType) throw badRequest('service_code was not found.', 'service_code bulunamadı.');

  const lat = coordinate(one(p, 'lat'), 'lat', 90);
  const lon = coordinate(one(p, 'long'), 'long', 180);
  const address = one(p, 'address_string');
  if ((lat === undefined) !== (lon === undefined)) {
    throw badRequest('lat and long must be sent together.', 'lat ve long birlikte gönderilmelidir.');
  }
  if (lat === undefined && !address && !one(p, 'address_id')) {
    throw badRequest(
      'A location is required: lat and long, address_string or address_id.',
      'Konum gerekli: lat ve long, address_string veya address_id.',
    );
  }
  if (workType.requiresLocation && lat === undefined) {
    throw badRequest('This service needs lat and long.', 'Bu hizmet için lat ve long gerekli.');
  }

  const text = normaliseOpen311Text(p.get('description')?.[0] ?? '');
  const mediaUrl = one(p, 'media_url');
  const extra = [
    ...answers(p, questionsOf(j, code)),
    ...(lat === undefined && address ? [`Adres: ${normaliseOpen311Text(address)}`] : []),
    ...(mediaUrl ? [`Fotoğraf: ${mediaUrl}`] : []),
  ];
  const body = text.length >= 10 ? text : [workType.name.tr, text].filter(Boolean).join(': ');
  const description = [body, ...(extra.length ? ['', ...extra] : [])].join('\n');
  if (description.length > 4000) {
    throw badRequest(
      'description is too long (at most 4000 characters).',
      'description çok uzun (en fazla 4000 karakter).',
    );
  }

  const name = [one(p, 'first_name'), one(p, 'last_name')].filter(Boolean).join(' ');
  const phone = one(p, 'phone');
  const email = one(p, 'email');
  const parsed = PublicCaseSubmission.safeParse({
    workTypeCode: code,
    description,
    ...(lat !== undefined && lon !== undefined
      ? {
          location: {
            lat,
            lon,
            ...(address ? { address: normaliseOpen311Text(address).slice(0, 300) } : {}),
          },
        }
      : {}),
    ...(name || phone || email
      ? {
          contact: {
            ...(name.length >= 2 ? { name: name.slice(0, 120) } : {}),
            ...(phone ? { phone } : {}),
            ...(email ? { email } : {}),
            // The Open311 client keeps its citizen informed (servicerequestupdates): we do not message them twice.
            preference: { channel: 'none', granularity: 'result_only', language: lang },
          },
        }
      : {}),
    // The client collected the citizen's consent under its own notice, as its agreement with the city requires.
    consent: { accepted: true, noticeVersion: 'open311-client' },
  });
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'request');
    const names: Record<string, string> = {
      contact: 'email or phone',
      location: 'lat/long or address_string',
    };
    throw badRequest(`${names[field] ?? field} is invalid.`, `${names[field] ?? field} geçersiz.`);
  }
  const submission: ValidatedSubmission = { ...parsed.data, channel: 'open311' };

  const photo = files.get('media');
  const caseId = newId();
  const stored = photo ? checkedPhoto(photo, caseId, j.tenantId, principal) : undefined;
  if (stored) await putCheckedAttachment(s3, requireEnv(attachmentsBucket.envVar), stored);
  const { case: c, replayed } = await fileCase({
    runtime: j.runtime,
    submission,
    actor: { kind: 'integration', id: principal.userId, tenantId: j.tenantId },
    operation: `open311-request#${j.tenantId}`,
    idempotencyKey: idempotencyKeyOf(req),
    requireAnswers: false,
    ...(stored ? { stored: { caseId, attachments: [stored.attachment] } } : {}),
  });
  // The case now holds the photo: keep it (a replay's photo belongs to no case and expires).
  if (stored && !replayed) await attachments.markConfirmed(stored.key);
  return respond(
    format,
    201,
    'service_requests',
    [{ service_request_id: c.trackingNo, token: c.id, service_notice: '', account_id: null }],
    lang,
  );
}

/** tokens/{token}: the request a token stands for (the case id, which is what we hand out). */
async function token(p: Params, tokenValue: string, format: Open311Format, lang: Language) {
  const j = await jurisdictionFrom(p);
  const c = /^[0-9A-HJKMNP-TV-Z]{26}$/.test(tokenValue)
    ? await caseRepository.getCase(tokenValue)
    : undefined;
  if (!c || c.cityId !== j.runtime.cityId) throw notFound('token was not found.', 'token bulunamadı.');
  return respond(format, 200, 'service_requests', [{ service_request_id: c.trackingNo, token: c.id }], lang);
}

/** Whether the caller's key may see the citizen's own words: a key of the owner that may read cases. */
function readsCitizenText(key: Principal | undefined, j: Jurisdiction, ownerTenantId: string | undefined) {
  return Boolean(
    key && key.tenantId === j.tenantId && ownerTenantId === j.tenantId && key.scopes?.includes('case.read'),
  );
}

async function caseByServiceRequestId(id: string, j: Jurisdiction) {
  const trackingNo = parseTrackingNumber(id);
  const caseId = trackingNo ? await caseRepository.findCaseIdByTrackingNo(trackingNo) : undefined;
  const found = caseId ? await caseRepository.getCaseWithTimeline(caseId) : undefined;
  if (!found || found.case.cityId !== j.runtime.cityId) return undefined;
  // A jurisdiction answers for the cases its tenant owns or filed through it.
  const created = found.events.find((e) => e.type === 'created');
  const filedHere = created?.actor.kind === 'integration' && created.actor.tenantId === j.tenantId;
  return found.case.ownerTenantId === j.tenantId || filedHere ? found : undefined;
}

async function inBatches<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

async function getRequests(p: Params, format: Open311Format, lang: Language): Promise<HttpResult> {
  const key = await optionalKey(p);
  const j = await jurisdictionFrom(p);
  const ids = list(p, 'service_request_id');
  if (ids.length > 0) {
    // The spec: with service_request_id, every other filter is ignored.
    if (ids.length > OPEN311_MAX_RESULTS) {
      throw badRequest('At most 1000 service_request_id values.', 'En fazla 1000 service_request_id.');
    }
    const found = await inBatches([...new Set(ids)], 25, (id) => caseByServiceRequestId(id, j));
    const views = found.flatMap((f) =>
      f ? [requestView(j.runtime, f.case, lang, readsCitizenText(key, j, f.case.ownerTenantId))] : [],
    );
    return respond(format, 200, 'service_requests', views, lang);
  }
  const window = open311DateWindow({ start: one(p, 'start_date'), end: one(p, 'end_date') }, new Date());
  if ('error' in window) {
    throw badRequest(
      window.error === 'range'
        ? 'start_date must not be after end_date, and the span may be at most 90 days.'
        : `${window.error} must be a W3C datetime (e.g. 2026-12-01T00:00:00Z).`,
      window.error === 'range'
        ? 'start_date end_date’den sonra olamaz; aralık en fazla 90 gün olabilir.'
        : `${window.error} W3C biçiminde olmalıdır (ör. 2026-12-01T00:00:00Z).`,
    );
  }
  const codes = new Set(list(p, 'service_code'));
  const statuses = new Set(list(p, 'status').map((s) => s.toLowerCase()));
  if ([...statuses].some((s) => s !== 'open' && s !== 'closed')) {
    throw badRequest('status must be open or closed.', 'status open veya closed olmalıdır.');
  }
  const cases = await open311Repository.casesFiledBetween(
    j.tenantId,
    window.start.toISOString(),
    window.end.toISOString(),
    OPEN311_MAX_RESULTS,
    (c) =>
      (codes.size === 0 || codes.has(c.workTypeCode)) &&
      (statuses.size === 0 || statuses.has(open311Status(c.status))),
  );
  return respond(
    format,
    200,
    'service_requests',
    cases.map((c) => requestView(j.runtime, c, lang, readsCitizenText(key, j, c.ownerTenantId))),
    lang,
  );
}

async function getRequest(p: Params, id: string, format: Open311Format, lang: Language): Promise<HttpResult> {
  const key = await optionalKey(p);
  const j = await jurisdictionFrom(p);
  const found = await caseByServiceRequestId(id, j);
  if (!found) throw notFound('service_request_id was not found.', 'service_request_id bulunamadı.');
  const view = requestView(j.runtime, found.case, lang, readsCitizenText(key, j, found.case.ownerTenantId));
  return respond(format, 200, 'service_requests', [view], lang);
}

/** The public text of a timeline entry: the answer on closing, a public comment's words. */
function updateText(e: CaseEvent): string {
  const text = e.type === 'comment' ? e.data?.text : e.data?.publicAnswer;
  return typeof text === 'string' ? text : '';
}

async function getUpdates(p: Params, format: Open311Format, lang: Language): Promise<HttpResult> {
  const j = await jurisdictionFrom(p);
  const window = open311DateWindow({ start: one(p, 'start_date'), end: one(p, 'end_date') }, new Date());
  if ('error' in window) {
    throw badRequest(
      'start_date and end_date must be W3C datetimes at most 90 days apart.',
      'start_date ve end_date en fazla 90 gün arayla W3C biçiminde olmalıdır.',
    );
  }
  const [from, to] = [window.start.toISOString(), window.end.toISOString()];
  const changed = await open311Repository.casesChangedSince(j.tenantId, from, to);
  const timelines = await inBatches(changed, 25, (c) => caseRepository.getCaseWithTimeline(c.id));
  const updates = timelines
    .flatMap((t) =>
      t
        ? t.events
            .filter((e) => e.visibility === 'public' && e.type !== 'created' && e.at >= from && e.at <= to)
            .map((e) => ({ c: t.case, e }))
        : [],
    )
    .sort((a, b) => (a.e.at < b.e.at ? -1 : a.e.at > b.e.at ? 1 : 0))
    .slice(0, OPEN311_MAX_RESULTS);
  return respond(
    format,
    200,
    'service_request_updates',
    updates.map(({ c, e }) => {
      const parsed = ResultCode.safeParse(e.data?.resultCode);
      const resultCode = parsed.success ? parsed.data : undefined;
      return {
        update_id: e.eventId,
        service_request_id: c.trackingNo,
        status: open311ExtendedStatus(e.status, resultCode),
        updated_datetime: w3cDateTime(e.at),
        description: updateText(e),
        media_url: '',
        external_status_code: resultCode ?? e.status,
      };
    }),
    lang,
  );
}

/**
 * A deterministic comment id (UUID layout, version 8) per tenant and client update_id:
 * the same update posted again finds its comment already recorded.
 */
function commentIdOf(tenantId: string, updateId: string): string {
  const h = createHash('sha256').update(`open311-update#${tenantId}#${updateId}`).digest('hex');
  const variant = ((Number.parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

async function postUpdate(req: HttpRequest, format: Open311Format, lang: Language): Promise<HttpResult> {
  const { params: p } = await formParams(req);
  const key = await requireKey(p);
  const j = await jurisdictionFrom(p, key);
  const principal = keyIn(key, j);
  const updateId = one(p, 'update_id');
  if (!updateId || updateId.length > 100) throw badRequest('update_id is required.', 'update_id gerekli.');
  const requestId = one(p, 'service_request_id');
  if (!requestId) throw badRequest('service_request_id is required.', 'service_request_id gerekli.');
  const description = normaliseOpen311Text(p.get('description')?.[0] ?? '');
  if (!description) throw badRequest('description is required.', 'description gerekli.');
  const status = inboundUpdateStatus(one(p, 'status'));
  if (!status) throw badRequest('status is not a known status.', 'status tanınan bir durum değil.');
  const trackingNo = parseTrackingNumber(requestId);
  const caseId = trackingNo ? await caseRepository.findCaseIdByTrackingNo(trackingNo) : undefined;
  if (!caseId) throw notFound('service_request_id was not found.', 'service_request_id bulunamadı.');
  let loaded: Awaited<ReturnType<typeof loadReadableCase>>;
  try {
    loaded = await loadReadableCase(principal, caseId);
  } catch (error) {
    if (error instanceof ProblemError && error.status === 404) {
      throw notFound('service_request_id was not found.', 'service_request_id bulunamadı.');
    }
    throw error;
  }
  const commentId = commentIdOf(j.tenantId, updateId);
  // The citizen's words reach staff (internal): what the city tells citizens stays its own.
  const reported =
    status.status === 'REOPEN' || (status.status === 'OPEN' && open311Status(loaded.case.status) === 'closed')
      ? 'Open311: vatandaş sorunun sürdüğünü bildiriyor (yeniden açılması isteniyor).'
      : `Open311 güncellemesi (bildirilen durum: ${status.status}).`;
  const outcome = addComment(
    loaded.case,
    { commentId, text: `${reported}\n${description}`.slice(0, 4000), visibility: 'internal' },
    await lifecycleContext(principal, loaded.facts, loaded.case),
  );
  if (!outcome.ok) {
    throw new Open311Error(403, {
      tr: 'Bu api_key güncelleme gönderemez (case.comment yetkisi yok).',
      en: 'This api_key may not post updates (no case.comment scope).',
    });
  }
  await caseRepository.appendOnce(caseId, `COMMENT#${commentId}`, outcome.events, outcome.intents);
  return respond(format, 200, 'service_request_updates', [{ update_id: commentId }], lang);
}

// ---------------------------------------------------------------------------------
// Routing

async function route(req: HttpRequest, lang: Language): Promise<HttpResult> {
  const { routeKey } = req.event;
  const params = req.event.pathParameters ?? {};
  const notFoundResource = () => notFound('No such Open311 resource.', 'Böyle bir Open311 kaynağı yok.');
  switch (routeKey) {
    case 'GET /open311/v2/{document}':
    case 'POST /open311/v2/{document}': {
      const doc = parseOpen311Segment(params.document);
      if (!doc) throw notFoundResource();
      const post = routeKey.startsWith('POST');
      if (!post && doc.name === 'discovery') return discovery(req, queryParams(req), doc.format, lang);
      if (!post && doc.name === 'services') return services(queryParams(req), doc.format, lang);
      if (!post && doc.name === 'requests') return getRequests(queryParams(req), doc.format, lang);
      if (!post && doc.name === 'servicerequestupdates')
        return getUpdates(queryParams(req), doc.format, lang);
      if (post && doc.name === 'requests') return postRequest(req, doc.format, lang);
      if (post && doc.name === 'servicerequestupdates') return postUpdate(req, doc.format, lang);
      throw notFoundResource();
    }
    case 'GET /open311/v2/services/{service}': {
      const doc = parseOpen311Segment(params.service);
      if (!doc) throw notFoundResource();
      return serviceDefinition(queryParams(req), doc.name, doc.format, lang);
    }
    case 'GET /open311/v2/requests/{request}': {
      const doc = parseOpen311Segment(params.request);
      if (!doc) throw notFoundResource();
      return getRequest(queryParams(req), doc.name, doc.format, lang);
    }
    case 'GET /open311/v2/tokens/{token}': {
      const doc = parseOpen311Segment(params.token);
      if (!doc) throw notFoundResource();
      return token(queryParams(req), doc.name, doc.format, lang);
    }
    default:
      throw notFoundResource();
  }
}

/** The format the client asked for, for errors too; XML (the spec's required format) when unclear. */
function formatOf(req: HttpRequest): Open311Format {
  const last = req.event.rawPath.split('/').pop();
  return parseOpen311Segment(last)?.format ?? 'xml';
}

export const handler = httpHandler(async (req) => {
  const format = formatOf(req);
  try {
    return await route(req, req.lang);
  } catch (error) {
    if (error instanceof Open311Error) return errorResponse(format, error, req.lang);
    if (error instanceof ProblemError) return errorResponse(format, fromProblem(error), req.lang);
    logger.error('open311 request failed', {
      error: error as Error,
      requestId: req.event.requestContext?.requestId,
    });
    return errorResponse(
      format,
      new Open311Error(500, { tr: 'Beklenmeyen bir hata oluştu.', en: 'An unexpected error occurred.' }),
      req.lang,
    );
  }
});
