import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { suggestWorkTypes, trainWorkTypeClassifier, type WorkTypeClassifierModel } from '@citydesk/domain';
import { demoCityCatalog } from '@citydesk/domain/demo-city';
import { workTypeClassifierModel } from '@citydesk/domain/work-type-classifier-model';
import * as z from 'zod';
import { classifierTrainingDocuments } from './train-classifier.ts';

/*
 * Measures the work-type classifier on the held-out evaluation set
 * (packages/domain/catalog/classifier-evaluation.json): top-1 and top-3 accuracy,
 * overall, per channel style, and for the group of the first suggestion.
 *   npm run classifier:evaluate              the figures
 *   npm run classifier:evaluate -- --misses  also every message whose work type is not in the top 3
 * The figures of a model trained on the catalogue alone (no citizen lexicon) are
 * printed alongside, to show what the lexicon adds.
 */

export const CLASSIFIER_EVALUATION_FILE = new URL(
  '../packages/domain/catalog/classifier-evaluation.json',
  import.meta.url,
);

/**
 * The development set: short, typo-heavy messages on which feature settings were
 * chosen (letter trigrams and their weight), so that the held-out set stays unseen.
 * Neither set is training data.
 */
export const CLASSIFIER_DEVELOPMENT_FILE = new URL(
  '../packages/domain/catalog/classifier-development.json',
  import.meta.url,
);

export const ClassifierEvaluationSet = z
  .object({
    description: z.string(),
    messages: z.array(
      z
        .object({
          code: z.string(),
          channel: z.enum(['sms', 'whatsapp', 'email', 'social', 'call']),
          text: z.string().min(1),
        })
        .strict(),
    ),
  })
  .strict();
export type ClassifierEvaluationSet = z.infer<typeof ClassifierEvaluationSet>;

export function readClassifierEvaluationSet(): ClassifierEvaluationSet {
  return ClassifierEvaluationSet.parse(JSON.parse(readFileSync(CLASSIFIER_EVALUATION_FILE, 'utf8')));
}

export const ClassifierDevelopmentSet = z
  .object({
    description: z.string(),
    messages: z.array(z.object({ code: z.string(), text: z.string().min(1) }).strict()),
  })
  .strict();

/** The development set, shaped like the evaluation set (its messages are SMS-style). */
export function readClassifierDevelopmentSet(): ClassifierEvaluationSet {
  const dev = ClassifierDevelopmentSet.parse(JSON.parse(readFileSync(CLASSIFIER_DEVELOPMENT_FILE, 'utf8')));
  return {
    description: dev.description,
    messages: dev.messages.map((m) => ({ ...m, channel: 'sms' as const })),
  };
}

interface Tally {
  messages: number;
  top1: number;
  top3: number;
}

export interface ClassifierEvaluation extends Tally {
  /** The first suggestion is in the expected work type's group. */
  groupTop1: number;
  byChannel: Record<string, Tally>;
  misses: { code: string; text: string; suggested: string[] }[];
  /** Mean time of one suggestion, in milliseconds. */
  meanMs: number;
}

export function evaluateClassifier(
  set: ClassifierEvaluationSet = readClassifierEvaluationSet(),
  model: WorkTypeClassifierModel = workTypeClassifierModel(),
): ClassifierEvaluation {
  const catalog = demoCityCatalog();
  const groupOf = new Map(catalog.workTypes.map((w) => [w.code, w.group]));
  const result: ClassifierEvaluation = {
    messages: 0,
    top1: 0,
    top3: 0,
    groupTop1: 0,
    byChannel: {},
    misses: [],
    meanMs: 0,
  };
  const started = performance.now();
  for (const { code, channel, text } of set.messages) {
    const suggested = suggestWorkTypes(text, model, catalog, 3).map((s) => s.code);
    const channelTally = result.byChannel[channel] ?? { messages: 0, top1: 0, top3: 0 };
    result.byChannel[channel] = channelTally;
    const hit1 = suggested[0] === code;
    const hit3 = suggested.includes(code);
    for (const tally of [result, channelTally]) {
      tally.messages++;
      if (hit1) tally.top1++;
      if (hit3) tally.top3++;
    }
    if (suggested[0] !== undefined && groupOf.get(suggested[0]) === groupOf.get(code)) result.groupTop1++;
    if (!hit3) result.misses.push({ code, text, suggested });
  }
  result.meanMs = (performance.now() - started) / Math.max(1, result.messages);
  return result;
}

/** The same training without the citizen lexicon: names, keywords, group and department names only. */
export function catalogueOnlyModel(): WorkTypeClassifierModel {
  const { catalogueVersion, documents } = classifierTrainingDocuments({
    description: 'none',
    groups: {},
    workTypes: {},
  });
  return trainWorkTypeClassifier(catalogueVersion, documents);
}

const percent = (n: number, of: number) => `${((100 * n) / of).toFixed(1)} %`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = evaluateClassifier();
  console.log(`messages ${r.messages}`);
  console.log(`top-1 ${percent(r.top1, r.messages)} (${r.top1})`);
  console.log(`top-3 ${percent(r.top3, r.messages)} (${r.top3})`);
  console.log(`group of the first suggestion ${percent(r.groupTop1, r.messages)}`);
  for (const [channel, t] of Object.entries(r.byChannel))
    console.log(
      `  ${channel.padEnd(9)} ${String(t.messages).padStart(4)}  top-1 ${percent(t.top1, t.messages)}  top-3 ${percent(t.top3, t.messages)}`,
    );
  console.log(`mean time per message ${r.meanMs.toFixed(2)} ms`);
  const development = evaluateClassifier(readClassifierDevelopmentSet());
  console.log(
    `development set (${development.messages} typo-heavy messages, used to choose feature settings): top-1 ${percent(development.top1, development.messages)}, top-3 ${percent(development.top3, development.messages)}`,
  );
  const baseline = evaluateClassifier(undefined, catalogueOnlyModel());
  console.log(
    `catalogue only (no lexicon): top-1 ${percent(baseline.top1, baseline.messages)}, top-3 ${percent(baseline.top3, baseline.messages)}`,
  );
  if (process.argv.includes('--misses'))
    for (const m of r.misses) console.log(`${m.code}\t${m.suggested.join(' ')}\t${m.text}`);
}
