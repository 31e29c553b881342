import { CASE_RULES, CASE_STATUS_LIMITS } from './authorization.ts';
import { CaseStatus } from './case.ts';
import { CASE_COMMAND_NAMES, type CaseCommandName, RESULT_CODE_RULES } from './case-commands.ts';
import { TRANSITIONS } from './case-lifecycle.ts';
import { Role } from './principal.ts';

/*
 * Renders docs/domain/case-lifecycle.md from the transition table, the rule table of
 * authorization.ts and RESULT_CODE_RULES, so that the document cannot drift from the
 * code: `npm run docs:lifecycle` writes it, and a unit test fails when the committed
 * file differs from what this returns.
 */

/** Where the generated document lives, relative to the repository root. */
export const LIFECYCLE_DOC_PATH = 'docs/domain/case-lifecycle.md';

const code = (s: string) => `\`${s}\``;
const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** A Markdown table with padded columns, as the formatter (Biome) leaves it. */
function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [head, ...rows].map((r) => r.map(cell));
  const widths = head.map((_, i) => Math.max(3, ...all.map((r) => [...(r[i] ?? '')].length)));
  const line = (r: readonly string[]) =>
    `| ${r.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - [...c].length)).join(' | ')} |`;
  const [first, ...rest] = all;
  return [line(first ?? []), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rest.map(line)].join(
    '\n',
  );
}

/** The roles whose rules grant a command's authorization, with their reach and status limits. */
function who(action: CaseCommandName): string {
  const authz = TRANSITIONS[action].authz;
  return Role.options
    .flatMap((role) => {
      const reach = CASE_RULES[role][authz];
      if (!reach?.length) return [];
      const limit = CASE_STATUS_LIMITS[role]?.[authz];
      const scope = role === 'integration' ? [...reach, 'with the scope'] : [...reach];
      return [`${code(role)} (${scope.join(', ')}${limit ? `; only ${limit.join(', ')}` : ''})`];
    })
    .join(', ');
}

function target(action: CaseCommandName): string {
  const to = TRANSITIONS[action].to;
  if (to === 'unchanged') return 'unchanged';
  if (to === 'held-status') return 'the status before the hold';
  return to;
}

function emits(action: CaseCommandName): string {
  const t = TRANSITIONS[action];
  const events = t.events.map((e) => `${code(e.type)} ${e.visibility}${e.when ? ` (${e.when})` : ''}`);
  const intents = [
    ...t.notify.map((step) => `notify-citizen ${code(step)}`),
    ...(t.endsChild ? ['child-resolved (a split’s child)'] : []),
  ];
  return [...events, ...intents].join('; ');
}

function stateDiagram(): string {
  const edges = new Map<string, string[]>();
  const add = (from: string, to: string, label: string) => {
    const key = `${from} --> ${to}`;
    edges.set(key, [...(edges.get(key) ?? []), label]);
  };
  add('[*]', 'NEW', 'filed');
  add('NEW', 'ROUTED', 'routing (system)');
  add('NEW', 'TRIAGE', 'routing (system)');
  for (const action of CASE_COMMAND_NAMES) {
    const t = TRANSITIONS[action];
    for (const from of t.from) {
      if (t.to === 'unchanged') continue;
      const targets = t.to === 'held-status' ? (['ACCEPTED', 'ASSIGNED', 'IN_PROGRESS'] as const) : [t.to];
      for (const to of targets) add(from, to, action);
    }
  }
  add('IN_PROGRESS', 'RESOLVED', 'all children ended (system)');
  add('CLOSED', '[*]', 'end');
  add('CANCELLED', '[*]', 'end');
  const order = (s: string) => (s === '[*]' ? -1 : CaseStatus.options.indexOf(s as CaseStatus));
  const lines = [...edges.entries()]
    .sort(([a], [b]) => {
      const [af = '', at = ''] = a.split(' --> ');
      const [bf = '', bt = ''] = b.split(' --> ');
      return order(af) - order(bf) || order(at) - order(bt);
    })
    .map(([edge, labels]) => `  ${edge}: ${labels.join(', ')}`);
  return ['```mermaid', 'stateDiagram-v2', ...lines, '```'].join('\n');
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** The whole document. */
export function renderLifecycleDoc(): string {
  const transitions = table(
    ['Command', 'Who (`can()` reach)', 'From', 'To', 'Requires', 'Changes', 'Emits'],
    CASE_COMMAND_NAMES.map((action) => {
      const t = TRANSITIONS[action];
      return [
        code(action),
        who(action),
        t.from.join(', '),
        target(action),
        t.requires,
        t.effect,
        emits(action),
      ];
    }),
  );
  const results = table(
    [
      'Code',
      'Türkçe',
      'English',
      'Requires',
      'Closed via',
      'At first contact',
      'Counts as resolved',
      'Survey',
    ],
    Object.entries(RESULT_CODE_RULES).map(([c, r]) => [
      code(c),
      r.label.tr,
      r.label.en,
      r.requires.length ? r.requires.map(code).join(', ') : '—',
      r.via === 'resolve-close' ? 'resolve, close' : r.via,
      yesNo(r.atFirstContact),
      r.countsAsResolved,
      r.triggersSurvey,
    ]),
  );
  return `# Case lifecycle

<!-- Generated by \`npm run docs:lifecycle\` from packages/domain/src/case-lifecycle.ts, case-commands.ts and
authorization.ts. Do not edit: a unit test fails when this file differs from the generated one. -->

The workflow of a case (domain.md §(b)) as the domain enforces it: \`applyCommand\` in
\`packages/domain/src/case-lifecycle.ts\` checks the status against the table below, then the
principal through \`can()\` (authorization.ts), then the command's rules. Every successful command
bumps the case's \`version\` by exactly one and sets \`updatedAt\`; the API writes it conditionally
on the version the caller saw. The result (closing code) is separate from the status.

## States

${stateDiagram()}

## Transitions

Every event also emits an \`analytics\` intent. \`notify-citizen\` intents mark the citizen-facing
steps; the notification worker applies the citizen's preferences. Public events are shown on the
citizen's tracking page (type, status, organisation and the public answer); internal ones only to
staff. A command listed by \`allowedActions\` may still fail its rules.

${transitions}

Besides the commands: the routing worker routes NEW cases (to ROUTED, or to the metro's TRIAGE
when the district cannot be placed), and \`resolveParentIfComplete\` resolves a split parent when
every child has ended (RESOLVED, CLOSED or CANCELLED, not all cancelled) with a result summing
them up: all alike keeps the code, some done is \`RESOLVED_PARTIAL\`, none done is \`INFO_GIVEN\`.
Comments (\`addComment\`, \`case.comment\`) go on the timeline without changing the case.

## Result codes

\`evidencePhoto\`: at least one of the case's attachments with purpose \`evidence\`, for work types
that need a location (field work). Dates are Türkiye dates.

${results}
`;
}
