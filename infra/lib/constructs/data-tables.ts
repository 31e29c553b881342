import type { KeyAttribute, TableDefinition } from '@citydesk/data';
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/** Properties of {@link DataTables}. */
export interface DataTablesProps {
  /** The shared table definitions from `@citydesk/data`: keys, indexes, stream and TTL. */
  definitions: readonly TableDefinition[];
  /** `citydesk-<stage>`; each table is `${prefix}-${nameSuffix}`. */
  prefix: string;
  /** Prod keeps tables on stack deletion and turns on deletion protection. */
  retainData: boolean;
}

const attribute = (key: KeyAttribute) => ({
  name: key.name,
  type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

const streamViewType = {
  NEW_IMAGE: StreamViewType.NEW_IMAGE,
  NEW_AND_OLD_IMAGES: StreamViewType.NEW_AND_OLD_IMAGES,
} as const;

/**
 * The DynamoDB tables, built from the same definitions the local cloud uses so that key
 * names and indexes cannot drift between AWS and a laptop.
 */
export class DataTables extends Construct {
  /** Tables keyed by their definition's construct id (`MainTable`, `IdempotencyTable`). */
  readonly byId: ReadonlyMap<string, Table>;

  constructor(scope: Construct, id: string, props: DataTablesProps) {
    super(scope, id);
    const tables = new Map<string, Table>();
    for (const definition of props.definitions) {
      const table = new Table(this, definition.id, {
        tableName: `${props.prefix}-${definition.nameSuffix}`,
        partitionKey: attribute(definition.partitionKey),
        sortKey: definition.sortKey ? attribute(definition.sortKey) : undefined,
        // Citizen traffic is spiky (storms, water cuts); on-demand avoids capacity planning.
        billingMode: BillingMode.PAY_PER_REQUEST,
        stream: definition.stream ? streamViewType[definition.stream] : undefined,
        timeToLiveAttribute: definition.ttlAttribute,
        // The longest window DynamoDB offers: a bad deployment found weeks later can still be undone.
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 35 },
        encryption: TableEncryption.AWS_MANAGED,
        deletionProtection: props.retainData,
        removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      for (const index of definition.globalIndexes) {
        table.addGlobalSecondaryIndex({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          sortKey: attribute(index.sortKey),
          // Queue and history screens render from the index alone; KEYS_ONLY would force a
          // second read per row.
          projectionType: ProjectionType.ALL,
        });
      }
      tables.set(definition.id, table);
    }
    this.byId = tables;
  }

  /** The table for a definition; throws when the definition was not part of the props. */
  tableFor(definition: TableDefinition): Table {
    const table = this.byId.get(definition.id);
    if (!table) throw new Error(`table ${definition.id} is not defined in DataTables`);
    return table;
  }
}
