import * as z from 'zod';
import { foldTurkish } from './geo.ts';
import { type InboundMessageDraft, MAX_INBOX_TEXT } from './message-inbox.ts';

/*
 * A generic social-media mention webhook: a listening tool (or a relay of the
 * platforms' own APIs) posts each mention of the municipality, signed with HMAC-SHA256
 * over the raw body. Only mentions that carry one of the tenant's tags (hashtags or
 * @handles) or keywords reach the inbox; the rest are dropped and counted per reason,
 * so a noisy tool shows up in the counts rather than in the agents' inbox.
 */

export const SocialMentionPayload = z
  .object({
    id: z.string().trim().min(1).max(200),
    platform: z.string().trim().min(1).max(40),
    author: z
      .object({
        handle: z.string().trim().min(1).max(100),
        name: z.string().trim().max(200).optional(),
      })
      .strict(),
    text: z.string().max(MAX_INBOX_TEXT),
    url: z.url().max(2000).optional(),
    createdAt: z.iso.datetime({ offset: true }).optional(),
    /** Hashtags and mentioned handles as the platform lists them; the text is scanned too. */
    tags: z.array(z.string().max(140)).max(100).default([]),
  })
  .strict()
  .meta({ id: 'SocialMentionPayload' });
export type SocialMentionPayload = z.infer<typeof SocialMentionPayload>;

/** A tenant's filter: which tags and keywords make a mention the municipality's business. */
export const SocialMentionFilters = z
  .object({
    /** `#balikesirbld`, `@balikesirbld`; compared without `#`/`@`, case- and diacritic-insensitive. */
    tags: z.array(z.string().trim().min(2).max(100)).max(50).default([]),
    keywords: z.array(z.string().trim().min(2).max(100)).max(200).default([]),
    /** Mentions containing any of these are dropped even when a tag matches (e.g. campaign hashtags). */
    excludeKeywords: z.array(z.string().trim().min(2).max(100)).max(200).default([]),
  })
  .strict();
export type SocialMentionFilters = z.infer<typeof SocialMentionFilters>;

export type SocialDropReason =
  | 'filters-not-configured'
  | 'excluded-keyword'
  | 'no-tag-or-keyword'
  | 'empty-text';

const stripMarker = (tag: string) => foldTurkish(tag.replace(/^[#@]+/, '')).replaceAll(' ', '');

/** Whether a mention passes the tenant's filters, and why not. */
export function filterSocialMention(
  mention: SocialMentionPayload,
  filters: SocialMentionFilters | undefined,
): { keep: true; matched: string[] } | { keep: false; reason: SocialDropReason } {
  if (!mention.text.trim()) return { keep: false, reason: 'empty-text' };
  if (!filters || (filters.tags.length === 0 && filters.keywords.length === 0)) {
    return { keep: false, reason: 'filters-not-configured' };
  }
  const folded = ` ${foldTurkish(mention.text)} `;
  const contains = (keyword: string) => folded.includes(` ${foldTurkish(keyword)} `);
  if (filters.excludeKeywords.some(contains)) return { keep: false, reason: 'excluded-keyword' };
  const mentionTags = new Set([
    ...mention.tags.map(stripMarker),
    ...[...mention.text.matchAll(/[#@]([\p{L}\p{N}_]+)/gu)].map((m) => stripMarker(m[1] ?? '')),
  ]);
  const matched = [
    ...filters.tags.filter((t) => mentionTags.has(stripMarker(t))),
    ...filters.keywords.filter(contains),
  ];
  return matched.length ? { keep: true, matched } : { keep: false, reason: 'no-tag-or-keyword' };
}

export function socialMentionDraft(mention: SocialMentionPayload, now: Date): InboundMessageDraft {
  return {
    channel: 'social_media',
    providerMessageId: `${foldTurkish(mention.platform).replaceAll(' ', '-')}:${mention.id}`,
    receivedAt: mention.createdAt ? new Date(mention.createdAt).toISOString() : now.toISOString(),
    sender: {
      handle: mention.author.handle.replace(/^@/, ''),
      ...(mention.author.name ? { name: mention.author.name } : {}),
    },
    text: mention.text,
    attachments: [],
    platform: mention.platform,
    ...(mention.url ? { url: mention.url } : {}),
  };
}
