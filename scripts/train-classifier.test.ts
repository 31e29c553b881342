import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLASSIFIER_MODEL_FILE, generateClassifierModel } from './train-classifier.ts';

describe('work-type classifier model', () => {
  it('is up to date with the catalogue, the lexicon and the features (regenerate with npx tsx scripts/train-classifier.ts)', () => {
    expect(JSON.parse(readFileSync(CLASSIFIER_MODEL_FILE, 'utf8'))).toEqual(
      JSON.parse(JSON.stringify(generateClassifierModel())),
    );
    // About a second alone; room for a busy two-core machine.
  }, 30_000);

  it('stays small enough to ship inside a function bundle', () => {
    expect(statSync(CLASSIFIER_MODEL_FILE).size).toBeLessThan(1_500_000);
  });
});
