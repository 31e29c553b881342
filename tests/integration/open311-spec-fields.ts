/*
 * The field names of Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) and of
 * mySociety's extension (the FixMyStreet wiki's "Open311 FMS – Proposed differences
 * to Open311"), written down from the specifications, independently of the server's
 * own lists: the conformance tests check every element of every answer against them.
 * `required` are the fields a conforming answer always carries.
 */

export interface ElementSpec {
  fields: readonly string[];
  required: readonly string[];
}

export const SPEC = {
  /** GET discovery: `<discovery>` */
  discovery: {
    fields: ['changeset', 'contact', 'key_service', 'endpoints'],
    required: ['changeset', 'contact', 'key_service', 'endpoints'],
  },
  /** `<endpoints><endpoint>` of discovery */
  endpoint: {
    fields: ['specification', 'url', 'changeset', 'type', 'formats'],
    required: ['specification', 'url', 'changeset', 'type', 'formats'],
  },
  /** GET services: `<services><service>` */
  service: {
    fields: ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'],
    required: ['service_code', 'service_name', 'metadata', 'type'],
  },
  /** GET service definition: `<service_definition>` */
  serviceDefinition: { fields: ['service_code', 'attributes'], required: ['service_code', 'attributes'] },
  /** `<attributes><attribute>` */
  attribute: {
    fields: [
      'variable',
      'code',
      'datatype',
      'required',
      'datatype_description',
      'order',
      'description',
      'values',
    ],
    required: ['variable', 'code', 'datatype', 'required', 'order', 'description'],
  },
  /** `<values><value>` */
  attributeValue: { fields: ['key', 'name'], required: ['key', 'name'] },
  /** POST service request: `<service_requests><request>` */
  postRequest: {
    fields: ['service_request_id', 'token', 'service_notice', 'account_id'],
    required: [],
  },
  /** GET token: `<service_requests><request>` */
  token: { fields: ['service_request_id', 'token'], required: ['token'] },
  /** GET service requests / request: `<service_requests><request>` */
  request: {
    fields: [
      'service_request_id',
      'status',
      'status_notes',
      'service_name',
      'service_code',
      'description',
      'agency_responsible',
      'service_notice',
      'requested_datetime',
      'updated_datetime',
      'expected_datetime',
      'address',
      'address_id',
      'zipcode',
      'lat',
      'long',
      'media_url',
    ],
    required: ['service_request_id', 'status', 'service_code', 'requested_datetime'],
  },
  /** mySociety GET servicerequestupdates: `<service_request_updates><request_update>` */
  requestUpdate: {
    fields: [
      'update_id',
      'service_request_id',
      'status',
      'updated_datetime',
      'description',
      'media_url',
      'external_status_code',
    ],
    required: ['update_id', 'service_request_id', 'status', 'updated_datetime', 'description'],
  },
  /** mySociety POST servicerequestupdates answer */
  postUpdate: { fields: ['update_id'], required: ['update_id'] },
  /** `<errors><error>` */
  error: { fields: ['code', 'description'], required: ['code', 'description'] },
} as const satisfies Record<string, ElementSpec>;

/** Statuses of the standard (`open`, `closed`) and of mySociety's extension. */
export const STANDARD_STATUSES = ['open', 'closed'];
export const EXTENDED_STATUSES = [
  'OPEN',
  'INVESTIGATING',
  'IN_PROGRESS',
  'ACTION_SCHEDULED',
  'NO_FURTHER_ACTION',
  'NOT_COUNCILS_RESPONSIBILITY',
  'DUPLICATE',
  'INTERNAL_REFERRAL',
  'FIXED',
  'CLOSED',
];
/** Attribute datatypes of the service definition. */
export const DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'];
/** W3C datetime with a zone (the spec's only datetime form). */
export const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
