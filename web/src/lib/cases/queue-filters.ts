import { type CaseStatus, type Channel, Channel as ChannelSchema } from '@citydesk/domain';

/*
 * The work queue's filters live in the page address (`?status=ROUTED&overdue=1`), so
 * a filtered queue can be bookmarked, shared with a colleague, reloaded and walked
 * back with the browser's back button. These functions translate between the
 * address and the API query in both directions, and drop anything malformed
 * (a hand-edited or outdated link) instead of sending it to the API.
 */

/** The status presets the queue offers (one choice, several statuses each). */
export const STATUS_PRESETS = {
  /** Everything open: the API's default. */
  open: [],
  /** New and waiting for a coordinator: the metro triage list. */
  triage: ['NEW', 'TRIAGE'],
  /** Routed to the unit and not yet taken on. */
  incoming: ['ROUTED'],
  /** Taken on by the unit, waiting for someone to do it. */
  accepted: ['ACCEPTED'],
  assigned: ['ASSIGNED'],
  'in-progress': ['IN_PROGRESS'],
  'on-hold': ['ON_HOLD'],
} as const satisfies Record<string, readonly CaseStatus[]>;
export type StatusPreset = keyof typeof STATUS_PRESETS;

/** "Whose cases": everyone's, the signed-in user's, or one person or team of the directory. */
export type AssigneeFilter = { kind: 'any' } | { kind: 'me' } | { kind: 'id'; id: string };

export interface QueueFilters {
  /** Whose queue: another tenant only for city-wide roles; empty means the user's own. */
  tenantId: string;
  status: StatusPreset;
  workTypeCode: string;
  neighbourhood: string;
  channel: Channel | '';
  assignee: AssigneeFilter;
  overdue: boolean;
}

/** The API's query of `GET /v1/staff/queue` (without paging). */
export interface QueueQuery {
  tenantId?: string;
  status?: string;
  workTypeCode?: string;
  neighbourhood?: string;
  channel?: Channel;
  assignee?: string;
  overdue?: true;
}

const PRESETS = Object.keys(STATUS_PRESETS) as StatusPreset[];
const TENANT_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
const WORK_TYPE_CODE = /^[A-Z0-9-]{2,60}$/;

/** The filters a page starts with when its address names none. */
export function defaultFilters(overrides: Partial<QueueFilters> = {}): QueueFilters {
  return {
    tenantId: '',
    status: 'open',
    workTypeCode: '',
    neighbourhood: '',
    channel: '',
    assignee: { kind: 'any' },
    overdue: false,
    ...overrides,
  };
}

/**
 * Reads the filters from a page address. A parameter that is absent takes the
 * page's default (`base`); one that is present but invalid is ignored the same way.
 */
export function filtersFromSearch(
  search: URLSearchParams,
  base: QueueFilters = defaultFilters(),
): QueueFilters {
  const tenant = search.get('kurum') ?? '';
  const status = search.get('durum') ?? '';
  const workType = search.get('tur') ?? '';
  const neighbourhood = (search.get('mahalle') ?? '').trim();
  const channel = search.get('kanal') ?? '';
  const assignee = search.get('atanan') ?? '';
  const overdue = search.get('geciken');
  return {
    tenantId: TENANT_ID.test(tenant) ? tenant : base.tenantId,
    status: (PRESETS as string[]).includes(status) ? (status as StatusPreset) : base.status,
    workTypeCode: WORK_TYPE_CODE.test(workType) ? workType : base.workTypeCode,
    neighbourhood:
      neighbourhood.length >= 2 && neighbourhood.length <= 80 ? neighbourhood : base.neighbourhood,
    channel: ChannelSchema.safeParse(channel).success ? (channel as Channel) : base.channel,
    assignee:
      assignee === 'ben'
        ? { kind: 'me' }
        : assignee === 'hepsi'
          ? { kind: 'any' }
          : assignee.length > 0 && assignee.length <= 128
            ? { kind: 'id', id: assignee }
            : base.assignee,
    overdue: overdue === null ? base.overdue : overdue === '1',
  };
}

/**
 * The address parameters for `filters`: only what differs from the page's default,
 * so that the plain address stays the plain queue. Parameter names are Turkish like
 * the paths (`/panel/kuyruk?durum=…`).
 */
export function filtersToSearch(
  filters: QueueFilters,
  base: QueueFilters = defaultFilters(),
): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.tenantId !== base.tenantId) search.set('kurum', filters.tenantId);
  if (filters.status !== base.status) search.set('durum', filters.status);
  if (filters.workTypeCode !== base.workTypeCode) search.set('tur', filters.workTypeCode);
  if (filters.neighbourhood !== base.neighbourhood) search.set('mahalle', filters.neighbourhood);
  if (filters.channel !== base.channel) search.set('kanal', filters.channel);
  if (!sameAssignee(filters.assignee, base.assignee)) search.set('atanan', assigneeParam(filters.assignee));
  if (filters.overdue !== base.overdue) search.set('geciken', filters.overdue ? '1' : '0');
  return search;
}

/** The API query for `filters`; the tenant is sent only when it is not the user's own. */
export function queueQueryOf(filters: QueueFilters, ownTenantId: string): QueueQuery {
  const statuses: readonly CaseStatus[] = STATUS_PRESETS[filters.status];
  return {
    ...(filters.tenantId && filters.tenantId !== ownTenantId ? { tenantId: filters.tenantId } : {}),
    ...(statuses.length > 0 ? { status: statuses.join(',') } : {}),
    ...(filters.workTypeCode ? { workTypeCode: filters.workTypeCode } : {}),
    ...(filters.neighbourhood ? { neighbourhood: filters.neighbourhood } : {}),
    ...(filters.channel ? { channel: filters.channel } : {}),
    ...(filters.assignee.kind === 'me'
      ? { assignee: 'me' }
      : filters.assignee.kind === 'id'
        ? { assignee: filters.assignee.id }
        : {}),
    ...(filters.overdue ? { overdue: true as const } : {}),
  };
}

/** How many filters narrow the queue beyond the page's default (for "3 filters active"). */
export function activeFilterCount(filters: QueueFilters, base: QueueFilters = defaultFilters()): number {
  let count = 0;
  if (filters.status !== base.status) count++;
  if (filters.workTypeCode) count++;
  if (filters.neighbourhood) count++;
  if (filters.channel) count++;
  if (filters.assignee.kind !== 'any') count++;
  if (filters.overdue) count++;
  return count;
}

function assigneeParam(assignee: AssigneeFilter): string {
  if (assignee.kind === 'me') return 'ben';
  if (assignee.kind === 'any') return 'hepsi';
  return assignee.id;
}

function sameAssignee(a: AssigneeFilter, b: AssigneeFilter): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind !== 'id' || a.id === (b as { id: string }).id;
}
