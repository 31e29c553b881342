import {
  CASE_COMMAND_NAMES,
  type CaseCommandName,
  CaseCommand as CaseCommandSchema,
  type CaseStatus,
  type ClosingEvidence,
  type HoldReason,
  isValidationMessageKey,
  type Priority,
  RESULT_CODE_RULES,
  type ResultCode,
  type ValidationMessageKey,
} from '@citydesk/domain';

/*
 * The action dialogs of the case screen, without the screen: what each action asks
 * for, how the typed-in values become the API's command, and which field a problem
 * belongs to. The command is checked with the domain's own schema before it is sent
 * (the same rules and messages as the API), plus the evidence each result code needs
 * (RESULT_CODE_RULES); the API remains the judge and its 422 errors land on the same
 * fields.
 */

/** Everything any action dialog can ask for; each action reads the part it needs. */
export interface ActionValues {
  reason: string;
  note: string;
  tenantId: string;
  departmentCode: string;
  workTypeCode: string;
  priority: Priority | '';
  /** `user:<id>` or `team:<id>` from the directory picker. */
  assignee: string;
  holdReason: HoldReason | '';
  resumeOn: string;
  resultCode: ResultCode | '';
  publicAnswer: string;
  internalNote: string;
  /** Closing a resolved case: also correct its result (otherwise the result stands). */
  correctResult: boolean;
  evidence: EvidenceValues;
  requestedBy: 'citizen' | 'staff';
  children: ChildValues[];
}

export interface EvidenceValues {
  /** The master case of a duplicate: its id, or the address of its page (the id is read from it). */
  masterCase: string;
  institutionName: string;
  institutionPhone: string;
  institutionNote: string;
  plannedDate: string;
  programme: string;
  reason: string;
  legalBasis: string;
  workOrderRef: string;
  attemptLog: string;
  /** Evidence attachments chosen for this result. */
  attachmentIds: string[];
}

export interface ChildValues {
  workTypeCode: string;
  tenantId: string;
  departmentCode: string;
  description: string;
}

export function emptyChild(): ChildValues {
  return { workTypeCode: '', tenantId: '', departmentCode: '', description: '' };
}

export function emptyActionValues(): ActionValues {
  return {
    reason: '',
    note: '',
    tenantId: '',
    departmentCode: '',
    workTypeCode: '',
    priority: '',
    assignee: '',
    holdReason: '',
    resumeOn: '',
    resultCode: '',
    publicAnswer: '',
    internalNote: '',
    correctResult: false,
    evidence: {
      masterCase: '',
      institutionName: '',
      institutionPhone: '',
      institutionNote: '',
      plannedDate: '',
      programme: '',
      reason: '',
      legalBasis: '',
      workOrderRef: '',
      attemptLog: '',
      attachmentIds: [],
    },
    requestedBy: 'citizen',
    children: [emptyChild(), emptyChild()],
  };
}

/**
 * The order actions are offered in: the step that moves the case forward first,
 * then the side paths, then the ones that end or undo it. Whatever the API allows
 * and this list lacks is appended, so a new action is never hidden.
 */
export const ACTION_ORDER: readonly CaseCommandName[] = [
  'accept',
  'accept-assignment',
  'start',
  'route',
  'resolve',
  'close',
  'assign',
  'hold',
  'resume',
  'reclassify',
  'transfer',
  'split',
  'return',
  'decline-assignment',
  'reopen',
  'cancel',
];

/** The allowed actions (as the API names them), known ones only, in {@link ACTION_ORDER}. */
export function orderedActions(allowed: readonly string[]): CaseCommandName[] {
  const known = new Set<string>(CASE_COMMAND_NAMES);
  const wanted = allowed.filter((a): a is CaseCommandName => known.has(a));
  const ordered = ACTION_ORDER.filter((a) => wanted.includes(a));
  return [...ordered, ...wanted.filter((a) => !ordered.includes(a))];
}

/** Which result form an action shows: a unit's result, a first-contact answer, or the confirmation of a result. */
export type ResultStage = 'resolve' | 'first-contact' | 'confirm';

export function resultStageOf(action: CaseCommandName, status: CaseStatus): ResultStage | undefined {
  if (action === 'resolve') return 'resolve';
  if (action !== 'close') return undefined;
  return status === 'RESOLVED' ? 'confirm' : 'first-contact';
}

/** The result codes a stage may use (transfer and cancel are their own actions, never results). */
export function resultCodesFor(stage: ResultStage): ResultCode[] {
  return (Object.keys(RESULT_CODE_RULES) as ResultCode[]).filter((code) => {
    const rule = RESULT_CODE_RULES[code];
    return rule.via === 'resolve-close' && (stage !== 'first-contact' || rule.atFirstContact);
  });
}

/** One evidence input of the result form. */
export type EvidenceInput =
  | 'masterCaseId'
  | 'institution'
  | 'plannedDate'
  | 'programme'
  | 'reason'
  | 'legalBasis'
  | 'attemptLog'
  | 'photos'
  | 'workOrderRef';

/**
 * The evidence inputs a result code shows, required ones first. Photos are required
 * for field work (work types with a location) only, and offered for it otherwise;
 * the work order reference is offered wherever a unit did the work.
 */
export function evidenceInputs(
  code: ResultCode,
  fieldWork: boolean,
): { input: EvidenceInput; required: boolean }[] {
  const rule = RESULT_CODE_RULES[code];
  const out: { input: EvidenceInput; required: boolean }[] = [];
  for (const need of rule.requires) {
    if (need === 'evidencePhoto') {
      if (fieldWork) out.push({ input: 'photos', required: true });
    } else if (need !== 'attachmentIds') {
      out.push({ input: need, required: true });
    }
  }
  if (fieldWork && !out.some((e) => e.input === 'photos')) out.push({ input: 'photos', required: false });
  if (code === 'RESOLVED' || code === 'RESOLVED_PARTIAL' || code === 'ENFORCEMENT_DONE')
    out.push({ input: 'workOrderRef', required: false });
  return out;
}

const CASE_ID = /[0-9A-HJKMNP-TV-Z]{26}/;

/** A case id typed in, or read out of a pasted case address (`…/panel/basvuru?id=01H…`). */
export function caseIdFromInput(text: string): string {
  const trimmed = text.trim();
  try {
    const id = new URL(trimmed).searchParams.get('id');
    if (id) return id.trim().toUpperCase();
  } catch {
    // Not an address: the id itself, perhaps with spaces around it.
  }
  return CASE_ID.exec(trimmed.toUpperCase())?.[0] ?? trimmed.toUpperCase();
}

const trimmed = (value: string) => value.trim();
const optional = <K extends string>(key: K, value: string) =>
  value.trim() ? ({ [key]: value.trim() } as Record<K, string>) : ({} as Partial<Record<K, string>>);

/** The evidence of a result: only the inputs its code shows, and only those filled in. */
export function evidenceOf(
  code: ResultCode,
  fieldWork: boolean,
  e: EvidenceValues,
): ClosingEvidence | undefined {
  const evidence: ClosingEvidence = {};
  for (const { input } of evidenceInputs(code, fieldWork)) {
    switch (input) {
      case 'masterCaseId':
        if (e.masterCase.trim()) evidence.masterCaseId = caseIdFromInput(e.masterCase);
        break;
      case 'institution':
        if (e.institutionName.trim() || e.institutionPhone.trim() || e.institutionNote.trim()) {
          evidence.institution = {
            name: trimmed(e.institutionName),
            ...optional('phone', e.institutionPhone),
            ...optional('note', e.institutionNote),
          };
        }
        break;
      case 'photos':
        if (e.attachmentIds.length > 0) evidence.attachmentIds = [...e.attachmentIds];
        break;
      case 'plannedDate':
      case 'programme':
      case 'reason':
      case 'legalBasis':
      case 'attemptLog':
      case 'workOrderRef':
        if (e[input].trim()) evidence[input] = e[input].trim();
        break;
    }
  }
  return Object.keys(evidence).length > 0 ? evidence : undefined;
}

export interface CommandContext {
  expectedVersion: number;
  /** The case's status (decides what `close` asks for). */
  status: CaseStatus;
  /** Field work: photos are evidence (the work type needs a location). */
  fieldWork: boolean;
  /** The directory's display name of the chosen assignee. */
  assigneeName?: string;
}

/** The request body of `POST /v1/staff/cases/{id}/actions` for an action and the dialog's values. */
export function buildCommand(
  action: CaseCommandName,
  v: ActionValues,
  ctx: CommandContext,
): Record<string, unknown> {
  const base = { action, expectedVersion: ctx.expectedVersion };
  const result = () =>
    v.resultCode
      ? {
          resultCode: v.resultCode,
          publicAnswer: v.publicAnswer.trim(),
          internalNote: v.internalNote.trim(),
          ...withEvidence(evidenceOf(v.resultCode, ctx.fieldWork, v.evidence)),
        }
      : { publicAnswer: v.publicAnswer.trim(), internalNote: v.internalNote.trim() };
  switch (action) {
    case 'accept':
    case 'accept-assignment':
    case 'start':
      return base;
    case 'resume':
      return { ...base, ...optional('note', v.note) };
    case 'return':
    case 'decline-assignment':
    case 'cancel':
      return { ...base, reason: v.reason.trim() };
    case 'reopen':
      return { ...base, reason: v.reason.trim(), requestedBy: v.requestedBy };
    case 'route':
      return { ...base, tenantId: v.tenantId, departmentCode: v.departmentCode, ...optional('note', v.note) };
    case 'transfer':
      return { ...base, tenantId: v.tenantId, departmentCode: v.departmentCode, reason: v.reason.trim() };
    case 'reclassify':
      return { ...base, workTypeCode: v.workTypeCode, ...(v.priority ? { priority: v.priority } : {}) };
    case 'assign': {
      const [kind = '', ...rest] = v.assignee.split(':');
      const id = rest.join(':');
      return { ...base, assignee: { kind, id, name: ctx.assigneeName ?? id } };
    }
    case 'hold':
      return { ...base, reason: v.holdReason, resumeOn: v.resumeOn, ...optional('note', v.note) };
    case 'resolve':
      return { ...base, ...result() };
    case 'close':
      // Confirming a resolved case sends nothing unless the result is being corrected.
      if (ctx.status === 'RESOLVED' && !v.correctResult) return base;
      return { ...base, ...result() };
    case 'split':
      return {
        ...base,
        note: v.note.trim(),
        children: v.children.map((c) => ({
          workTypeCode: c.workTypeCode,
          tenantId: c.tenantId,
          departmentCode: c.departmentCode,
          ...optional('description', c.description),
        })),
      };
  }
}

const withEvidence = (evidence: ClosingEvidence | undefined) => (evidence ? { evidence } : {});

/** A problem with one field: a domain message key, or "fill this in" / "not valid" for the generic cases. */
export interface FieldProblem {
  path: string;
  message: ValidationMessageKey | 'required' | 'invalid';
}

const REQUIRED_CHOICES: Partial<Record<CaseCommandName, readonly string[]>> = {
  route: ['tenantId', 'departmentCode'],
  transfer: ['tenantId', 'departmentCode'],
  reclassify: ['workTypeCode'],
  assign: ['assignee'],
  hold: ['reason', 'resumeOn'],
};

/**
 * Checks a command before it is sent: choices left empty, the domain schema's rules
 * (lengths, formats) and the evidence the result code needs. One problem per field.
 */
export function checkCommand(command: Record<string, unknown>, fieldWork: boolean): FieldProblem[] {
  const action = command.action as CaseCommandName;
  const problems = new Map<string, FieldProblem['message']>();
  const add = (path: string, message: FieldProblem['message']) => {
    if (!problems.has(path)) problems.set(path, message);
  };
  for (const path of REQUIRED_CHOICES[action] ?? []) {
    const value = command[path];
    if (value === '' || value === undefined || (path === 'assignee' && !(value as { id?: string }).id))
      add(path, 'required');
  }
  if (action === 'split') {
    (command.children as { workTypeCode: string; tenantId: string; departmentCode: string }[]).forEach(
      (c, i) => {
        if (!c.workTypeCode) add(`children.${i}.workTypeCode`, 'required');
        if (!c.tenantId) add(`children.${i}.tenantId`, 'required');
        if (!c.departmentCode) add(`children.${i}.departmentCode`, 'required');
      },
    );
  }
  const resultGiven = 'publicAnswer' in command;
  if (resultGiven && !command.resultCode) add('resultCode', 'required');
  const parsed = CaseCommandSchema.safeParse(command);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = normalisePath(issue.path.map(String).join('.'));
      // An empty choice already says "choose one"; its parts' format errors would only repeat it.
      if ([...problems.keys()].some((p) => path.startsWith(`${p}.`))) continue;
      add(path, isValidationMessageKey(issue.message) ? issue.message : 'invalid');
    }
  }
  if (resultGiven && typeof command.resultCode === 'string' && command.resultCode in RESULT_CODE_RULES) {
    const code = command.resultCode as ResultCode;
    const evidence = (command.evidence ?? {}) as ClosingEvidence;
    for (const { input, required } of evidenceInputs(code, fieldWork)) {
      if (!required) continue;
      const missing = MISSING[input];
      if (missing && !hasEvidence(evidence, input)) add(missing.path, missing.message);
    }
  }
  return [...problems].map(([path, message]) => ({ path, message }));
}

const MISSING: Partial<Record<EvidenceInput, { path: string; message: ValidationMessageKey }>> = {
  masterCaseId: { path: 'evidence.masterCaseId', message: 'evidence.master-case-required' },
  institution: { path: 'evidence.institution.name', message: 'evidence.institution-required' },
  plannedDate: { path: 'evidence.plannedDate', message: 'evidence.planned-date-required' },
  programme: { path: 'evidence.programme', message: 'evidence.programme-required' },
  reason: { path: 'evidence.reason', message: 'evidence.reason-required' },
  legalBasis: { path: 'evidence.legalBasis', message: 'evidence.legal-basis-required' },
  attemptLog: { path: 'evidence.attemptLog', message: 'evidence.attempt-log-required' },
  photos: { path: 'evidence.attachmentIds', message: 'evidence.photo-required' },
};

function hasEvidence(e: ClosingEvidence, input: EvidenceInput): boolean {
  if (input === 'photos') return (e.attachmentIds ?? []).length > 0;
  if (input === 'institution') return Boolean(e.institution?.name);
  return Boolean(e[input as Exclude<EvidenceInput, 'photos' | 'institution'>]);
}

/**
 * The field a problem's path belongs to: one control per list (`evidence.attachmentIds.2`
 * → the photo picker), the institution's whole block under its name, and the
 * API's paths in either dotted or JSON-pointer form.
 */
export function normalisePath(path: string): string {
  const p = path
    .replace(/^\/|^body\.?/, '')
    .replaceAll('/', '.')
    .trim();
  if (/^evidence\.attachmentIds(\.|$)/.test(p)) return 'evidence.attachmentIds';
  if (p === 'evidence.institution') return 'evidence.institution.name';
  if (p === 'evidence') return 'resultCode';
  return p;
}

/** The form control id of a problem's field (`evidence.plannedDate` → `act-evidence-plannedDate`). */
export function controlId(path: string): string {
  return `act-${normalisePath(path).replaceAll('.', '-')}`;
}
