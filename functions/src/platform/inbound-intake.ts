import {
  createDocumentClient,
  createPiiHasher,
  createS3Client,
  InboxAttachmentStore,
  InboxRepository,
  inboxAttachmentKey,
  inboxMessageId,
  loadSecret,
  mainTable,
  requireEnv,
} from '@citydesk/data';
import {
  type InboundMessageDraft,
  type InboxAttachment,
  type InboxMessage,
  type InboxSuggestion,
  suggestWorkTypes,
} from '@citydesk/domain';
import { workTypeClassifierModel } from '@citydesk/domain/work-type-classifier-model';
import { attachmentsBucket, type SecretName, secrets } from '../manifest.ts';
import { type CityRuntime, cityRuntime, defaultCityId } from './city-runtime.ts';
import { logger } from './logger.ts';

/*
 * What every inbound adapter does with a message once its provider's credentials
 * check out: store it once per provider message id in the city's triage inbox (the
 * metropolitan municipality's), with its attachments in the metro's prefix of the
 * attachments bucket and the classifier's three likeliest work types.
 */

export const inboxRepository = new InboxRepository(createDocumentClient(), requireEnv(mainTable.envVar));

let attachmentStore: InboxAttachmentStore | undefined;
function attachments(): InboxAttachmentStore {
  attachmentStore ??= new InboxAttachmentStore(createS3Client(), requireEnv(attachmentsBucket.envVar));
  return attachmentStore;
}

/** The city's work types a conversion may use: those the metro has not disabled city-wide. */
export function offeredWorkTypeCodes(runtime: CityRuntime): Set<string> {
  return new Set(
    runtime.catalog.workTypes
      .filter((w) => runtime.overrideOf(runtime.metroTenantId, w.code)?.enabled !== false)
      .map((w) => w.code),
  );
}

/** The classifier's top three for a message's subject and text (empty when there is nothing to go on). */
export function suggestFor(runtime: CityRuntime, text: string): InboxSuggestion[] {
  const offered = offeredWorkTypeCodes(runtime);
  try {
    return suggestWorkTypes(
      text,
      workTypeClassifierModel(),
      {
        workTypes: runtime.catalog.workTypes.filter((w) => offered.has(w.code)),
        groups: runtime.catalog.groups,
      },
      3,
    ).map((s) => ({ code: s.code, score: Math.round(s.score * 1000) / 1000 }));
  } catch (error) {
    // A message is never lost for want of a suggestion: the agent picks the work type.
    logger.error('work-type suggestion failed', { error: error as Error });
    return [];
  }
}

let hasher: Promise<(value: string) => string> | undefined;
/** The keyed hash of a sender's phone or address (the PII key of the citizen-history index). */
export async function senderHashOf(sender: { phone?: string; email?: string }): Promise<string | undefined> {
  const contact = sender.phone ?? sender.email?.toLowerCase();
  if (!contact) return undefined;
  hasher ??= loadSecret(secrets.piiHmacKey).then(createPiiHasher);
  return (await hasher)(`inbox:${contact}`);
}

/** The deployment's city (one city per deployment, CITY_ID). */
export const inboxCity = () => cityRuntime(defaultCityId);

/** Stores a draft once; a redelivery answers with the stored message and writes nothing. */
export async function ingestInbound(
  draft: InboundMessageDraft,
  now: Date = new Date(),
): Promise<{ message: InboxMessage; replayed: boolean }> {
  const runtime = await inboxCity();
  const id = inboxMessageId(draft.channel, draft.providerMessageId);
  const existing = await inboxRepository.get(id);
  if (existing) return { message: existing, replayed: true };
  const tenantId = runtime.metroTenantId;
  const senderHash = await senderHashOf(draft.sender);
  const stored: InboxAttachment[] = [];
  for (const [index, a] of draft.attachments.entries()) {
    // Positional ids: a redelivery racing the first delivery writes the same keys.
    const attachmentId = `a${index + 1}`;
    const base = {
      id: attachmentId,
      fileName: a.fileName.slice(0, 200),
      contentType: a.contentType.slice(0, 200),
    };
    if (a.content) {
      const storageKey = inboxAttachmentKey(tenantId, id, attachmentId);
      await attachments().put(storageKey, a.content, a.contentType);
      stored.push({ ...base, sizeBytes: a.content.byteLength, storageKey });
    } else {
      stored.push({
        ...base,
        ...(a.sizeBytes !== undefined ? { sizeBytes: a.sizeBytes } : {}),
        ...(a.providerMediaId ? { providerMediaId: a.providerMediaId } : {}),
      });
    }
  }
  const message: InboxMessage = {
    id,
    cityId: runtime.cityId,
    tenantId,
    channel: draft.channel,
    providerMessageId: draft.providerMessageId,
    receivedAt: draft.receivedAt,
    sender: draft.sender,
    ...(senderHash ? { senderHash } : {}),
    ...(draft.subject ? { subject: draft.subject } : {}),
    text: draft.text,
    ...(draft.location ? { location: draft.location } : {}),
    attachments: stored,
    ...(draft.platform ? { platform: draft.platform } : {}),
    ...(draft.url ? { url: draft.url } : {}),
    suggestions: suggestFor(runtime, [draft.subject, draft.text].filter(Boolean).join('\n')),
    status: 'new',
    version: 1,
    replies: [],
    updatedAt: now.toISOString(),
  };
  return inboxRepository.createOnce(message);
}

/** The exact bytes the provider sent: signatures are computed over them, not over re-serialised JSON. */
export function rawBodyOf(event: { body?: string; isBase64Encoded: boolean }): Buffer {
  return event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64')
    : Buffer.from(event.body ?? '', 'utf8');
}

/** Webhook bodies are small (a WhatsApp batch is a few kB); anything larger is refused unread. */
export const MAX_INBOUND_BODY_BYTES = 256 * 1024;

const secretCache = new Map<SecretName, Promise<string>>();
/** A webhook credential, read once per process (Secrets Manager on AWS, .data/secrets locally). */
export function inboundSecret(name: SecretName): Promise<string> {
  let value = secretCache.get(name);
  if (!value) {
    value = loadSecret(secrets[name]).catch((err: unknown) => {
      secretCache.delete(name);
      throw err;
    });
    secretCache.set(name, value);
  }
  return value;
}
