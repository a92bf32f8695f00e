// The read endpoints used wrongly (see params.ts for the markers).
import { createClient, getTicketInfo, getTicketLogs, getTicketStatus, getTicketsByUser } from "bk-itsm-tickets";

// An sn is required: the call takes one ticket.
// @expect TS2345 Property 'sn' is missing
await getTicketInfo({});

// One ticket number, not a list (that is getTickets' `sns`).
// @expect TS2322 Type 'string[]' is not assignable to type 'string'
await getTicketInfo({ sn: ["REQ20240101000001"] });

// A misspelt key.
// @expect TS2353 'sns'
await getTicketInfo({ sns: "REQ20240101000001" });

const info = await createClient().getTicketInfo({ sn: "REQ20240101000001" });

// get_ticket_info never sends the document's service_type.
// @expect TS2339 'service_type'
console.log(info.service_type);

// end_at is null while the ticket is open.
// @expect TS2322 Type 'string | null' is not assignable to type 'string'
const ended: string = info.end_at;

// A field's value is any JSON (text, a table's rows, null): narrow it first.
// @expect TS2322 Type 'unknown' is not assignable to type 'string'
const value: string = info.fields[0]!.value;

// A field's desc may be null.
// @expect TS2531 Object is possibly 'null'
console.log(info.fields[0]!.desc.length);

const status = await getTicketStatus({ sn: "REQ20240101000001" });

// A SIGN step's own operation has no name: the server sends null.
// @expect TS2322 Type 'string | null' is not assignable to type 'string'
const action: string = status.current_steps[0]!.operations[0]!.name;

// A step's field definitions: `id` may be missing in some ITSM versions.
// @expect TS2322 Type 'number | undefined' is not assignable to type 'number'
const definition: number = status.current_steps[0]!.fields[0]!.id;

// The server reads exactly "complex"; anything else would quietly be the simple form.
// @expect TS2820 Type '"COMPLEX"' is not assignable
await getTicketLogs({ sn: "REQ20240101000001", show_type: "COMPLEX" });

const timeline = await getTicketLogs({ sn: "REQ20240101000001" });

// An entry's operator may be null.
// @expect TS2531 Object is possibly 'null'
console.log(timeline.logs[0]!.operator.length);

// user and view_type are both required.
// @expect TS2345 Property 'view_type' is missing
await getTicketsByUser({ user: "admin" });

// Only the server's six lists.
// @expect TS2322 Type '"my_tickets"' is not assignable
await getTicketsByUser({ user: "admin", view_type: "my_tickets" });

const todo = await getTicketsByUser({ user: "admin", view_type: "my_todo" });

// A ticket the server could not enrich has only the base members: the others may be missing.
// @expect TS2322 Type 'string | undefined' is not assignable to type 'string'
const service: string = todo.items[0]!.service_name;

console.log(ended, value, action, definition, service);
