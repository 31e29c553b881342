import type {
  CaseEvent,
  HoldReason,
  LocalizedText,
  PublicCatalog,
  ResultCode,
  StoredAttachment,
} from '@citydesk/domain';
import { RESULT_CODE_RULES } from '@citydesk/domain';
import type { TimelineItem } from '#lib/design/components/Timeline.svelte';
import { eventLabel } from '#lib/i18n/case-status-text.ts';
import { formatCalendarDate, formatDateTime, localized } from '#lib/i18n/locale-format.ts';
import { m } from '#lib/paraglide/messages.js';
import { notificationNotes } from './notification-text.ts';
import {
  departmentName,
  holdReasonLabel,
  resultCodeLabel,
  tenantName,
  workTypeName,
} from './staff-case-text.ts';

/*
 * A case's timeline as staff read it: newest first, each entry with where the case
 * was (organisation and unit by name) and what the step carried (a reason, the
 * assignee, the result and the answer the citizen got, a comment). Entries the
 * citizen never sees are marked internal. Event data is read defensively: it was
 * written by whichever version of the API recorded the step.
 */

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;
const named = (value: unknown): string | undefined =>
  value && typeof value === 'object' ? text((value as { name?: unknown }).name) : undefined;

function isResultCode(value: unknown): value is ResultCode {
  return typeof value === 'string' && Object.hasOwn(RESULT_CODE_RULES, value);
}

const isLocalizedText = (value: unknown): value is LocalizedText =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as LocalizedText).tr === 'string' &&
  typeof (value as LocalizedText).en === 'string';

/** The title of an entry: notes say what kind of note they are. */
function entryTitle(event: CaseEvent): string {
  if (event.type === 'note' && event.data?.kind === 'routing') return m.tl_routing_title();
  if (event.type === 'note' && event.data?.kind === 'result') return m.tl_result_title();
  return eventLabel(event.type);
}

const HOLD_REASONS: readonly string[] = [
  'material',
  'tender',
  'season',
  'other-institution',
  'citizen-input',
  'other',
];
const isHoldReason = (value: unknown): value is HoldReason =>
  typeof value === 'string' && HOLD_REASONS.includes(value);

/** The lines an event's data adds under its title; `attachments` name the files events refer to by id. */
export function eventNotes(
  event: CaseEvent,
  catalog?: PublicCatalog,
  attachments: readonly StoredAttachment[] = [],
): string[] {
  const data = event.data ?? {};
  const notes: string[] = [];
  const reason = text(data.reason);
  switch (event.type) {
    case 'assigned': {
      const name = named(data.assignee);
      if (name) notes.push(m.tl_assignee({ name }));
      const deputyFor = named(data.deputyFor);
      if (deputyFor) notes.push(m.tl_deputy({ name: deputyFor }));
      break;
    }
    case 'started':
    case 'assignment_accepted': {
      const name = named(data.assignee);
      if (name) notes.push(m.tl_assignee({ name }));
      break;
    }
    case 'on_hold':
      if (isHoldReason(data.reason) && text(data.resumeOn))
        notes.push(
          m.tl_hold({
            reason: holdReasonLabel(data.reason),
            date: formatCalendarDate(String(data.resumeOn)),
          }),
        );
      break;
    case 'resolved':
    case 'closed':
      if (isResultCode(data.resultCode)) notes.push(m.tl_result({ label: resultCodeLabel(data.resultCode) }));
      if (text(data.publicAnswer)) notes.push(m.tl_answer({ text: String(data.publicAnswer) }));
      break;
    case 'note': {
      if (isResultCode(data.resultCode)) notes.push(m.tl_result({ label: resultCodeLabel(data.resultCode) }));
      if (text(data.internalNote)) notes.push(m.tl_note({ text: String(data.internalNote) }));
      // Routing explains its decision (rule and inputs) in both languages.
      const summary = (data.explanation as { summary?: unknown } | undefined)?.summary;
      if (isLocalizedText(summary)) notes.push(localized(summary));
      break;
    }
    case 'comment':
      if (text(data.text)) notes.push(String(data.text));
      break;
    case 'returned':
    case 'transferred':
      if (text(data.fromTenantId)) {
        const from = [tenantName(String(data.fromTenantId), catalog)];
        if (text(data.fromDepartmentCode))
          from.push(departmentName(String(data.fromDepartmentCode), catalog));
        notes.push(m.tl_from({ name: from.join(' · ') }));
      }
      break;
    case 'reclassified': {
      const to = data.to as { workTypeCode?: unknown } | undefined;
      if (text(to?.workTypeCode))
        notes.push(m.tl_subject({ name: workTypeName(String(to?.workTypeCode), catalog) }));
      break;
    }
    case 'split':
      if (Array.isArray(data.children)) notes.push(m.tl_children({ count: String(data.children.length) }));
      break;
    case 'reopened':
      if (data.requestedBy === 'citizen') notes.push(m.tl_by_citizen());
      break;
    case 'notification_sent':
    case 'notification_failed':
      notes.push(...notificationNotes(data));
      break;
    case 'attachment_added': {
      const file = attachments.find((a) => 'id' in a && a.id === data.attachmentId);
      if (file) notes.push(m.tl_file({ name: file.fileName }));
      break;
    }
    default:
      break;
  }
  // Reasons of returns, transfers, declines, cancellations, reopenings; a hold's reason is a code (above).
  if (reason && event.type !== 'on_hold') notes.push(m.tl_reason({ text: reason }));
  const note = text(data.note);
  if (note) notes.push(m.tl_note({ text: note }));
  return notes;
}

/** The timeline component's items for a case's events, newest first. */
export function timelineItems(
  events: readonly CaseEvent[],
  catalog?: PublicCatalog,
  attachments: readonly StoredAttachment[] = [],
): TimelineItem[] {
  return [...events]
    .sort((a, b) => b.at.localeCompare(a.at) || b.eventId.localeCompare(a.eventId))
    .map((event) => {
      const where = [
        event.tenantId ? tenantName(event.tenantId, catalog) : '',
        event.departmentCode ? departmentName(event.departmentCode, catalog) : '',
      ]
        .filter(Boolean)
        .join(' · ');
      const notes = eventNotes(event, catalog, attachments);
      return {
        key: event.eventId,
        title: entryTitle(event),
        at: event.at,
        atLabel: formatDateTime(event.at),
        ...(where ? { detail: where } : {}),
        ...(notes.length > 0 ? { notes } : {}),
        ...(event.visibility === 'internal' ? { tag: m.tl_internal() } : {}),
      };
    });
}
