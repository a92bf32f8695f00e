// The requests whose answer language `make record-real` records (recorded/language.json), and
// that replay.test.mjs checks tests/server/language.mjs against: Accept-Language values, the
// blueking_language cookie, and the defaults of Node's fetch, headless Chromium and Firefox.
import { APP } from './calls.mjs';
import { withChromium, withFirefox } from './browsers.mjs';

const al = (v) => ({ 'Accept-Language': v });
const ck = (v, more = {}) => ({ Cookie: v, ...more });

export const LANGUAGE_CASES = [
  { name: 'node-fetch-default', headers: {} },
  { name: 'al-empty', headers: al('') },
  { name: 'al-en', headers: al('en') },
  { name: 'al-en-us', headers: al('en-US') },
  { name: 'al-en-gb', headers: al('en-GB') },
  { name: 'al-EN', headers: al('EN') },
  { name: 'al-zh', headers: al('zh') },
  { name: 'al-zh-CN', headers: al('zh-CN') },
  { name: 'al-zh-Hans', headers: al('zh-Hans') },
  { name: 'al-zh-TW', headers: al('zh-TW') },
  { name: 'al-star', headers: al('*') },
  { name: 'al-star-then-en', headers: al('*, en;q=0.5') },
  { name: 'al-chromium-en', headers: al('en-US,en;q=0.9') },
  { name: 'al-chromium-zh', headers: al('zh-CN,zh;q=0.9,en;q=0.8') },
  { name: 'al-firefox-en', headers: al('en-US,en;q=0.5') },
  { name: 'al-fr', headers: al('fr') },
  { name: 'al-fr-then-en', headers: al('fr, en;q=0.5') },
  { name: 'al-en-q0', headers: al('en;q=0') },
  { name: 'al-q-order', headers: al('en;q=0.5, zh;q=0.9') },
  { name: 'al-de-then-zh-low', headers: al('de-DE, zh;q=0.1') },
  { name: 'al-underscore', headers: al('en_US') },
  { name: 'al-malformed-then-en', headers: al('en;;q=1, zh') },
  { name: 'al-q-too-precise', headers: al('en;q=0.5555') },
  { name: 'al-long', headers: al(`${'xx-yy;q=0.1, '.repeat(40)}en`) },
  { name: 'cookie-en', headers: ck('blueking_language=en') },
  { name: 'cookie-zh-cn', headers: ck('blueking_language=zh-cn', al('en')) },
  { name: 'cookie-zh-hans', headers: ck('blueking_language=zh-hans', al('en')) },
  { name: 'cookie-zh', headers: ck('blueking_language=zh', al('en')) },
  { name: 'cookie-zh-CN', headers: ck('blueking_language=zh-CN', al('en')) },
  { name: 'cookie-EN', headers: ck('blueking_language=EN') },
  { name: 'cookie-en-us', headers: ck('blueking_language=en-us') },
  { name: 'cookie-fr-al-en', headers: ck('blueking_language=fr', al('en')) },
  { name: 'cookie-en-al-zh', headers: ck('blueking_language=en', al('zh-CN')) },
  { name: 'cookie-twice', headers: ck('blueking_language=en; blueking_language=zh-cn') },
  { name: 'cookie-quoted', headers: ck('blueking_language="en"') },
  { name: 'cookie-spaces', headers: ck('a=1;  blueking_language = en ') },
];

/** The page's fetch of a page past the end, as a browser sends it by default. */
async function inPage(apiPath) {
  const app = { bk_app_code: 'bk-itsm-demo', bk_app_secret: 'demo-secret-3f9a1c0e7b' };
  const r = await fetch(apiPath, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Bkapi-Authorization': JSON.stringify(app) }, body: '{}' });
  return (await r.json()).message;
}

/** What headless Chromium and Firefox send by default, and the language it gets. */
export async function browserDefaults(doorsUrl) {
  const out = [];
  for (const [name, browse] of [['chromium-default', withChromium], ['firefox-default', withFirefox]]) {
    const tag = `lang-${name}`;
    try {
      const message = await browse(`${doorsUrl}/`, (page) => page.evaluate(inPage, `/__/tag=${tag}/api/bk-itsm/prod/v2/itsm/get_tickets/?page=99`));
      const seen = (await (await fetch(`${doorsUrl}/__log?tag=${tag}`)).json()).filter((e) => !e.preflight).at(-1).headers;
      out.push({ name, accept_language: seen['accept-language'] ?? null, cookie: seen.cookie ?? null, message, language: message === 'Invalid page.' ? 'en' : 'zh' });
    } catch (err) {
      process.stderr.write(`[record-real] ${name}: ${err.message}\n`);
    }
  }
  return out;
}

export { APP };
