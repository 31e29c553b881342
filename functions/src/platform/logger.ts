import { Logger } from '@aws-lambda-powertools/logger';

/** One structured JSON logger per process (Powertools), service name from POWERTOOLS_SERVICE_NAME. */
export const logger = new Logger({ logLevel: process.env.LOG_LEVEL === 'DEBUG' ? 'DEBUG' : 'INFO' });
