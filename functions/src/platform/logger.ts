import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured JSON logger per process (Powertools). Service name and level come
 * from POWERTOOLS_SERVICE_NAME and POWERTOOLS_LOG_LEVEL, so tests can quiet it.
 */
export const logger = new Logger();
