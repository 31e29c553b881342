import { randomUUID } from 'node:crypto';
import { ApiKeyRepository } from '@citydesk/data';
import { demoCityCatalog, demoCityConfiguration } from '@citydesk/domain/demo-city';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiUrl, eventually, getJson, postJson } from '../support/api-client.ts';
import { signIn } from '../support/staff-session.ts';
import { mainTableName, testDocumentClient } from '../support/table-inspection.ts';
import {
  DATATYPES,
  type ElementSpec,
  EXTENDED_STATUSES,
  SPEC,
  STANDARD_STATUSES,
  W3C_DATETIME,
} from './open311-spec-fields.ts';

/*
 * Open311 GeoReport v2 conformance, replaying what a real client sends: the request
 * sequences of FixMyStreet's Open311.pm (XML only; the service list, then each
 * service definition with metadata; `attribute[CODE]` form fields; a description with
 * CRLF line ends; token polling when the answer carries a token; photos as a
 * multipart `media` part; servicerequestupdates polled by date window and posted
 * with an `update_id`), every answer's elements checked against the spec's field
 * lists (open311-spec-fields.ts), plus the JSON format and the spec's errors.
 */

const TENANT = 'balikesir-ayvalik';
const JURISDICTION = 'ayvalik.balikesir.bel.tr';
const WORK_TYPE = 'ROAD-POTHOLE-LOCAL';
const keys = new ApiKeyRepository(testDocumentClient(), mainTableName());
let apiKey: string;
let otherTenantKey: string;
let operatorToken: string;

/** A point in Ayvalık: the district's seat, which the district locator places there. */
const ayvalik = (() => {
  const tenant = demoCityCatalog().tenants.find((t) => t.id === TENANT);
  if (!tenant) throw new Error('the demo city has no Ayvalık');
  return tenant.seat;
})();

/** List elements as XML::Simple with ForceArray would give them to Open311.pm. */
const LIST_ITEMS = new Set([
  'service',
  'request',
  'request_update',
  'attribute',
  'value',
  'endpoint',
  'format',
  'error',
]);
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => LIST_ITEMS.has(name),
});

type Element = Record<string, unknown>;
interface Answer {
  status: number;
  contentType: string;
  text: string;
  doc: Element;
}

async function read(res: Response): Promise<Answer> {
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  let doc: Element = {};
  if (contentType.startsWith('text/xml')) {
    // Well-formed XML with the declaration the spec requires, parsed by an independent parser.
    expect(XMLValidator.validate(text), text.slice(0, 300)).toBe(true);
    expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    doc = parser.parse(text) as Element;
  } else if (contentType.startsWith('application/json')) {
    doc = { json: JSON.parse(text) };
  }
  return { status: res.status, contentType, text, doc };
}

/** GET as Open311.pm's `_get`: the jurisdiction_id appended to every query. */
async function get311(path: string, params: Record<string, string> = {}): Promise<Answer> {
  const query = new URLSearchParams({ ...params, jurisdiction_id: JURISDICTION });
  return read(await fetch(apiUrl(`/open311/v2/${path}?${query}`)));
}

/** POST as Open311.pm's `_post`: jurisdiction_id and api_key first, form-encoded or multipart. */
async function post311(path: string, params: [string, string][], media?: Blob): Promise<Answer> {
  const fields: [string, string][] = [['jurisdiction_id', JURISDICTION], ['api_key', apiKey], ...params];
  let body: URLSearchParams | FormData;
  if (media) {
    const form = new FormData();
    for (const [k, v] of fields) form.append(k, v);
    form.append('media', media, 'photo.jpeg');
    body = form;
  } else {
    body = new URLSearchParams(fields);
  }
  return read(await fetch(apiUrl(`/open311/v2/${path}`), { method: 'POST', body }));
}

/** Every element name is the spec's, and the spec's required ones are there. */
function expectFields(element: unknown, spec: ElementSpec, context: string) {
  expect(element, context).toBeTypeOf('object');
  const names = Object.keys(element as Element);
  for (const name of names) expect(spec.fields, `${context}: <${name}> is not in the spec`).toContain(name);
  for (const name of spec.required) expect(names, `${context}: <${name}> is required`).toContain(name);
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');
/** A JPEG's first bytes and some body: enough for the type check from the bytes. */
const jpeg = () =>
  new Blob(
    [
      new Uint8Array([
        0xff,
        0xd8,
        0xff,
        0xe0,
        0x00,
        0x10,
        0x4a,
        0x46,
        0x49,
        0x46,
        0,
        1,
        ...new Array(200).fill(7),
      ]),
    ],
    {
      type: 'image/jpeg',
    },
  );

/** The FixMyStreet description: title, detail and the report's URL, CRLF line ends. */
const fmsDescription = (detail: string) =>
  `title: Çukur\r\n\r\ndetail: ${detail}\r\n\r\nurl: https://fixmystreet.example/report/42\r\n\r\nSubmitted via FixMyStreet\r\n`;

const pothole = (detail: string): [string, string][] => [
  ['service_code', WORK_TYPE],
  ['lat', String(ayvalik.lat)],
  ['long', String(ayvalik.lon)],
  ['email', 'ayse@example.org'],
  ['first_name', 'Ayşe'],
  ['last_name', 'Yılmaz'],
  ['phone', '0532 765 43 21'],
  ['description', fmsDescription(detail)],
  ['attribute[depth]', 'deep'],
  ['attribute[lane_blocked]', 'sağ şerit'],
];

/** Open311.pm's send_service_request: the id, or the token polled into an id. */
async function sendServiceRequest(params: [string, string][], media?: Blob): Promise<string> {
  const answer = await post311('requests.xml', params, media);
  expect(answer.status, answer.text).toBe(201);
  const [request] = (answer.doc.service_requests as { request: Element[] }).request;
  expectFields(request, SPEC.postRequest, 'POST requests');
  const id = text(request?.service_request_id);
  if (id) return id;
  const token = text(request?.token);
  expect(token).not.toBe('');
  return getServiceRequestIdFromToken(token);
}

async function getServiceRequestIdFromToken(token: string): Promise<string> {
  const answer = await get311(`tokens/${token}.xml`);
  expect(answer.status, answer.text).toBe(200);
  const [request] = (answer.doc.service_requests as { request: Element[] }).request;
  expectFields(request, SPEC.token, 'GET tokens');
  return text(request?.service_request_id);
}

async function caseIdOf(serviceRequestId: string): Promise<string> {
  const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
  const { Item } = await testDocumentClient().send(
    new GetCommand({ TableName: mainTableName(), Key: { pk: `TRACK#${serviceRequestId}`, sk: '#TRACK' } }),
  );
  return String(Item?.caseId);
}

async function routedToAyvalik(serviceRequestId: string) {
  await eventually(async () => {
    const r = await getJson(`/v1/public/track/${serviceRequestId}`);
    return r.json.status === 'ROUTED' ? r.json : undefined;
  });
}

async function act(caseId: string, command: Record<string, unknown>) {
  const headers = { 'x-api-key': apiKey };
  const current = await getJson(`/v1/integration/cases/${caseId}`, headers);
  const version = (current.json.case as { version: number }).version;
  const r = await postJson(
    `/v1/integration/cases/${caseId}/actions`,
    { expectedVersion: version, ...command },
    headers,
  );
  expect(r.status, JSON.stringify(r.json)).toBe(200);
}

const as = (token: string) => ({ authorization: `Bearer ${token}` });
async function putSettings(section: string, value: unknown) {
  const current = await getJson(`/v1/admin/tenants/${TENANT}/settings`, as(operatorToken));
  const saved = await fetch(apiUrl(`/v1/admin/tenants/${TENANT}/settings/${section}`), {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...as(operatorToken) },
    body: JSON.stringify({ expectedVersion: current.json.version, value }),
  });
  expect(saved.status, await saved.clone().text()).toBe(200);
}

beforeAll(async () => {
  operatorToken = (await signIn('platform.operator')).IdToken;
  apiKey = (
    await keys.issue({
      tenantId: TENANT,
      name: 'FixMyStreet Ayvalık',
      scopes: ['case.create', 'case.read', 'case.comment', 'case.accept', 'case.resolve'],
      createdBy: 'open311-conformance-test',
    })
  ).key;
  otherTenantKey = (
    await keys.issue({
      tenantId: 'balikesir-karesi',
      name: 'Karesi çağrı merkezi',
      scopes: ['case.create'],
      createdBy: 'open311-conformance-test',
    })
  ).key;
  // Ayvalık asks two questions about potholes: Open311 attributes of the service.
  await putSettings('workTypeOverrides', [
    {
      workTypeCode: WORK_TYPE,
      questions: [
        {
          code: 'depth',
          datatype: 'singlevaluelist',
          required: true,
          order: 1,
          description: { tr: 'Çukurun derinliği', en: 'Depth of the pothole' },
          values: [
            { key: 'shallow', name: { tr: 'Sığ', en: 'Shallow' } },
            { key: 'deep', name: { tr: 'Derin', en: 'Deep' } },
          ],
        },
        {
          code: 'lane_blocked',
          datatype: 'string',
          required: false,
          order: 2,
          description: { tr: 'Kapanan şerit', en: 'Blocked lane' },
        },
      ],
    },
  ]);
});

afterAll(async () => {
  // Later suites expect the demo settings of Ayvalık.
  const demo = demoCityConfiguration().tenants.find((t) => t.id === TENANT)?.settings;
  await putSettings('workTypeOverrides', demo?.workTypeOverrides ?? []);
});

describe('Open311 discovery and services (FixMyStreet’s service list sync)', () => {
  it('answers discovery with the endpoint and both formats', async () => {
    const answer = await get311('discovery.xml');
    expect(answer.status).toBe(200);
    const discovery = answer.doc.discovery as Element;
    expectFields(discovery, SPEC.discovery, 'discovery');
    const [endpoint] = (discovery.endpoints as { endpoint: Element[] }).endpoint;
    expectFields(endpoint, SPEC.endpoint, 'discovery endpoint');
    expect(text(endpoint?.url)).toMatch(/\/open311\/v2$/);
    expect((endpoint?.formats as { format: string[] } | undefined)?.format).toEqual([
      'text/xml',
      'application/json',
    ]);
  });

  it('lists services, and defines the attributes of those with metadata', async () => {
    const answer = await get311('services.xml');
    expect(answer.status).toBe(200);
    const services = (answer.doc.services as { service: Element[] }).service;
    expect(services.length).toBeGreaterThan(100);
    for (const s of services) {
      expectFields(s, SPEC.service, `service ${text(s.service_code)}`);
      expect(['true', 'false']).toContain(s.metadata);
      expect(['realtime', 'batch', 'blackbox']).toContain(s.type);
    }
    const withMetadata = services.filter((s) => s.metadata === 'true');
    expect(withMetadata.map((s) => s.service_code)).toContain(WORK_TYPE);
    // Open311.pm's get_service_meta_info for each service with metadata.
    for (const s of withMetadata) {
      const meta = await get311(`services/${text(s.service_code)}.xml`);
      expect(meta.status).toBe(200);
      const definition = meta.doc.service_definition as Element;
      expectFields(definition, SPEC.serviceDefinition, 'service_definition');
      const attributes = (definition.attributes as { attribute: Element[] }).attribute;
      for (const a of attributes) {
        expectFields(a, SPEC.attribute, `attribute ${text(a.code)}`);
        expect(DATATYPES).toContain(a.datatype);
        for (const v of (a.values as { value?: Element[] } | undefined)?.value ?? [])
          expectFields(v, SPEC.attributeValue, 'attribute value');
      }
      if (s.service_code === WORK_TYPE) {
        expect(attributes.map((a) => [a.code, a.required, a.order])).toEqual([
          ['depth', 'true', '1'],
          ['lane_blocked', 'false', '2'],
        ]);
      }
    }
  });

  it('serves the same resources as JSON, and English names on request', async () => {
    const res = await fetch(apiUrl(`/open311/v2/services.json?jurisdiction_id=${JURISDICTION}`), {
      headers: { 'accept-language': 'en' },
    });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const services = (await res.json()) as Element[];
    const pothole = services.find((s) => s.service_code === WORK_TYPE);
    expect(pothole).toMatchObject({ metadata: true, type: 'realtime' });
    for (const s of services) expectFields(s, SPEC.service, 'JSON service');
    const definition = (await (
      await fetch(apiUrl(`/open311/v2/services/${WORK_TYPE}.json?jurisdiction_id=${JURISDICTION}`))
    ).json()) as { attributes: Element[] };
    expect(definition.attributes[0]).toMatchObject({
      code: 'depth',
      variable: true,
      required: true,
      order: 1,
    });
  });
});

describe('Open311 service requests (FixMyStreet’s send_service_request)', () => {
  let serviceRequestId: string;

  it('files a form-encoded request with attributes; the description keeps LF line ends only', async () => {
    serviceRequestId = await sendServiceRequest(pothole('Sahil yolunda derin bir çukur var.'));
    expect(serviceRequestId).toMatch(/^\d{12}$/);
    const caseId = await caseIdOf(serviceRequestId);
    await routedToAyvalik(serviceRequestId);
    // The key reads the cases its tenant owns: once routing has made it Ayvalık's.
    const view = await getJson(`/v1/integration/cases/${caseId}`, { 'x-api-key': apiKey });
    const stored = view.json.case as { description: string; channel: string };
    expect(stored.channel).toBe('open311');
    expect(stored.description).not.toContain('\r');
    expect(stored.description).toContain('detail: Sahil yolunda derin bir çukur var.\n\nurl:');
    // The answers to the service's questions are on the case, in the city's words.
    expect(stored.description).toContain('Çukurun derinliği: Derin');
    expect(stored.description).toContain('Kapanan şerit: sağ şerit');
  });

  it('polls the token into the service_request_id', async () => {
    const answer = await post311('requests.xml', pothole('Köprü girişinde çukur.'));
    const [request] = (answer.doc.service_requests as { request: Element[] }).request;
    const token = text(request?.token);
    expect(token).not.toBe('');
    expect(await getServiceRequestIdFromToken(token)).toBe(text(request?.service_request_id));
    const unknown = await get311('tokens/01ARZ3NDEKTSV4RRFFQ69G5FAV.xml');
    expect(unknown.status).toBe(404);
  });

  it('takes a photo as a multipart media part, checked from its bytes', async () => {
    const id = await sendServiceRequest(pothole('Fotoğraflı çukur bildirimi.'), jpeg());
    const caseId = await caseIdOf(id);
    await routedToAyvalik(id);
    const view = await getJson(`/v1/integration/cases/${caseId}`, { 'x-api-key': apiKey });
    const [attachment] = (view.json.case as { attachments: Element[] }).attachments;
    expect(attachment).toMatchObject({ contentType: 'image/jpeg', fileName: 'photo.jpeg', sizeBytes: 212 });
    const notAPhoto = await post311(
      'requests.xml',
      pothole('Sahte fotoğraf.'),
      new Blob(['<html>not a photo</html>'], { type: 'image/jpeg' }),
    );
    expect(notAPhoto.status).toBe(400);
  });

  it('lists requests by id, and by service, date and status within the 90-day window', async () => {
    await routedToAyvalik(serviceRequestId);
    const byId = await get311('requests.xml', { service_request_id: `${serviceRequestId},000000000000` });
    expect(byId.status).toBe(200);
    const [request] = (byId.doc.service_requests as { request: Element[] }).request;
    expectFields(request, SPEC.request, 'GET requests');
    expect(request).toMatchObject({
      service_request_id: serviceRequestId,
      status: 'open',
      service_code: WORK_TYPE,
    });
    expect(STANDARD_STATUSES).toContain(request?.status);
    for (const field of ['requested_datetime', 'updated_datetime', 'expected_datetime'])
      expect(text(request?.[field])).toMatch(W3C_DATETIME);
    expect(Number(request?.lat)).toBeCloseTo(ayvalik.lat, 5);
    // A key-less read shows no citizen text: no description, no address, no contact.
    expect(byId.text).not.toContain('Sahil yolunda');
    expect(byId.text).not.toContain('ayse@example.org');
    // The owner's key with case.read sees the description.
    const withKey = await get311('requests.xml', { service_request_id: serviceRequestId, api_key: apiKey });
    expect(withKey.text).toContain('Sahil yolunda');

    const filtered = await get311('requests.xml', { service_code: WORK_TYPE, status: 'open' });
    const listed = (filtered.doc.service_requests as { request?: Element[] }).request ?? [];
    expect(listed.map((r) => r.service_request_id)).toContain(serviceRequestId);
    for (const r of listed) expect(r).toMatchObject({ service_code: WORK_TYPE, status: 'open' });
    const closedOnly = await get311('requests.xml', { status: 'closed' });
    const closed = (closedOnly.doc.service_requests as { request?: Element[] }).request ?? [];
    expect(closed.map((r) => r.service_request_id)).not.toContain(serviceRequestId);

    const one = await get311(`requests/${serviceRequestId}.xml`);
    expect(one.status).toBe(200);
    expectFields(
      (one.doc.service_requests as { request: Element[] }).request[0],
      SPEC.request,
      'GET request',
    );
    const json = await fetch(
      apiUrl(`/open311/v2/requests/${serviceRequestId}.json?jurisdiction_id=${JURISDICTION}`),
    );
    const [asJson] = (await json.json()) as Element[];
    expect(asJson).toMatchObject({ service_request_id: serviceRequestId, status: 'open' });
    expect(typeof asJson?.lat).toBe('number');

    const tooWide = await get311('requests.xml', {
      start_date: '2026-01-01T00:00:00Z',
      end_date: '2026-06-01T00:00:00Z',
    });
    expect(tooWide.status).toBe(400);
  });

  it('answers with the spec’s errors: 400, 403 and 404, in XML and JSON, without echoing input', async () => {
    const expectError = (answer: Answer, status: number) => {
      expect(answer.status, answer.text).toBe(status);
      const errors = (answer.doc.errors as { error: Element[] }).error;
      for (const e of errors) expectFields(e, SPEC.error, 'error');
      expect(errors[0]?.code).toBe(String(status));
    };
    const saved = apiKey;
    apiKey = `${saved.slice(0, -4)}AAAA`;
    try {
      expectError(await post311('requests.xml', pothole('Geçersiz anahtarla.')), 403);
    } finally {
      apiKey = saved;
    }
    expectError(
      await post311(
        'requests.xml',
        pothole('Kodsuz.').filter(([k]) => k !== 'service_code'),
      ),
      400,
    );
    const missingAnswer = await post311(
      'requests.xml',
      pothole('Cevapsız soru.').filter(([k]) => k !== 'attribute[depth]'),
    );
    expectError(missingAnswer, 400);
    expect(missingAnswer.text).toContain('attribute[depth]');
    const badPhone = await post311('requests.xml', [
      ...pothole('Telefon hatalı.').filter(([k]) => k !== 'phone'),
      ['phone', '12'],
    ]);
    expectError(badPhone, 400);
    expect(badPhone.text).not.toContain('ayse@example.org');
    expectError(await get311('services/NO-SUCH-SERVICE.xml'), 404);
    expectError(await get311('requests/999999999999.xml'), 404);
    const unknownJurisdiction = await read(
      await fetch(apiUrl('/open311/v2/services.xml?jurisdiction_id=nowhere.example')),
    );
    expectError(unknownJurisdiction, 404);
    // Another tenant's key cannot post into this jurisdiction.
    apiKey = otherTenantKey;
    try {
      expectError(await post311('requests.xml', pothole('Başka kurumun anahtarı.')), 403);
    } finally {
      apiKey = saved;
    }
    const json = await fetch(apiUrl(`/open311/v2/services/NOPE.json?jurisdiction_id=${JURISDICTION}`));
    expect(json.status).toBe(404);
    expect(await json.json()).toEqual([{ code: 404, description: expect.any(String) }]);
  });
});

describe('Open311 servicerequestupdates (mySociety extension)', () => {
  it('reports each public step with its extended status, and records posted updates once', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const id = await sendServiceRequest(pothole('Güncellemeleri izlenecek çukur.'));
    await routedToAyvalik(id);
    const caseId = await caseIdOf(id);
    await act(caseId, { action: 'accept' });
    await act(caseId, {
      action: 'resolve',
      resultCode: 'SCHEDULED',
      publicAnswer: 'Çukur yama programına alındı.',
      internalNote: 'Ekip 2.',
      evidence: { plannedDate: '2030-06-01' },
    });

    // Open311.pm's get_service_request_updates, by date window.
    const polled = await get311('servicerequestupdates.xml', {
      start_date: since,
      end_date: new Date(Date.now() + 1000).toISOString(),
    });
    expect(polled.status, polled.text).toBe(200);
    const updates = (
      (polled.doc.service_request_updates as { request_update?: Element[] }).request_update ?? []
    ).filter((u) => u.service_request_id === id);
    for (const u of updates) {
      expectFields(u, SPEC.requestUpdate, 'request_update');
      expect(EXTENDED_STATUSES).toContain(u.status);
      expect(text(u.updated_datetime)).toMatch(W3C_DATETIME);
    }
    expect(updates.map((u) => u.status)).toEqual(['OPEN', 'INVESTIGATING', 'ACTION_SCHEDULED']);
    expect(updates.at(-1)).toMatchObject({
      description: 'Çukur yama programına alındı.',
      external_status_code: 'SCHEDULED',
    });

    // post_service_request_update: a citizen's comment with FixMyStreet's update id, twice.
    const update: [string, string][] = [
      ['update_id', `fms-${randomUUID()}`],
      ['service_request_id', id],
      ['status', 'OPEN'],
      ['updated_datetime', new Date().toISOString()],
      ['description', 'Hâlâ\r\norada, çukur büyüdü.'],
      ['email', 'ayse@example.org'],
      ['first_name', 'Ayşe'],
      ['last_name', 'Yılmaz'],
    ];
    const first = await post311('servicerequestupdates.xml', update);
    expect(first.status, first.text).toBe(200);
    const [posted] = (first.doc.service_request_updates as { request_update: Element[] }).request_update;
    expectFields(posted, SPEC.postUpdate, 'POST servicerequestupdates');
    const again = await post311('servicerequestupdates.xml', update);
    const [repeated] = (again.doc.service_request_updates as { request_update: Element[] }).request_update;
    expect(repeated?.update_id).toBe(posted?.update_id);
    const timeline = await getJson(`/v1/integration/cases/${caseId}`, { 'x-api-key': apiKey });
    const comments = (timeline.json.timeline as { type: string; data?: { text?: string } }[]).filter(
      (e) => e.type === 'comment',
    );
    expect(comments).toHaveLength(1);
    expect(comments[0]?.data?.text).toContain('Hâlâ\norada, çukur büyüdü.');
    expect(comments[0]?.data?.text).toContain('yeniden açılması');

    const unknownStatus = await post311('servicerequestupdates.xml', [
      ...update.filter(([k]) => k !== 'status'),
      ['status', 'MAYBE'],
    ]);
    expect(unknownStatus.status).toBe(400);
  });
});

describe('the local cloud’s Open311 endpoints', () => {
  it('lists every tenant’s jurisdiction_id with a working demo key (.data/endpoints.json)', async () => {
    const open311 = inject('endpoints').open311;
    expect(open311?.url).toBe(`${inject('endpoints').apiUrl}/open311/v2`);
    const jurisdictions = open311?.jurisdictions ?? [];
    const balikesir = demoCityConfiguration().tenants;
    for (const t of balikesir) {
      expect(jurisdictions).toContainEqual(
        expect.objectContaining({
          tenantId: t.id,
          jurisdictionId: t.jurisdictionId,
          apiKey: expect.any(String),
        }),
      );
    }
    const karesi = jurisdictions.find((j) => j.tenantId === 'balikesir-karesi');
    const res = await fetch(`${open311?.url}/requests.json`, {
      method: 'POST',
      body: new URLSearchParams({
        jurisdiction_id: String(karesi?.jurisdictionId),
        api_key: String(karesi?.apiKey),
        service_code: WORK_TYPE,
        lat: '39.6485',
        long: '27.8862',
        description: 'Demo anahtarıyla gönderilen çukur bildirimi.',
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const [created] = (await res.json()) as { service_request_id: string; token: string }[];
    expect(created?.service_request_id).toMatch(/^\d{12}$/);
  });
});
