/**
 * Writes docs/domain/case-lifecycle.md from the domain's tables (`npm run docs:lifecycle`).
 * The unit test case-lifecycle-doc.test.ts fails when the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LIFECYCLE_DOC_PATH, renderLifecycleDoc } from '../packages/domain/src/case-lifecycle-doc.ts';

const target = fileURLToPath(new URL(`../${LIFECYCLE_DOC_PATH}`, import.meta.url));
writeFileSync(target, renderLifecycleDoc());
console.log(`wrote ${LIFECYCLE_DOC_PATH}`);
