// Tickets by role, so that a recorded call and the same call to the local server each name a
// ticket of their own server in the same state.
//
//   RUNNING    waiting at its first step          STEP2      running, one step approved
//   FINISHED   finished, not rated                FINISHED2  another one
//   COMMENTED  finished and rated                 SUSPENDED  suspended
//   REVOKED    withdrawn
//
// The same for the other things a call names that each server has its own of (their numbers
// differ, not what they are):
//
//   service ACCOUNT   the service the real seed's tickets are of: the built-in 账号开通申请 (form
//                     title, apply_content, apply_reason, ZHIDINGSHENPIREN, then approvals); the
//                     local server's copy is service 17 (tests/server/catalog.mjs)
//   node of a role    the first approval node of the flow of that role's ticket
import { getDataset } from '../server/data.mjs';
import { WORKFLOWS } from '../server/catalog.mjs';

/** Roles in the real server's seed (scripts/real-itsm/seed.mjs's manifest). */
export function realRoles(seed) {
  const pick = (pred, nth = 0) => {
    const t = seed.tickets.filter(pred)[nth];
    if (!t) throw new Error('the seed has no ticket for a role: see scripts/real-itsm/seed.mjs');
    return t.sn;
  };
  return {
    RUNNING: pick((t) => t.state === 'RUNNING'),
    STEP2: pick((t) => t.state === 'STEP2'),
    FINISHED: pick((t) => t.state === 'FINISHED' && !t.commented),
    FINISHED2: pick((t) => t.state === 'FINISHED' && !t.commented, 1),
    COMMENTED: pick((t) => t.commented),
    SUSPENDED: pick((t) => t.state === 'SUSPENDED'),
    REVOKED: pick((t) => t.state === 'REVOKED'),
  };
}

/** The real seed's services by role (the seed's manifest names its service). */
export const realServices = (seed) => ({ ACCOUNT: seed.service_id });

/**
 * A role's first approval node on the real server: every seeded ticket is of the ACCOUNT
 * service, and the RUNNING one waits at its first step (负责人审批, an APPROVAL node).
 */
export const realNodeOf = (roles) => async (role, ctx) => (await ctx.runningStep(roles.RUNNING)).state_id;

/** The local server's services by role. */
export const localServices = () => ({ ACCOUNT: 17 });

/** A role's first approval node on the local server: from its ticket's flow (catalog.mjs). */
export function localNodeOf(roles, count = 2000, seed = 1) {
  const ds = getDataset(count, seed);
  return async (role) => {
    const t = ds.tickets.find((x) => x.item.sn === roles[role]);
    const node = WORKFLOWS.get(t.item.flow_id).states.find((s) => s.type === 'APPROVAL');
    if (!node) throw new Error(`the local ${role} ticket's flow ${t.item.flow_id} has no approval node`);
    return node.id;
  };
}

/** Roles in the local server's default data set (tests/server/data.mjs, 2000 tickets, seed 1). */
export function localRoles(count = 2000, seed = 1) {
  const ds = getDataset(count, seed);
  const pick = (pred, nth = 0) => ds.newestFirst.filter((t) => pred(t.item))[nth].item.sn;
  const real = (i) => i.creator !== null && i.service_type !== 'DEFAULT';
  return {
    RUNNING: pick((i) => real(i) && i.current_status === 'RUNNING'),
    STEP2: pick((i) => real(i) && i.current_status === 'RUNNING', 1),
    FINISHED: pick((i) => real(i) && i.current_status === 'FINISHED' && !i.is_commented),
    FINISHED2: pick((i) => real(i) && i.current_status === 'FINISHED' && !i.is_commented, 1),
    COMMENTED: pick((i) => real(i) && i.current_status === 'FINISHED' && i.is_commented),
    SUSPENDED: pick((i) => real(i) && i.current_status === 'SUSPENDED'),
    REVOKED: pick((i) => real(i) && i.current_status === 'REVOKED'),
  };
}
