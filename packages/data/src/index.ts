export * from './aws-clients.ts';
export * from './table-definitions.ts';
