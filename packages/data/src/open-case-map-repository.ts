import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseStatus, Channel, MapBox, Priority } from '@citydesk/domain';

/*
 * The open cases of the analytics map (docs/domain/maps.md): a tenant's open, owned
 * cases in a bounding box, read from its work queue index (gsi5 `TQUEUE#<tenant>`, or
 * gsi1 `QUEUE#<tenant>#<dept>` for one department) with the box as a filter. The
 * queue index is sparse (only open cases carry it), so a read costs the tenant's
 * backlog, never its history; the geo index (gsi3, every case ever filed, one
 * partition per ~5 km cell) would cost history and thousands of cells for a city-wide
 * view. Only the attributes the map shows are read: no personal data leaves the table.
 */

/** One open case as the map reads it. */
export interface OpenCaseLocation {
  id: string;
  trackingNo: string;
  lat: number;
  lon: number;
  workTypeCode: string;
  status: CaseStatus;
  priority: Priority;
  channel: Channel;
  slaDueAt: string;
  ownerTenantId: string;
  ownerDepartmentCode?: string;
}

export interface OpenCasesInBoxQuery {
  tenantId: string;
  box: MapBox;
  departmentCode?: string;
  channel?: Channel;
  /** Stop after this many matching cases. */
  limit: number;
}

const READ_PAGE = 500;

export class OpenCaseMapRepository {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(config: { doc: DynamoDBDocumentClient; mainTableName: string }) {
    this.#doc = config.doc;
    this.#table = config.mainTableName;
  }

  /**
   * A tenant's open cases inside the box, up to `limit`; `complete` is false when the
   * limit stopped the read before the queue was exhausted.
   */
  async openCasesInBox(
    query: OpenCasesInBoxQuery,
  ): Promise<{ cases: OpenCaseLocation[]; complete: boolean }> {
    const byDepartment = query.departmentCode !== undefined;
    const index = byDepartment ? 'gsi1' : 'gsi5';
    const names: Record<string, string> = {
      '#pk': `${index}pk`,
      '#loc': 'location',
      '#lat': 'lat',
      '#lon': 'lon',
      '#id': 'id',
      '#tn': 'trackingNo',
      '#wt': 'workTypeCode',
      '#st': 'status',
      '#pr': 'priority',
      '#ch': 'channel',
      '#due': 'slaDueAt',
      '#ot': 'ownerTenantId',
      '#od': 'ownerDepartmentCode',
    };
    const values: Record<string, unknown> = {
      ':pk': byDepartment ? `QUEUE#${query.tenantId}#${query.departmentCode}` : `TQUEUE#${query.tenantId}`,
      ':s': query.box.south,
      ':n': query.box.north,
      ':w': query.box.west,
      ':e': query.box.east,
    };
    const filters = ['#loc.#lat BETWEEN :s AND :n', '#loc.#lon BETWEEN :w AND :e'];
    if (query.channel) {
      values[':ch'] = query.channel;
      filters.push('#ch = :ch');
    }
    const cases: OpenCaseLocation[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: index,
          KeyConditionExpression: '#pk = :pk',
          FilterExpression: filters.join(' AND '),
          ProjectionExpression: '#id, #tn, #loc, #wt, #st, #pr, #ch, #due, #ot, #od',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          Limit: READ_PAGE,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const location = item.location as { lat: number; lon: number };
        cases.push({
          id: String(item.id),
          trackingNo: String(item.trackingNo),
          lat: location.lat,
          lon: location.lon,
          workTypeCode: String(item.workTypeCode),
          status: item.status as CaseStatus,
          priority: item.priority as Priority,
          channel: item.channel as Channel,
          slaDueAt: String(item.slaDueAt),
          ownerTenantId: String(item.ownerTenantId),
          ...(typeof item.ownerDepartmentCode === 'string'
            ? { ownerDepartmentCode: item.ownerDepartmentCode }
            : {}),
        });
      }
      startKey = page.LastEvaluatedKey;
      if (cases.length >= query.limit) return { cases: cases.slice(0, query.limit), complete: false };
    } while (startKey);
    return { cases, complete: true };
  }
}
