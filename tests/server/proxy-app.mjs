// `--proxy-app`: the local server plays the portal's own server too. `bk-itsm-tickets/proxy`
// (the built package's proxy.js) is mounted at /itsm in front of this server's doors, with the
// demo app's credentials and `verifyUser: "esb"` through this server's bk_login/get_user; the
// demo page calls `createClient({ baseUrl: "/itsm" })` and holds no secret.
//
// The test prefix still works in front of the mount: `/__/tag=t,delay=3000/itsm/...` reaches the
// proxy as `/itsm/...`, and the proxy's requests to the doors carry the prefix (the proxy's
// `fetch` adds it, per request). The login check goes without it: a delay or a fault is meant
// for the API call, not for bk_login.
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_APP } from './doors.mjs';

/** Where the proxy is mounted. */
export const PROXY_MOUNT = '/itsm';
const LOGIN_PATH = '/api/c/compapi/v2/bk_login/';

/** The package the proxy comes from: `dir`, else PKG_DIR, else the repository's pkg/. */
export function packageDir(dir) {
  if (typeof dir === 'string') return resolve(dir);
  if (process.env.PKG_DIR) return resolve(process.env.PKG_DIR);
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'pkg');
}

/**
 * The proxy for the server at `url`: `(req, res, prefix)` handles one request under the mount,
 * `prefix` the raw test prefix it came with (`/__/...`, or '').
 */
export async function createProxyApp({ dir, url, apigwName, multiTenant }) {
  const pkg = packageDir(dir);
  const entry = join(pkg, 'proxy.js');
  if (!existsSync(entry)) throw new Error(`--proxy-app mounts bk-itsm-tickets/proxy from the built package: no ${entry} (run make pkg, or set PKG_DIR)`);
  const { createItsmProxy } = await import(pathToFileURL(entry).href);
  const prefixes = new AsyncLocalStorage();
  const itsm = createItsmProxy({
    target: url,
    // The demo page has an ESB / API gateway switch: both doors, each request through its own.
    gateway: ['esb', 'apigw'],
    apigwName,
    ...DEFAULT_APP,
    verifyUser: 'esb',
    ...(multiTenant ? { headers: { 'X-Bk-Tenant-Id': 'default' } } : {}),
    fetch: (target, init) => {
      const prefix = prefixes.getStore() ?? '';
      const path = target.slice(url.length);
      const prefixed = prefix && target.startsWith(url) && !path.startsWith(LOGIN_PATH) ? `${url}${prefix}${path}` : target;
      return fetch(prefixed, init);
    },
  });
  return (req, res, prefix) => prefixes.run(prefix, () => itsm.handle(req, res));
}
