import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';

/*
 * The local cloud's S3 endpoint: a small gateway in front of fauxqs that adds what
 * the portal and the handlers rely on and fauxqs does not do (it skips POST policy
 * validation, has no CORS, no object tagging and ignores response-* overrides):
 *
 * - CORS as the bucket's CORS rule on AWS (infra/lib/constructs/attachments-storage.ts):
 *   preflights answered for the portal's origins only, CORS headers on responses.
 * - Browser form uploads (PostObject) checked like S3 does: SigV4 signature of the
 *   policy, expiry, every condition (exact, starts-with, content-length-range), no
 *   unlisted fields; then stored in fauxqs (multipart for large files, because
 *   fauxqs caps request bodies at 11 MiB).
 * - Presigned GET/HEAD: signature and expiry checked, response-* overrides applied.
 * - Object tagging (the attachments' upload state), kept here, since fauxqs has none.
 *
 * Everything else is forwarded to fauxqs unchanged. Handlers use this endpoint
 * (AWS_ENDPOINT_URL_S3), so the URLs they sign are the ones browsers can reach.
 */

/** Options of {@link startLocalS3Gateway}. */
export interface LocalS3GatewayOptions {
  port: number;
  /** The fauxqs endpoint (`http://127.0.0.1:4577`). */
  upstream: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Browser origins allowed by the CORS rule (the portal's). */
  allowedOrigins: readonly string[];
  /** JSON file keeping object tags across restarts; undefined keeps them in memory. */
  tagsFile?: string;
  log?: (line: string) => void;
}

/** A running gateway. */
export interface LocalS3Gateway {
  endpoint: string;
  close(): Promise<void>;
}

/** An S3 error response. */
export interface S3Failure {
  status: number;
  code: string;
  message: string;
}

/** Above the largest attachment (100 MiB) plus form fields: S3's own POST limit is 5 GB. */
const MAX_POST_BYTES = 110 * 1024 * 1024;
/** fauxqs accepts request bodies up to 11 MiB: larger files go up in parts. */
const PART_BYTES = 8 * 1024 * 1024;
const CORS_METHODS = ['GET', 'HEAD', 'POST'];
const CORS_MAX_AGE_SECONDS = 3000;
const EXPOSED_HEADERS = 'ETag, Location, x-amz-request-id, x-amz-version-id';
/** Form fields S3 does not require the policy to name. */
const UNCHECKED_FIELDS = new Set(['policy', 'x-amz-signature', 'file']);

const failure = (status: number, code: string, message: string): S3Failure => ({ status, code, message });

const xmlEscape = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const xmlUnescape = (value: string) =>
  value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

const errorXml = (f: S3Failure) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${f.code}</Code><Message>${xmlEscape(f.message)}</Message></Error>`;

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** The SigV4 signing key of a date (YYYYMMDD), region and service. */
function signingKey(secretAccessKey: string, date: string, region: string, service = 's3'): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** `YYYYMMDDTHHMMSSZ` to a Date. */
function parseAmzDate(value: string | undefined): Date | undefined {
  const m = value?.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

/** Checks a SigV4 credential scope (`AKID/20261102/eu-central-1/s3/aws4_request`). */
function checkCredential(
  credential: string | undefined,
  expected: { accessKeyId: string; region: string },
): { date: string } | S3Failure {
  const [accessKeyId, date, region, service, terminator] = (credential ?? '').split('/');
  if (!accessKeyId || !date || service !== 's3' || terminator !== 'aws4_request')
    return failure(400, 'AuthorizationQueryParametersError', 'The credential is malformed.');
  if (accessKeyId !== expected.accessKeyId)
    return failure(
      403,
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
    );
  if (region !== expected.region)
    return failure(
      400,
      'AuthorizationHeaderMalformed',
      `The region '${region}' is wrong; expecting '${expected.region}'.`,
    );
  return { date };
}

type PolicyCondition = Record<string, unknown> | unknown[];

/**
 * Validates a browser form upload as S3 does (POST Object with a SigV4 policy):
 * signature, expiry, conditions, the size range, and that the policy names every
 * submitted field. `fields` are keyed by lower-cased name. Undefined: accepted.
 */
export function checkPostPolicy(input: {
  bucket: string;
  fields: ReadonlyMap<string, string>;
  fileSize: number;
  now: Date;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}): S3Failure | undefined {
  const field = (name: string) => input.fields.get(name.toLowerCase());
  const policyBase64 = field('policy');
  if (!policyBase64) return failure(403, 'AccessDenied', 'Access Denied: the form carries no policy.');
  if (field('x-amz-algorithm') !== 'AWS4-HMAC-SHA256')
    return failure(400, 'InvalidArgument', 'Only AWS4-HMAC-SHA256 signed forms are supported.');
  const scope = checkCredential(field('x-amz-credential'), {
    accessKeyId: input.credentials.accessKeyId,
    region: input.region,
  });
  if ('code' in scope) return scope;
  const expected = createHmac(
    'sha256',
    signingKey(input.credentials.secretAccessKey, scope.date, input.region),
  )
    .update(policyBase64, 'utf8')
    .digest('hex');
  if (!sameHex(expected, field('x-amz-signature') ?? ''))
    return failure(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.',
    );

  let policy: { expiration?: unknown; conditions?: unknown };
  try {
    policy = JSON.parse(Buffer.from(policyBase64, 'base64').toString('utf8')) as typeof policy;
  } catch {
    return failure(400, 'InvalidPolicyDocument', 'Invalid Policy: Invalid JSON.');
  }
  const expiration = typeof policy.expiration === 'string' ? Date.parse(policy.expiration) : Number.NaN;
  if (Number.isNaN(expiration))
    return failure(400, 'InvalidPolicyDocument', 'Invalid Policy: Policy missing expiration.');
  if (expiration <= input.now.getTime())
    return failure(403, 'AccessDenied', 'Invalid according to Policy: Policy expired.');
  if (!Array.isArray(policy.conditions))
    return failure(400, 'InvalidPolicyDocument', 'Invalid Policy: Policy missing conditions.');

  const named = new Set<string>();
  const submitted = (name: string) => (name === 'bucket' ? input.bucket : field(name));
  const conditionFailed = (condition: PolicyCondition) =>
    failure(
      403,
      'AccessDenied',
      `Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`,
    );
  for (const condition of policy.conditions as PolicyCondition[]) {
    if (Array.isArray(condition)) {
      const [op, target, value] = condition;
      if (op === 'content-length-range') {
        const [min, max] = [Number(target), Number(value)];
        if (input.fileSize < min)
          return failure(
            400,
            'EntityTooSmall',
            'Your proposed upload is smaller than the minimum allowed size',
          );
        if (input.fileSize > max)
          return failure(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
        continue;
      }
      if (typeof target !== 'string' || !target.startsWith('$') || typeof value !== 'string')
        return failure(
          400,
          'InvalidPolicyDocument',
          `Invalid Policy: Invalid condition ${JSON.stringify(condition)}`,
        );
      const name = target.slice(1).toLowerCase();
      named.add(name);
      const actual = submitted(name);
      if (op === 'eq' && actual !== value) return conditionFailed(condition);
      if (op === 'starts-with' && (actual === undefined || !actual.startsWith(value)))
        return conditionFailed(condition);
      if (op !== 'eq' && op !== 'starts-with')
        return failure(400, 'InvalidPolicyDocument', `Invalid Policy: Unknown condition ${String(op)}`);
    } else {
      for (const [name, value] of Object.entries(condition)) {
        named.add(name.toLowerCase());
        if (submitted(name.toLowerCase()) !== value) return conditionFailed(condition);
      }
    }
  }
  const extra = [...input.fields.keys()].filter(
    (name) => !UNCHECKED_FIELDS.has(name) && !name.startsWith('x-ignore-') && !named.has(name),
  );
  if (extra.length > 0)
    return failure(
      403,
      'AccessDenied',
      `Invalid according to Policy: Extra input fields: ${extra.join(', ')}`,
    );
  return undefined;
}

/** RFC 3986 encoding as SigV4 wants it. */
const sigv4Encode = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Checks a presigned (query-string SigV4) request: credential scope, expiry and
 * signature over the canonical request. Undefined: accepted.
 */
export function checkPresignedRequest(input: {
  method: string;
  /** The request target as received: path and query, percent-encoded. */
  url: string;
  headers: IncomingHttpHeaders;
  now: Date;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}): S3Failure | undefined {
  const url = new URL(input.url, 'http://gateway');
  const q = url.searchParams;
  if (q.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256')
    return failure(400, 'AuthorizationQueryParametersError', 'X-Amz-Algorithm must be AWS4-HMAC-SHA256.');
  const scope = checkCredential(q.get('X-Amz-Credential') ?? undefined, {
    accessKeyId: input.credentials.accessKeyId,
    region: input.region,
  });
  if ('code' in scope) return scope;
  const signedAt = parseAmzDate(q.get('X-Amz-Date') ?? undefined);
  const expiresIn = Number(q.get('X-Amz-Expires'));
  if (!signedAt || !Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604_800)
    return failure(400, 'AuthorizationQueryParametersError', 'X-Amz-Date or X-Amz-Expires is invalid.');
  if (signedAt.getTime() + expiresIn * 1000 < input.now.getTime())
    return failure(403, 'AccessDenied', 'Request has expired');

  const signedHeaders = (q.get('X-Amz-SignedHeaders') ?? '').split(';').filter(Boolean);
  const canonicalHeaders = signedHeaders
    .map((name) => {
      const raw = input.headers[name];
      const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
      return `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const canonicalQuery = [...q.entries()]
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => [sigv4Encode(k), sigv4Encode(v)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  // S3 signs the path exactly as sent (the SDK encodes each key segment once, slashes kept).
  const canonicalPath = input.url.split('?')[0] || '/';
  const canonicalRequest = [
    input.method,
    canonicalPath,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders.join(';'),
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const credentialScope = `${scope.date}/${input.region}/s3/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    q.get('X-Amz-Date'),
    credentialScope,
    createHash('sha256').update(canonicalRequest, 'utf8').digest('hex'),
  ].join('\n');
  const expected = createHmac(
    'sha256',
    signingKey(input.credentials.secretAccessKey, scope.date, input.region),
  )
    .update(stringToSign, 'utf8')
    .digest('hex');
  if (!sameHex(expected, q.get('X-Amz-Signature') ?? ''))
    return failure(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.',
    );
  return undefined;
}

/** `<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag>…` to a record. */
export function parseTaggingXml(xml: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const m of xml.matchAll(/<Tag>\s*<Key>([\s\S]*?)<\/Key>\s*<Value>([\s\S]*?)<\/Value>\s*<\/Tag>/g))
    tags[xmlUnescape(m[1] ?? '')] = xmlUnescape(m[2] ?? '');
  return tags;
}

const taggingXml = (tags: Record<string, string>) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet>${Object.entries(
    tags,
  )
    .map(([k, v]) => `<Tag><Key>${xmlEscape(k)}</Key><Value>${xmlEscape(v)}</Value></Tag>`)
    .join('')}</TagSet></Tagging>`;

/** Object tags by `bucket/key`, optionally persisted to a JSON file. */
class ObjectTags {
  readonly #tags: Map<string, Record<string, string>>;
  readonly #file: string | undefined;

  constructor(file: string | undefined) {
    this.#file = file;
    this.#tags = new Map(
      file && existsSync(file)
        ? Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>)
        : [],
    );
  }

  get(path: string): Record<string, string> {
    return this.#tags.get(path) ?? {};
  }

  set(path: string, tags: Record<string, string>): void {
    if (Object.keys(tags).length === 0) this.#tags.delete(path);
    else this.#tags.set(path, tags);
    if (this.#file) writeFileSync(this.#file, JSON.stringify(Object.fromEntries(this.#tags)));
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(undefined);
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Path-style `/bucket/key…` of a request target. */
function splitPath(url: URL): { bucket: string; key: string } {
  const [, bucket = '', ...rest] = url.pathname.split('/');
  return { bucket: decodeURIComponent(bucket), key: rest.map(decodeURIComponent).join('/') };
}

/** Starts the gateway on 127.0.0.1:`port`. */
export async function startLocalS3Gateway(options: LocalS3GatewayOptions): Promise<LocalS3Gateway> {
  const log = options.log ?? (() => {});
  const upstream = new URL(options.upstream);
  const endpoint = `http://127.0.0.1:${options.port}`;
  const allowed = new Set(options.allowedOrigins);
  const tags = new ObjectTags(options.tagsFile);
  const s3 = new S3Client({
    endpoint: options.upstream,
    region: options.region,
    credentials: options.credentials,
    forcePathStyle: true,
  });

  const corsHeaders = (req: IncomingMessage): Record<string, string> => {
    const origin = req.headers.origin;
    if (!origin || !allowed.has(origin)) return {};
    return {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': CORS_METHODS.join(', '),
      'access-control-expose-headers': EXPOSED_HEADERS,
      'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
      vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    };
  };

  const sendError = (req: IncomingMessage, res: ServerResponse, f: S3Failure) => {
    const body = req.method === 'HEAD' ? '' : errorXml(f);
    res.writeHead(f.status, { 'content-type': 'application/xml', ...corsHeaders(req) });
    res.end(body);
  };

  /** A CORS preflight, answered as S3 does for the bucket's one CORS rule. */
  const preflight = (req: IncomingMessage, res: ServerResponse) => {
    const origin = req.headers.origin;
    const method = req.headers['access-control-request-method'];
    if (!origin || !method) {
      return sendError(
        req,
        res,
        failure(400, 'BadRequest', 'Insufficient information. Origin request header needed.'),
      );
    }
    if (!allowed.has(origin) || !CORS_METHODS.includes(method.toUpperCase())) {
      return sendError(
        req,
        res,
        failure(
          403,
          'AccessForbidden',
          'CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, ' +
            "request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
        ),
      );
    }
    res.writeHead(200, {
      ...corsHeaders(req),
      ...(req.headers['access-control-request-headers']
        ? { 'access-control-allow-headers': req.headers['access-control-request-headers'] }
        : {}),
      'content-length': '0',
    });
    res.end();
  };

  /** Forwards a request to fauxqs; `overrides` replace response headers (presigned response-*). */
  const forward = (
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer | undefined,
    overrides: Record<string, string> = {},
    onSuccess?: () => void,
  ) =>
    new Promise<void>((resolve) => {
      const headers = { ...req.headers, host: upstream.host };
      const outgoing = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
        (answer) => {
          const status = answer.statusCode ?? 502;
          if (status < 300) onSuccess?.();
          const responseHeaders = {
            ...answer.headers,
            ...(status < 300 ? overrides : {}),
            ...corsHeaders(req),
          };
          res.writeHead(status, responseHeaders);
          answer.pipe(res);
          answer.on('end', resolve);
        },
      );
      outgoing.on('error', (error) => {
        log(`S3 gateway: upstream error: ${error.message}`);
        if (!res.headersSent)
          sendError(req, res, failure(503, 'ServiceUnavailable', 'fauxqs is unreachable'));
        resolve();
      });
      if (body) outgoing.end(body);
      else req.pipe(outgoing);
    });

  /** Stores a checked upload in fauxqs: one PUT, or parts for what exceeds its body limit. */
  const store = async (object: {
    bucket: string;
    key: string;
    body: Uint8Array;
    contentType: string;
    metadata: Record<string, string>;
    system: { ContentDisposition?: string; CacheControl?: string; ContentEncoding?: string };
  }): Promise<string> => {
    const common = {
      Bucket: object.bucket,
      Key: object.key,
      ContentType: object.contentType,
      Metadata: object.metadata,
      ...object.system,
    };
    if (object.body.length <= PART_BYTES) {
      const put = await s3.send(new PutObjectCommand({ ...common, Body: object.body }));
      return put.ETag ?? '';
    }
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand(common));
    try {
      const parts: { ETag: string; PartNumber: number }[] = [];
      for (let offset = 0, part = 1; offset < object.body.length; offset += PART_BYTES, part++) {
        const chunk = object.body.subarray(offset, offset + PART_BYTES);
        const uploaded = await s3.send(
          new UploadPartCommand({
            Bucket: object.bucket,
            Key: object.key,
            UploadId,
            PartNumber: part,
            Body: chunk,
          }),
        );
        parts.push({ ETag: uploaded.ETag ?? '', PartNumber: part });
      }
      const done = await s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: object.bucket,
          Key: object.key,
          UploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
      return done.ETag ?? '';
    } catch (error) {
      await s3.send(new AbortMultipartUploadCommand({ Bucket: object.bucket, Key: object.key, UploadId }));
      throw error;
    }
  };

  /** PostObject: a browser's presigned form upload. */
  const postObject = async (req: IncomingMessage, res: ServerResponse, bucket: string) => {
    const raw = await readBody(req, MAX_POST_BYTES);
    if (!raw) {
      res.setHeader('connection', 'close');
      sendError(
        req,
        res,
        failure(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size'),
      );
      res.on('finish', () => req.destroy());
      return;
    }
    let form: FormData;
    try {
      form = await new Request(endpoint, {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        body: raw,
      }).formData();
    } catch {
      return sendError(
        req,
        res,
        failure(
          400,
          'MalformedPOSTRequest',
          'The body of your POST request is not well-formed multipart/form-data.',
        ),
      );
    }
    const fields = new Map<string, string>();
    let file: File | undefined;
    for (const [name, value] of form.entries()) {
      if (name.toLowerCase() === 'file') {
        if (typeof value !== 'string') file = value;
        else file = new File([value], '');
      } else if (typeof value === 'string') fields.set(name.toLowerCase(), value);
    }
    if (!file)
      return sendError(
        req,
        res,
        failure(400, 'InvalidArgument', 'POST requires exactly one file upload per request.'),
      );
    const problem = checkPostPolicy({
      bucket,
      fields,
      fileSize: file.size,
      now: new Date(),
      region: options.region,
      credentials: options.credentials,
    });
    if (problem) return sendError(req, res, problem);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: S3's literal placeholder for the file's own name
    const key = (fields.get('key') ?? '').replaceAll('${filename}', file.name);
    if (!key)
      return sendError(
        req,
        res,
        failure(400, 'InvalidArgument', "Bucket POST must contain a field named 'key'."),
      );
    const metadata = Object.fromEntries(
      [...fields].filter(([name]) => name.startsWith('x-amz-meta-')).map(([name, v]) => [name.slice(11), v]),
    );
    const etag = await store({
      bucket,
      key,
      body: new Uint8Array(await file.arrayBuffer()),
      contentType: fields.get('content-type') ?? 'binary/octet-stream',
      metadata,
      system: {
        ...(fields.get('content-disposition')
          ? { ContentDisposition: fields.get('content-disposition') }
          : {}),
        ...(fields.get('cache-control') ? { CacheControl: fields.get('cache-control') } : {}),
        ...(fields.get('content-encoding') ? { ContentEncoding: fields.get('content-encoding') } : {}),
      },
    });
    tags.set(`${bucket}/${key}`, parseTaggingXml(fields.get('tagging') ?? ''));
    const location = `${endpoint}/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
    const status = Number(fields.get('success_action_status'));
    const headers = { etag, location, ...corsHeaders(req) };
    if (status === 201) {
      res.writeHead(201, { ...headers, 'content-type': 'application/xml' });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse><Location>${xmlEscape(location)}</Location>` +
          `<Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key><ETag>${xmlEscape(etag)}</ETag></PostResponse>`,
      );
    } else {
      res.writeHead(status === 200 ? 200 : 204, headers);
      res.end();
    }
  };

  const objectExists = async (bucket: string, key: string) => {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch {
      return false;
    }
  };

  /** GetObjectTagging, PutObjectTagging, DeleteObjectTagging. */
  const tagging = async (req: IncomingMessage, res: ServerResponse, bucket: string, key: string) => {
    const body = req.method === 'PUT' ? await readBody(req, 1024 * 1024) : undefined;
    if (!(await objectExists(bucket, key)))
      return sendError(req, res, failure(404, 'NoSuchKey', 'The specified key does not exist.'));
    const path = `${bucket}/${key}`;
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/xml', ...corsHeaders(req) });
      res.end(taggingXml(tags.get(path)));
    } else if (req.method === 'PUT') {
      tags.set(path, parseTaggingXml(body?.toString('utf8') ?? ''));
      res.writeHead(200, corsHeaders(req));
      res.end();
    } else if (req.method === 'DELETE') {
      tags.set(path, {});
      res.writeHead(204, corsHeaders(req));
      res.end();
    } else {
      sendError(req, res, failure(405, 'MethodNotAllowed', 'The specified method is not allowed.'));
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', endpoint);
    const { bucket, key } = splitPath(url);
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') return preflight(req, res);
    if (method === 'POST' && bucket && !key && req.headers['content-type']?.includes('multipart/form-data'))
      return postObject(req, res, bucket);
    if (key && url.searchParams.has('tagging')) return tagging(req, res, bucket, key);
    if (url.searchParams.has('X-Amz-Signature')) {
      const problem = checkPresignedRequest({
        method,
        url: req.url ?? '/',
        headers: req.headers,
        now: new Date(),
        region: options.region,
        credentials: options.credentials,
      });
      if (problem) return sendError(req, res, problem);
      // S3's response-* parameters override headers of a presigned GET's response.
      const overrides = Object.fromEntries(
        [...url.searchParams]
          .filter(([name]) => name.startsWith('response-'))
          .map(([name, value]) => [name.slice('response-'.length), value]),
      );
      return forward(req, res, undefined, overrides);
    }
    const path = `${bucket}/${key}`;
    if (key && method === 'DELETE') return forward(req, res, undefined, {}, () => tags.set(path, {}));
    if (key && method === 'PUT' && !url.searchParams.has('uploadId')) {
      // A new object version replaces the tags: with x-amz-tagging, or those of a copied source.
      const source = req.headers['x-amz-copy-source'];
      const header = req.headers['x-amz-tagging'];
      const replace = req.headers['x-amz-tagging-directive'] === 'REPLACE' || !source;
      const next = replace
        ? Object.fromEntries(new URLSearchParams(typeof header === 'string' ? header : ''))
        : tags.get(decodeURIComponent(String(source).replace(/^\//, '').split('?')[0] ?? ''));
      return forward(req, res, undefined, {}, () => tags.set(path, next));
    }
    return forward(req, res, undefined);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`S3 gateway: ${req.method} ${req.url} failed: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent)
        sendError(req, res, failure(500, 'InternalError', 'We encountered an internal error.'));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host: '127.0.0.1', exclusive: true }, () => resolve());
  });
  return {
    endpoint,
    close: async () => {
      s3.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Browsers and SDK clients keep connections alive; close() alone would wait for them.
      server.closeAllConnections();
      await closed;
    },
  };
}
