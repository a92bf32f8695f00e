// What the bk-itsm source allows beyond what one recorded answer shows, per endpoint, for
// shape.mjs's comparison: the seeded tickets never have a null creator, a SIGN step or a legacy
// ticket, but the local data set does, and the source says the real server would send them
// (tests/server/READ-ENDPOINTS.md, with the source lines). Anything not listed here must match the
// recording exactly: member names, types, nullability.
//
//   any       the value is any JSON (form values, log snapshots, meta): not compared inside
//   nullable  may be null (the source's null=True columns, DRF's None)
//   optional  may be absent (get_tickets_by_user's enriched members, §4 "Missing members")
//   types     other types the source sends
//   forms     members whose format may vary more than the recording shows

/** A list endpoint's item paths: in a page, or in a bare array when paging is off. */
const ITEM = (rest) => [`data.items[]${rest}`, `data[]${rest}`, `[]${rest}`];
const items = (list) => list.flatMap(ITEM);

const TICKET_NULLABLE = ['.end_at', '.creator', '.bk_biz_id'];
const PAGE_NULLABLE = ['data.next', 'data.previous'];
const BY_USER_ENRICHED = [
  '.service_name', '.current_status_display', '.current_steps', '.priority_name', '.can_comment', '.can_operate',
  '.waiting_approve', '.followers', '.comment_id', '.can_supervise', '.can_withdraw', '.sla', '.sla_color',
];

/** A catalogue tree's nodes at every depth: data[], data[].children[], … (five levels). */
const TREE = (rest) => Array.from({ length: 5 }, (_, depth) => `data[]${'.children[]'.repeat(depth)}${rest}`);

export const RULES = {
  get_service_catalogs: {
    // ServiceCatalog.desc is null=True (itsm/service/models.py:506-508, WRITE-ENDPOINTS.md §2):
    // the local catalogue has one such node (data.mjs CATALOGS, id 4); the real tree's are "".
    nullable: TREE('.desc'),
  },
  get_tickets: {
    nullable: [...PAGE_NULLABLE, ...items(TICKET_NULLABLE)],
  },
  get_ticket_info: {
    any: ['data.fields[].value', 'data.fields[].display_value'],
    nullable: ['data.end_at', 'data.creator', 'data.bk_biz_id', 'data.fields[].desc'],
  },
  get_ticket_status: {
    any: ['data.current_steps[].fields[].choice', 'data.current_steps[].fields[].meta', 'data.current_steps[].fields[].regex_config', 'data.current_steps[].fields[].api_info', 'data.current_steps[].fields[].default'],
    // A SIGN step's own operation has no name in ACTION_DICT (READ-ENDPOINTS.md §2).
    nullable: ['data.current_steps[].operations[].name', 'data.current_steps[].fields[].desc'],
  },
  get_ticket_logs: {
    any: ['data.logs[].form_data'],
    nullable: ['data.creator', 'data.logs[].operator'],
  },
  get_tickets_by_user: {
    any: items(['.meta']),
    nullable: [...PAGE_NULLABLE, ...items(['.bk_biz_id', '.creator', '.supervisor'])],
    optional: items(BY_USER_ENRICHED),
    types: Object.fromEntries(items(['.comment_id']).map((p) => [p, ['number', 'string']])),
    // Un-enriched items carry DRF's ISO create_at ("…T…", READ-ENDPOINTS.md §4 "Missing members").
    forms: items(['.create_at']),
  },
};
