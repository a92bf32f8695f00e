// The package's public types: the functions and the types of their arguments, results and
// errors, without the module-loading internals of the generated bindings.
export { getTickets, createClient, validateParams, isItsmError, Client } from "./bk_itsm_tickets.js";
export type {
  GetTicketsParams,
  ClientConfig,
  RequestOptions,
  IterateOptions,
  Progress,
  Ticket,
  TicketPage,
  ValidationIssue,
  ItsmError,
  ItsmErrorKind,
  ItsmErrorBase,
  ItsmValidationError,
  ItsmApiError,
  ItsmHttpError,
  ItsmTransportError,
  ItsmDecodeError,
} from "./bk_itsm_tickets.js";
