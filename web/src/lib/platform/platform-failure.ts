import { describeApiError } from '#lib/api/api-error-text.ts';
import { ApiProblemError } from '#lib/api/api-errors.ts';
import { m } from '#lib/paraglide/messages.js';
import type { UploadProblem } from './uploaded-documents.ts';

/** What a platform screen shows when something was refused: a title, a detail, the located problems. */
export interface PlatformFailure {
  title: string;
  detail?: string;
  problems: { path?: string; message: string }[];
  /** The API said 409: someone published a newer version meanwhile. */
  conflict?: boolean;
}

/** A failed API call: the server's own texts (already in the page language) and its `errors[]`. */
export function apiFailure(error: unknown): PlatformFailure {
  const described = describeApiError(error);
  const problems = error instanceof ApiProblemError ? (error.problem.errors ?? []) : [];
  return {
    ...described,
    problems: problems.map((p) => ({ path: p.path, message: p.message })),
    ...(error instanceof ApiProblemError && error.status === 409 ? { conflict: true } : {}),
  };
}

/** A file the browser could not even read as what it should be; nothing was sent. */
export function uploadFailure(fileName: string, problem: UploadProblem): PlatformFailure {
  const name = fileName;
  const message = (() => {
    switch (problem.kind) {
      case 'empty':
        return m.platform_upload_empty({ name });
      case 'not-an-object':
        return m.platform_upload_not_object({ name });
      case 'not-a-polygon':
        return m.platform_upload_not_polygon({ name, found: problem.found });
      case 'not-json':
        return problem.line !== undefined && problem.column !== undefined
          ? m.platform_upload_not_json_at({
              name,
              line: String(problem.line),
              column: String(problem.column),
              reason: problem.reason,
            })
          : m.platform_upload_not_json({ name, reason: problem.reason });
    }
  })();
  return { title: m.platform_upload_title(), problems: [{ message }] };
}
