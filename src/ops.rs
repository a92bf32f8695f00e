//! What the driver asks the module for: the `op` of the module's one export (`exports.rs`).
//! The driver names the same numbers (`OP` in the generated `constants.js`, from
//! `describe.rs`), so they are declared once, here. The texts: `a` the client's configuration
//! snapshot (`[config, env]`), `b` the call's inputs snapshot (`[params, options, env]`), `c`
//! an outcome or a walk's step; `n` a walk's page (0 for none), `m` the attempt.

/// `createClient`: the handles to keep, or the error (`a`).
pub(crate) const CLIENT: u32 = 0;
/// A call's request (`a`, `b`, `n`).
pub(crate) const PREPARE: u32 = 1;
/// A walk's plan (`a`, `b`).
pub(crate) const PLAN: u32 = 2;
/// What an answer means (`a`, `b`, `n`, `m`, `c` the outcome, `x` the probe's records, `y`
/// the parsed answer).
pub(crate) const SETTLE: u32 = 3;
/// Every broken rule (`a`, `b` the snapshot `[params]`).
pub(crate) const VALIDATE: u32 = 4;
/// A walk's step (`a`, `c` the text `[state, event]`).
pub(crate) const WALK: u32 = 5;
/// The error of a call its signal stopped between attempts (`a`, `b`, `n`, `m`).
pub(crate) const ABORTED: u32 = 6;
/// The probe program of an endpoint's answer.
pub(crate) const PROGRAM: u32 = 7;
/// Every broken rule of a ticket's form values (`a`, `b` the snapshot `[service, values]`).
pub(crate) const VALIDATE_FIELDS: u32 = 8;
/// A poll's next step (`id` the poll, `a`, `b` the snapshot `[argument, options, env,
/// answer, elapsed ms]`, `m` the attempt).
pub(crate) const WAIT: u32 = 9;
