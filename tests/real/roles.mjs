// Tickets by role, so that a recorded call and the same call to the local server each name a
// ticket of their own server in the same state.
//
//   RUNNING    waiting at its first step          STEP2      running, one step approved
//   FINISHED   finished, not rated                FINISHED2  another one
//   COMMENTED  finished and rated                 SUSPENDED  suspended
//   REVOKED    withdrawn
import { getDataset } from '../server/data.mjs';

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
