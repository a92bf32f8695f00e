// Code bytes of a module by owner (crate::module), from a build whose functions keep their
// names (the raw rustc output, before wasm-opt merges and renames): where the bytes go.
//
//   node scripts/size/owners.mjs target/wasm32-unknown-unknown/release/bk_itsm_tickets.wasm
import { execFileSync } from "node:child_process";
const out = execFileSync("node", [new URL("./top.mjs", import.meta.url).pathname, process.argv[2], "100000"], { encoding: "utf8" });
const owners = new Map();
for (const line of out.split("\n").slice(1)) {
  const m = /^\s*(\d+) (.*)$/.exec(line);
  if (!m) continue;
  let name = m[2].replace(/::h[0-9a-f]{16}$/, "").replace(/\[[0-9a-f]+\]/g, "");
  const generic = /^<(.*) as (.*)>::/.exec(name);
  const path = (generic ? generic[1] : name).replace(/<.*$/, "").split("::");
  const owner = path.slice(0, path[0] === "bk_itsm_tickets" ? 3 : 2).join("::");
  owners.set(owner, (owners.get(owner) ?? 0) + Number(m[1]));
}
for (const [o, n] of [...owners].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(String(n).padStart(7), o);
