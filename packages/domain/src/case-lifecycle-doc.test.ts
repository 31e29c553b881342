import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CASE_COMMAND_NAMES, RESULT_CODE_RULES } from './case-commands.ts';
import { LIFECYCLE_DOC_PATH, renderLifecycleDoc } from './case-lifecycle-doc.ts';

describe('docs/domain/case-lifecycle.md', () => {
  it('is the generated one: run `npm run docs:lifecycle` after changing the lifecycle tables', () => {
    const committed = readFileSync(
      fileURLToPath(new URL(`../../../${LIFECYCLE_DOC_PATH}`, import.meta.url)),
      'utf8',
    );
    expect(committed).toBe(renderLifecycleDoc());
  });

  it('has a state diagram, a row per command and a row per result code', () => {
    const doc = renderLifecycleDoc();
    expect(doc).toContain('```mermaid\nstateDiagram-v2\n');
    for (const action of CASE_COMMAND_NAMES) expect(doc).toContain(`| \`${action}\` `);
    for (const code of Object.keys(RESULT_CODE_RULES)) expect(doc).toContain(`| \`${code}\` `);
  });
});
