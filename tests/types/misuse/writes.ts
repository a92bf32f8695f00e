// The catalogue and the write endpoints used wrongly (see params.ts for the markers).
import {
  approve,
  commentTicket,
  createClient,
  createTicket,
  getServiceDetail,
  operateNode,
  operateTicket,
  validateTicketFields,
  waitForSteps,
} from "bk-itsm-tickets";

const service = await getServiceDetail({ service_id: 13 });
const status = await createClient().getTicketStatus({ sn: "REQ20240101000001" });

// approve names the step it acts at.
// @expect TS2345 Property 'state_id' is missing
await approve({ sn: "REQ20240101000001", action: "true" });

// operate_ticket knows four actions.
// @expect TS2322 Type '"CLOSE"' is not assignable
await operateTicket({ sn: "REQ20240101000001", action_type: "CLOSE", action_message: "x" });

// approve's action is the server's string "true" or "false", not a boolean.
// @expect TS2322 Type 'true' is not assignable to type '"false" | "true"'
await approve({ sn: "REQ20240101000001", state_id: 1103, action: true });

// A ticket is opened with its form filled.
// @expect TS2345 Property 'fields' is missing
await createTicket({ service_id: 13 });

// A rating is a number (or its digits), not an object.
// @expect TS2322 Type '{ value: number; }' is not assignable to type 'string | number'
await commentTicket({ sn: "REQ20240101000001", stars: { value: 5 } });

// The service option is the form getServiceDetail resolves to, not its id.
// @expect TS2322 Type 'number' is not assignable to type 'ServiceDetail'
await createTicket({ service_id: 13, fields: { title: "t" } }, { service: 5 });

// waitForSteps takes the ticket's number, not its id.
// @expect TS2345 Argument of type 'number' is not assignable to parameter of type 'string'
await waitForSteps(123);

// validateTicketFields checks against a service's form, not a service id.
// @expect TS2345 Argument of type 'number' is not assignable to parameter of type 'ServiceDetail'
validateTicketFields(13, { title: "t" });

// Nor against a form's bare field list.
// @expect TS2345 is not assignable to parameter of type 'ServiceDetail'
validateTicketFields(service.fields, { title: "t" });

// WITHDRAW acts on the ticket (operateTicket), not on one of its steps.
// @expect TS2322 Type '"WITHDRAW"' is not assignable
await operateNode({ sn: "REQ20240101000001", state_id: 2304, action_type: "WITHDRAW" });

// approve's status option is the ticket's status, not the service's form.
// @expect TS2559 has no properties in common with type 'ApproveOptions'
await approve({ sn: "REQ20240101000001", state_id: 1103, action: "false" }, service);

// A user name, not a number.
// @expect TS2322 Type 'number' is not assignable to type 'string'
await createTicket({ service_id: 13, fields: { title: "t" }, creator: 42 });

// A form value is text, a number, a list or a table's rows: not a Date.
// @expect TS2322 Type 'Date' is not assignable
await createTicket({ service_id: 13, fields: { title: "t", start_date: new Date() } });

// waitForSteps' options are a signal and waitMs.
// @expect TS2353 'timeoutMs' does not exist in type 'WaitOptions'
await waitForSteps("REQ20240101000001", { timeoutMs: 5_000 });

const created = await createTicket({ service_id: 13, fields: { title: "t" } });

// A ticket's number is a string.
// @expect TS2322 Type 'string' is not assignable to type 'number'
const sn: number = created.sn;

// A service's description may be null.
// @expect TS2322 Type 'string | null' is not assignable to type 'string'
const desc: string = service.desc;

// The answer of a write is the server's (empty) list: nothing to read off it.
// @expect TS2339 'sn'
console.log((await operateTicket({ sn: created.sn, action_type: "SUSPEND", action_message: "m" })).sn);

// A caught error is unknown until isItsmError says otherwise: no `sent` on it.
try {
  await approve({ sn: created.sn, state_id: 1, action: "true" }, { status });
} catch (e) {
  // @expect TS18046 'e' is of type 'unknown'
  console.log(e.sent);
}
console.log(sn, desc);
