// Client configuration and options that break the types (see params.ts for the markers).
import { Client, createClient, getTickets } from "bk-itsm-tickets";

// The door is "esb" or "apigw", in lower case.
// @expect TS2820 Did you mean '"esb"'?
createClient({ gateway: "ESB" });

// The base URL's key is baseUrl.
// @expect TS2561 'baseURL'
createClient({ baseURL: "https://paas.example.com" });

// fetch's credentials modes only.
// @expect TS2322 Type '"cors"' is not assignable
createClient({ credentials: "cors" });

// Timeouts are milliseconds as a number.
// @expect TS2322 Type 'string' is not assignable to type 'number'
createClient({ timeoutMs: "30s" });

// The option is timeoutMs.
// @expect TS2561 'timeout' does not exist in type 'RequestOptions'
await getTickets({}, { timeout: 5000 });

// A signal is an AbortSignal, not its controller.
// @expect TS2740 Type 'AbortController' is missing the following properties from type 'AbortSignal'
await getTickets({}, { signal: new AbortController() });

// Retries are a count.
// @expect TS2322 Type 'boolean' is not assignable to type 'number'
await getTickets({}, { retries: true });

// Walk options belong to iterTickets and getAllTickets, not to one call.
// @expect TS2353 'maxItems' does not exist in type 'RequestOptions'
await getTickets({}, { maxItems: 100 });

// onProgress is a function of a Progress.
// @expect TS2322 Type 'string' is not assignable to type '(progress: Progress) => void'
await createClient({ baseUrl: "https://paas.example.com" }).getAllTickets({}, { onProgress: "log" });

// Clients come from createClient: Client is only a type.
// @expect TS2693 'Client' only refers to a type
new Client();

// Extra headers are strings.
// @expect TS2322 Type 'number' is not assignable to type 'string'
createClient({ headers: { "X-Bk-Tenant-Id": 1 } });

// The gateway's name is apigwName.
// @expect TS2561 'apigwname'
createClient({ gateway: "apigw", apigwname: "bk-itsm" });
