// What every end-to-end test of the demo portal starts from: where the repository, the package
// (`make pkg`, or PKG_DIR), the demo's pages and the screenshots are; the package itself, imported
// once (a clear error when it was never built); and how much slower a page's scripts run on
// purpose (E2E_CPU_THROTTLE).
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** E2E_CPU_THROTTLE=4 runs every page's scripts four times slower (a loaded machine, on purpose). */
export const CPU_THROTTLE = Number(process.env.E2E_CPU_THROTTLE ?? 1);
export const pkgDir = resolve(process.env.PKG_DIR ?? join(root, "pkg"));
export const wwwDir = join(root, "www");
export const artifacts = join(root, "tests", "artifacts");

if (!existsSync(join(pkgDir, "index.js"))) {
  throw new Error(`no package in ${pkgDir}: run \`make pkg\` or set PKG_DIR`);
}
/** The package's default entry, as a page's bundle would import it. */
export const pkg = await import(pathToFileURL(join(pkgDir, "index.js")).href);

/**
 * A new page of `context`, loaded at `url`: it records console errors and uncaught exceptions
 * into `problems` (but a console error `page.expected` matches: a test that breaks a connection
 * on purpose says which one it expects), runs `beforeLoad(page)` first, and its scripts run as
 * slowly as E2E_CPU_THROTTLE says.
 */
export async function watchedPage(context, url, problems, beforeLoad = async () => {}) {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on("console", (m) => m.type() === "error" && !page.expected?.test(m.text()) && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await beforeLoad(page);
  if (CPU_THROTTLE > 1) await (await context.newCDPSession(page)).send("Emulation.setCPUThrottlingRate", { rate: CPU_THROTTLE });
  await page.goto(url);
  return page;
}
