// Parameters that break the types: each `// @expect CODE text` names the error tsc must report
// on the line below it (types.test.mjs fails on any other error, and on a missing one).
import { createClient, getTickets, validateParams } from "bk-itsm-tickets";

// A misspelt key (the runtime says: did you mean "page_size"?).
// @expect TS2561 'pagesize'
await getTickets({ pagesize: 10 });

// A string where an array of ticket numbers goes.
// @expect TS2322 'readonly string[]'
await getTickets({ sns: "REQ20240101000001" });

// Service ids are numbers, or the digits a form gives: not booleans.
// @expect TS2322 Type 'boolean' is not assignable to type 'string | number'
await getTickets({ service_id__in: [true] });

// A page size is a number or a form's text, never a boolean (null and "" mean not given).
// @expect TS2322 Type 'false' is not assignable
await getTickets({ page_size: false });

// One page, not a list of pages.
// @expect TS2322 Type 'number[]' is not assignable
await getTickets({ page: [2] });

// Dates are strings "YYYY-MM-DD hh:mm:ss", not Date objects.
// @expect TS2322 Type 'Date' is not assignable to type 'string'
validateParams({ create_at__gte: new Date() });

// The same rules hold for a client's calls.
// @expect TS2561 'creater'
await createClient({ baseUrl: "https://paas.example.com" }).getTickets({ creater: "admin" });

// A tag is one string (exact match), not a list.
// @expect TS2322 Type 'string[]' is not assignable to type 'string'
await getTickets({ tag: ["ops"] });

// project_key is a string, the default project "0" included.
// @expect TS2322 Type 'number' is not assignable to type 'string'
await getTickets({ project_key: 0 });
