export * from './aws-clients.ts';
export * from './case-keys.ts';
export * from './case-repository.ts';
export * from './ids.ts';
export * from './pii-hash.ts';
export * from './secrets.ts';
export * from './stream-records.ts';
export * from './table-definitions.ts';
