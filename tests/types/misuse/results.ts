// Results and errors used wrongly (see params.ts for the markers).
import { createClient, getTickets, isItsmError, type ItsmError } from "bk-itsm-tickets";

const page = await getTickets({ page_size: 10 });
const ticket = page.items[0]!;

// Tickets have current_status, not status.
// @expect TS2339 'status'
console.log(ticket.status);

// end_at is null while a ticket is open.
// @expect TS2322 Type 'string | null' is not assignable to type 'string'
const ended: string = ticket.end_at;

// The list endpoint never sends the document's current_steps: the type has no such field.
// @expect TS2551 'current_steps'
console.log(ticket.current_steps);

// ids are numbers.
// @expect TS2322 Type 'number' is not assignable to type 'string'
const id: string = ticket.id;

// The page's tickets are in items.
// @expect TS2339 'data'
console.log(page.data);

try {
  await getTickets({});
} catch (e) {
  // A caught value is unknown until isItsmError says otherwise.
  // @expect TS18046 'e'
  console.log(e.kind);
  if (isItsmError(e)) {
    // Only API errors have a code: narrow on kind first.
    // @expect TS2339 'code'
    console.log(e.code);
    // Only validation errors have issues.
    // @expect TS2339 'issues'
    console.log(e.issues);
    if (e.kind === "api") {
      // An API error's code is a number or a string (ITSM's own codes are strings): narrow first.
      // @expect TS2339 'toFixed'
      console.log(e.code.toFixed(0));
    }
    if (e.kind === "http") {
      // An HTTP error is not an API error.
      // @expect TS2339 'code'
      console.log(e.code);
    }
  }
}

// A walk yields tickets, not pages.
const client = createClient({ baseUrl: "https://paas.example.com" });
for await (const t of client.iterTickets({})) {
  // @expect TS2339 'items'
  console.log(t.items);
}

// getAllTickets resolves to an array of tickets.
// @expect TS2339 'count'
console.log((await client.getAllTickets({})).count);

// kind is one of seven strings.
// @expect TS2367 '"timed-out"' have no overlap
const late = (e: ItsmError) => e.kind === "timed-out" || e.kind === "timeout";
console.log(ended, id, late);
