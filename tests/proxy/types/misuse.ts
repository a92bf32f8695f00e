// Each misuse of bk-itsm-tickets/proxy fails to compile with the error its marker names.
import { createItsmProxy } from "bk-itsm-tickets/proxy";
import type { ItsmEndpointName, ItsmProxyLogEntry, ItsmProxyOptions } from "bk-itsm-tickets/proxy";

const base = { target: "https://paas.example.com", bk_app_code: "a", bk_app_secret: "s" };

// An endpoint the package does not describe is never forwarded, so it cannot be named.
// @expect TS2322 Type '"proceed_approval"' is not assignable to type 'ItsmEndpointName'.
const never: ItsmEndpointName = "proceed_approval";

// @expect TS2322 Type '"edit_field"' is not assignable to type 'ItsmEndpointName'.
createItsmProxy({ ...base, allow: ["get_tickets", "edit_field"] });

// The secret is required: the proxy is where it lives.
// @expect TS2345 Property 'bk_app_secret' is missing
createItsmProxy({ target: "https://paas.example.com", bk_app_code: "a" });

// @expect TS2820 Type '"ESB"' is not assignable to type 'ItsmDoor | readonly ItsmDoor[] | undefined'. Did you mean '"esb"'?
createItsmProxy({ ...base, gateway: "ESB" });

// A misspelt option is an error, as it is at run time.
// @expect TS2561 'allowedOrigin' does not exist in type 'ItsmProxyOptions'. Did you mean to write 'allowedOrigins'?
const typo: ItsmProxyOptions = { ...base, allowedOrigin: ["https://a.example"] };

// verifyUser resolves to a user name or null.
// @expect TS2322 Type '() => Promise<number>' is not assignable to type '"esb" | ItsmVerifyUser | undefined'.
createItsmProxy({ ...base, verifyUser: async () => 42 });

const itsm = createItsmProxy(base);
// fetch takes a Request, not a URL.
// @expect TS2345 Argument of type 'string' is not assignable to parameter of type 'Request'.
itsm.fetch("https://portal.example/itsm/");

// handle takes a request and a response, or a Koa context.
// @expect TS2353 'url' does not exist in type 'ItsmProxyKoaContext'.
itsm.handle({ url: "/itsm/" });

// No log entry holds the query string.
declare const entry: ItsmProxyLogEntry;
// @expect TS2339 Property 'query' does not exist on type 'ItsmProxyLogEntry'.
console.log(entry.query);

export { never, typo };
