import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  catalogueTrainingTexts,
  type TrainingText,
  trainWorkTypeClassifier,
  type WorkTypeClassifierModel,
} from '@citydesk/domain';
import { demoCityCatalog } from '@citydesk/domain/demo-city';
import * as z from 'zod';

/*
 * Trains the work-type classifier OFFLINE and writes it as data
 * (packages/domain/catalog/classifier-model.json): npx tsx scripts/train-classifier.ts
 *
 * Training text, per work type: the standard catalogue's Turkish and English names,
 * keywords, group and department names, plus the citizen lexicon
 * (catalog/classifier-lexicon.json): words and short phrases people use for the
 * subject, written for this purpose. The held-out evaluation set
 * (catalog/classifier-evaluation.json) is never read here; a unit test checks that
 * none of its messages appears in the training text.
 */

const catalogDir = new URL('../packages/domain/catalog/', import.meta.url);
export const CLASSIFIER_MODEL_FILE = new URL('classifier-model.json', catalogDir);
export const CLASSIFIER_LEXICON_FILE = new URL('classifier-lexicon.json', catalogDir);

/** Lexicon terms weigh like catalogue keywords; a group's terms are spread thinner over its members. */
const LEXICON_WEIGHT = 2;
const GROUP_LEXICON_WEIGHT = 0.5;

export const ClassifierLexicon = z
  .object({
    description: z.string(),
    groups: z.record(z.string(), z.array(z.string().min(1))),
    workTypes: z.record(z.string(), z.array(z.string().min(1))),
  })
  .strict();
export type ClassifierLexicon = z.infer<typeof ClassifierLexicon>;

export function readClassifierLexicon(): ClassifierLexicon {
  return ClassifierLexicon.parse(JSON.parse(readFileSync(CLASSIFIER_LEXICON_FILE, 'utf8')));
}

/** Every work type's weighted training texts: what the model learns from, and all it learns from. */
export function classifierTrainingDocuments(lexicon = readClassifierLexicon()) {
  const catalog = demoCityCatalog();
  const codes = new Set(catalog.workTypes.map((w) => w.code));
  const groupCodes = new Set(catalog.groups.map((g) => g.code));
  const unknown = [
    ...Object.keys(lexicon.workTypes).filter((c) => !codes.has(c)),
    ...Object.keys(lexicon.groups).filter((g) => !groupCodes.has(g)),
  ];
  if (unknown.length > 0) throw new Error(`classifier lexicon names unknown codes: ${unknown.join(', ')}`);
  const groups = new Map(catalog.groups.map((g) => [g.code, g.name]));
  const departments = new Map(catalog.departments.map((d) => [d.code, d.name]));
  return {
    catalogueVersion: catalog.version,
    documents: catalog.workTypes.map((w) => {
      const texts: TrainingText[] = [
        ...catalogueTrainingTexts(w, groups.get(w.group), departments.get(w.departmentCode)),
        ...(lexicon.workTypes[w.code] ?? []).map((text) => ({ text, weight: LEXICON_WEIGHT })),
        ...(lexicon.groups[w.group] ?? []).map((text) => ({ text, weight: GROUP_LEXICON_WEIGHT })),
      ];
      return { code: w.code, group: w.group, texts };
    }),
  };
}

export function generateClassifierModel(): WorkTypeClassifierModel {
  const { catalogueVersion, documents } = classifierTrainingDocuments();
  return trainWorkTypeClassifier(catalogueVersion, documents);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(CLASSIFIER_MODEL_FILE, `${JSON.stringify(generateClassifierModel())}\n`);
  console.log(`wrote ${fileURLToPath(CLASSIFIER_MODEL_FILE)}`);
}
