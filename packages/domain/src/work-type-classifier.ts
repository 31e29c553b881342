import * as z from 'zod';
import { LocalizedText } from './localized-text.ts';
import { stemTurkish, TURKISH_STOP_WORDS, tokenizeTurkish } from './turkish-text.ts';
import type { WorkType, WorkTypeGroup } from './work-type.ts';

/*
 * Suggests work types for free text (an SMS, a WhatsApp message, an e-mail, what a
 * caller says). TF-IDF nearest centroid: every work type is a weighted bag of
 * features built OFFLINE from the catalogue (names, keywords, group and department
 * names) and the shipped citizen lexicon (catalog/classifier-lexicon.json) by
 * scripts/train-classifier.ts; a message is scored by cosine similarity against
 * each work type and against its group, so a clear group signal lifts the whole
 * group. See docs/domain/classification.md for the method and its measured accuracy.
 */

/** Bumped when {@link textFeatures} changes: a model built with other features is refused. */
export const CLASSIFIER_FEATURE_VERSION = 2;

/** The trained model as shipped (catalog/classifier-model.json). */
export const WorkTypeClassifierModel = z.object({
  featureVersion: z.literal(CLASSIFIER_FEATURE_VERSION),
  /** The catalogue version it was trained on. */
  catalogueVersion: z.string(),
  /** Inverse document frequency per feature, over the work types. */
  idf: z.record(z.string(), z.number()),
  /** Weight of the group centroid's similarity added to a work type's own. */
  groupWeight: z.number().min(0),
  workTypes: z.array(
    z.object({
      code: z.string(),
      group: z.string(),
      /** L2-normalised TF-IDF vector, sparse. */
      vector: z.record(z.string(), z.number()),
    }),
  ),
});
export type WorkTypeClassifierModel = z.infer<typeof WorkTypeClassifierModel>;

/** One suggestion: a work type code and its score (0..1, higher is likelier). */
export interface WorkTypeSuggestion {
  code: string;
  score: number;
}

/** POST /v1/staff/work-type-suggestions: free text from a call, a message or a walk-in. */
export const WorkTypeSuggestionRequest = z
  .object({ text: z.string().trim().min(1).max(10_000) })
  .strict()
  .meta({ id: 'WorkTypeSuggestionRequest' });
export type WorkTypeSuggestionRequest = z.infer<typeof WorkTypeSuggestionRequest>;

/** The top three work types for the text, best first, named for the picker. */
export const WorkTypeSuggestionList = z
  .object({
    suggestions: z.array(
      z.object({
        code: z.string(),
        /** 0..1; a ranking aid, not a probability. */
        score: z.number().min(0).max(1),
        name: LocalizedText,
        group: z.string(),
        groupName: LocalizedText,
      }),
    ),
  })
  .meta({ id: 'WorkTypeSuggestionList' });
export type WorkTypeSuggestionList = z.infer<typeof WorkTypeSuggestionList>;

/** A weighted piece of training text for one work type. */
export interface TrainingText {
  text: string;
  weight: number;
}

/** Stems longer than this also count by their first letters: the root of most Turkish derivations. */
const PREFIX_LENGTH = 4;

/**
 * The features of a text with their raw counts: each stem, a four-letter prefix of
 * longer stems (derivations the stemmer leaves alone, "budama"/"budanmalı"), the
 * letter trigrams of each stem with its start and end marked (typos: "lambsı",
 * "çukr", "asflat" still share most of theirs with the word meant), and each pair
 * of neighbouring stems (phrases: "su yok", "lamba yanmıyor"). Stop words are
 * dropped before pairing. Trigrams weigh little: they break ties, the words decide.
 */
export function textFeatures(text: string): Map<string, number> {
  const stems = tokenizeTurkish(text)
    .filter((w) => !TURKISH_STOP_WORDS.has(w) && !/^\d+$/.test(w))
    .map(stemTurkish)
    .filter((s) => s.length >= 2);
  const features = new Map<string, number>();
  const add = (f: string, n: number) => features.set(f, (features.get(f) ?? 0) + n);
  stems.forEach((stem, i) => {
    add(stem, 1);
    if (stem.length > PREFIX_LENGTH) add(`${stem.slice(0, PREFIX_LENGTH)}~`, 0.5);
    const padded = `^${stem}$`;
    for (let j = 0; j + 3 <= padded.length; j++) add(`#${padded.slice(j, j + 3)}`, 0.15);
    const next = stems[i + 1];
    if (next) add(`${stem}+${next}`, 0.7);
  });
  return features;
}

type Vector = Map<string, number>;

function normalise(v: Vector): Vector {
  const norm = Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0));
  if (norm === 0) return v;
  for (const [k, x] of v) v.set(k, x / norm);
  return v;
}

const dot = (a: Vector, b: Vector) => {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [k, x] of small) s += x * (large.get(k) ?? 0);
  return s;
};

/** Sublinear term frequency: the tenth mention of "çöp" says less than the first. */
const sublinear = (tf: number) => (tf > 1 ? 1 + Math.log(tf) : tf);

function weightedFeatures(texts: readonly TrainingText[]): Vector {
  const tf: Vector = new Map();
  for (const { text, weight } of texts) {
    for (const [f, n] of textFeatures(text)) tf.set(f, (tf.get(f) ?? 0) + n * weight);
  }
  return tf;
}

const round = (x: number) => Math.round(x * 1e5) / 1e5;

/**
 * Trains the model from each work type's weighted training texts (what the script
 * gathers from the catalogue and the lexicon). Pure and deterministic: the same
 * input gives byte-identical JSON, which the freshness test relies on.
 */
export function trainWorkTypeClassifier(
  catalogueVersion: string,
  documents: readonly { code: string; group: string; texts: readonly TrainingText[] }[],
  groupWeight = 0.35,
): WorkTypeClassifierModel {
  const tfs = documents.map((d) => weightedFeatures(d.texts));
  const df = new Map<string, number>();
  for (const tf of tfs) for (const f of tf.keys()) df.set(f, (df.get(f) ?? 0) + 1);
  const n = documents.length;
  const idf = new Map([...df].map(([f, d]) => [f, Math.log((n + 1) / (d + 1)) + 1]));
  return {
    featureVersion: CLASSIFIER_FEATURE_VERSION,
    catalogueVersion,
    idf: Object.fromEntries([...idf].sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, x]) => [f, round(x)])),
    groupWeight,
    workTypes: documents.map((d, i) => {
      const v = normalise(
        new Map([...(tfs[i] ?? new Map())].map(([f, x]) => [f, sublinear(x) * (idf.get(f) ?? 0)])),
      );
      return {
        code: d.code,
        group: d.group,
        vector: Object.fromEntries(
          [...v].sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, x]) => [f, round(x)]),
        ),
      };
    }),
  };
}

/** The training texts the catalogue itself gives a work type (names, keywords, group, department). */
export function catalogueTrainingTexts(
  workType: Pick<WorkType, 'name' | 'keywords'>,
  groupName?: WorkTypeGroup['name'],
  departmentName?: { tr: string },
): TrainingText[] {
  return [
    { text: workType.name.tr, weight: 3 },
    { text: workType.name.en, weight: 0.5 },
    ...workType.keywords.map((k) => ({ text: k, weight: 2 })),
    ...(groupName ? [{ text: groupName.tr, weight: 1 }] : []),
    ...(departmentName ? [{ text: departmentName.tr, weight: 0.5 }] : []),
  ];
}

interface CompiledModel {
  idf: Map<string, number>;
  maxIdf: number;
  groupWeight: number;
  workTypes: Map<string, { group: string; vector: Vector }>;
}

const compiled = new WeakMap<WorkTypeClassifierModel, CompiledModel>();

function compile(model: WorkTypeClassifierModel): CompiledModel {
  let c = compiled.get(model);
  if (!c) {
    const idf = new Map(Object.entries(model.idf));
    c = {
      idf,
      maxIdf: Math.max(1, ...idf.values()),
      groupWeight: model.groupWeight,
      workTypes: new Map(
        model.workTypes.map((w) => [w.code, { group: w.group, vector: new Map(Object.entries(w.vector)) }]),
      ),
    };
    compiled.set(model, c);
  }
  return c;
}

/** What the classifier needs to know of a catalogue: its work types, and optionally group names. */
export interface ClassifierCatalogue {
  workTypes: readonly Pick<WorkType, 'code' | 'name' | 'group' | 'keywords'>[];
  groups?: readonly WorkTypeGroup[];
}

/** A catalogue's work types as vectors, with its group centroids and the vocabulary the model lacks. */
interface IndexedCatalogue {
  vectors: { code: string; group: string; vector: Vector }[];
  groupCentroids: Map<string, Vector>;
  extraIdf: Map<string, number>;
}

type ClassifierWorkType = Pick<WorkType, 'code' | 'name' | 'group' | 'keywords'>;

/**
 * Indexed catalogues per model, by content: the work types' codes, plus the text of
 * those the model lacks. Callers that filter the catalogue per request (a new array
 * each time) still hit the cache; a few cities' lists fit in it.
 */
const indexes = new WeakMap<CompiledModel, Map<string, IndexedCatalogue>>();
const INDEX_CACHE_SIZE = 32;

function catalogueKey(m: CompiledModel, workTypes: readonly ClassifierWorkType[]): string {
  return workTypes
    .map((w) => (m.workTypes.has(w.code) ? w.code : JSON.stringify([w.code, w.group, w.name, w.keywords])))
    .join('|');
}

function indexCatalogue(
  m: CompiledModel,
  workTypes: readonly ClassifierWorkType[],
  groups: readonly WorkTypeGroup[],
): IndexedCatalogue {
  let cache = indexes.get(m);
  if (!cache) {
    cache = new Map();
    indexes.set(m, cache);
  }
  const key = catalogueKey(m, workTypes);
  const cached = cache.get(key);
  if (cached) return cached;
  const groupNames = new Map(groups.map((g) => [g.code, g.name]));
  const extraIdf = new Map<string, number>();
  const vectors = workTypes.map((w) => {
    const trained = m.workTypes.get(w.code);
    if (trained) return { code: w.code, group: w.group, vector: trained.vector };
    // Not in the model: its own catalogue text, with unseen features as rare as the rarest.
    const tf = weightedFeatures(catalogueTrainingTexts(w, groupNames.get(w.group)));
    for (const f of tf.keys()) if (!m.idf.has(f)) extraIdf.set(f, m.maxIdf);
    const idfOf = (f: string) => m.idf.get(f) ?? m.maxIdf;
    const v = normalise(new Map([...tf].map(([f, x]) => [f, sublinear(x) * idfOf(f)])));
    return { code: w.code, group: w.group, vector: v };
  });
  const groupCentroids = new Map<string, Vector>();
  for (const { group, vector } of vectors) {
    const centroid = groupCentroids.get(group) ?? new Map<string, number>();
    for (const [f, x] of vector) centroid.set(f, (centroid.get(f) ?? 0) + x);
    groupCentroids.set(group, centroid);
  }
  for (const centroid of groupCentroids.values()) normalise(centroid);
  const index = { vectors, groupCentroids, extraIdf };
  if (cache.size >= INDEX_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, index);
  return index;
}

/**
 * The `k` likeliest work types of `catalogue` for a free-text message, best first.
 * Only the catalogue's work types are suggested (a city that disabled one never gets
 * it); one the model was not trained on (a city's own addition) is scored from its
 * name and keywords with the model's vocabulary. Empty for text with nothing to go
 * on (only stop words, digits or punctuation) or no similarity at all. The
 * catalogue's vectors and group centroids are indexed once per distinct list of
 * work types.
 */
export function suggestWorkTypes(
  text: string,
  model: WorkTypeClassifierModel,
  catalogue: ClassifierCatalogue | readonly ClassifierWorkType[],
  k = 3,
): WorkTypeSuggestion[] {
  const m = compile(model);
  const { vectors, groupCentroids, extraIdf } =
    'workTypes' in catalogue
      ? indexCatalogue(m, catalogue.workTypes, catalogue.groups ?? [])
      : indexCatalogue(m, catalogue, []);
  const query = normalise(
    new Map(
      [...textFeatures(text)].flatMap(([f, n]) => {
        const idf = m.idf.get(f) ?? extraIdf.get(f);
        return idf === undefined ? [] : [[f, sublinear(n) * idf] as const];
      }),
    ),
  );
  if (query.size === 0) return [];
  const groupScores = new Map([...groupCentroids].map(([g, c]) => [g, dot(query, c)]));
  return vectors
    .map(({ code, group, vector }) => ({
      code,
      raw: dot(query, vector) + m.groupWeight * (groupScores.get(group) ?? 0),
    }))
    .filter((s) => s.raw > 0)
    .sort((a, b) => b.raw - a.raw || (a.code < b.code ? -1 : 1))
    .slice(0, k)
    .map(({ code, raw }) => ({
      code,
      score: Math.round(Math.min(1, raw / (1 + m.groupWeight)) * 1000) / 1000,
    }));
}
