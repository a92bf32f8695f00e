// Parameters that break the types: each `// @expect CODE text` names the error tsc must report
// on the line below it (types.test.mjs fails on any other error, and on a missing one).
import { createClient, getTickets, validateParams } from "bk-itsm-tickets";

// A misspelt key (the runtime says: did you mean "page_size"?).
// @expect TS2561 'pagesize'
await getTickets({ pagesize: 10 });

// A string where an array of ticket numbers goes.
// @expect TS2322 'string[]'
await getTickets({ sns: "REQ20240101000001" });

// Service ids are numbers, not strings.
// @expect TS2322 Type 'string' is not assignable to type 'number'
await getTickets({ service_id__in: ["1"] });

// null is refused at run time (the server crashes on it): leave the key out.
// @expect TS2322 Type 'null' is not assignable
await getTickets({ page_size: null });

// Only numbers and strings of digits are pages.
// @expect TS2322 Type '"last"' is not assignable
await getTickets({ page: "last" });

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
