/*
 * The one description of our DynamoDB tables. The CDK stack (infra/) and the local
 * cloud (packages/local-cloud) both build their tables from it, so key names and
 * indexes cannot drift between AWS and a laptop. Key design: docs/adr/0002-single-table-design.md.
 */

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface GlobalIndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  /** Why the index exists (the access pattern it serves). */
  purpose: string;
}

export interface TableDefinition {
  /** PascalCase CDK construct id. */
  id: string;
  /** Physical name suffix: the table is `${prefix}-${nameSuffix}`. */
  nameSuffix: string;
  /** Environment variable through which handlers learn the physical name. */
  envVar: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  globalIndexes: GlobalIndexDefinition[];
  stream?: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';
  /** Epoch-seconds attribute; DynamoDB Local never expires items, so readers must filter. */
  ttlAttribute?: string;
}

const S = (name: string): KeyAttribute => ({ name, type: 'S' });

export const mainTable: TableDefinition = {
  id: 'MainTable',
  nameSuffix: 'main',
  envVar: 'MAIN_TABLE_NAME',
  partitionKey: S('pk'),
  sortKey: S('sk'),
  globalIndexes: [
    {
      indexName: 'gsi1',
      partitionKey: S('gsi1pk'),
      sortKey: S('gsi1sk'),
      purpose: 'work queues: open cases of a tenant or department, by priority then SLA due time (sparse)',
    },
    {
      indexName: 'gsi2',
      partitionKey: S('gsi2pk'),
      sortKey: S('gsi2sk'),
      purpose: "a citizen's history by HMAC of the phone number (never raw PII), newest first",
    },
    {
      indexName: 'gsi3',
      partitionKey: S('gsi3pk'),
      sortKey: S('gsi3sk'),
      purpose: 'cases near a point: geohash-5 cell, by creation time (duplicates, maps)',
    },
    {
      indexName: 'gsi4',
      partitionKey: S('gsi4pk'),
      sortKey: S('gsi4sk'),
      purpose: "a tenant's cases in every state, newest first (staff lists); audit records by user",
    },
    {
      indexName: 'gsi5',
      partitionKey: S('gsi5pk'),
      sortKey: S('gsi5sk'),
      purpose:
        "tenant work queue: a tenant's open cases across its departments, by priority then SLA due time (sparse)",
    },
    {
      indexName: 'gsi6',
      partitionKey: S('gsi6pk'),
      sortKey: S('gsi6sk'),
      purpose:
        'timing: open cases of a city by SLA due time (SLA sweep); closed cases by closure month (retention job)',
    },
  ],
  stream: 'NEW_AND_OLD_IMAGES',
  ttlAttribute: 'expiresAt',
};

export const idempotencyTable: TableDefinition = {
  id: 'IdempotencyTable',
  nameSuffix: 'idempotency',
  envVar: 'IDEMPOTENCY_TABLE_NAME',
  partitionKey: S('pk'),
  globalIndexes: [],
  ttlAttribute: 'expiresAt',
};

export const tableDefinitions = [mainTable, idempotencyTable] as const;
