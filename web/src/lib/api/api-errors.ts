import type { ProblemDetails } from '@citydesk/domain';

/**
 * The API answered with an RFC 9457 problem. Its title, detail and field messages
 * are already in the language the portal asked for, so pages show them as they are.
 */
export class ApiProblemError extends Error {
  readonly problem: ProblemDetails;

  constructor(problem: ProblemDetails) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiProblemError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  /** Field messages keyed by their JSON path (`contact.phone`), for showing next to the fields. */
  fieldErrors(): Map<string, string> {
    const byPath = new Map<string, string>();
    for (const e of this.problem.errors ?? []) {
      if (!byPath.has(e.path)) byPath.set(e.path, e.message);
    }
    return byPath;
  }
}

/** The request never got an HTTP answer (offline, DNS, connection reset), even after the retry. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network error', { cause });
    this.name = 'NetworkError';
  }
}
