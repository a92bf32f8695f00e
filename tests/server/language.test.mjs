// The language the local server answers in (language.mjs), as the real bk-itsm picks it: checked
// against the real server's answers for every recorded header in tests/real/local.test.mjs; here
// the rules one by one, and the doors and endpoints that follow them.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { djangoLanguage, parseAcceptLanguage, requestLanguage } from './language.mjs';
import { startServer } from './server.mjs';

const lang = (headers, opts) => requestLanguage({ headers }, opts);

describe('requestLanguage: Django 3.2 LocaleMiddleware with LANGUAGES (en, zh-cn), LANGUAGE_CODE zh-hans', () => {
  test('no header, Node fetch\'s `*`, an empty or unsupported one: Chinese (zh-hans -> zh-cn)', () => {
    for (const al of [undefined, '*', '', 'fr', 'de-DE', '*, en;q=0.5']) assert.equal(lang(al === undefined ? {} : { 'accept-language': al }), 'zh', String(al));
    assert.equal(djangoLanguage({}), 'zh-cn');
  });
  test('Accept-Language: English variants, by q, q=0 counted, lower-cased, malformed ignored', () => {
    const cases = {
      en: 'en', 'en-US,en;q=0.9': 'en', EN: 'en', 'en-GB': 'en', 'fr, en;q=0.5': 'en', 'en;q=0': 'en',
      'en;q=0.5, zh;q=0.9': 'zh', 'zh-CN,zh;q=0.9,en;q=0.8': 'zh', 'zh-TW': 'zh', 'zh-Hans': 'zh',
      en_US: 'zh', 'en;;q=1, zh': 'zh', 'en;q=0.5555': 'zh',
    };
    for (const [al, want] of Object.entries(cases)) assert.equal(lang({ 'accept-language': al }), want, al);
    assert.equal(lang({ 'accept-language': `${'xx-yy;q=0.1, '.repeat(40)}en` }), 'zh', 'cut at the last comma before 500 characters');
    assert.deepEqual(parseAcceptLanguage('en;q=0.5, zh, *'), [['zh', 1], ['*', 1], ['en', 0.5]]);
  });
  test('the blueking_language cookie first: exact or a supported variant, case-sensitive, the last one', () => {
    const cases = {
      'blueking_language=en': 'en', 'blueking_language=en-us': 'en', 'blueking_language="en"': 'en', 'a=1;  blueking_language = en ': 'en',
      'blueking_language=zh-cn': 'zh', 'blueking_language=zh-hans': 'zh', 'blueking_language=zh': 'zh', 'blueking_language=zh-CN': 'zh',
      'blueking_language=en; blueking_language=zh-cn': 'zh',
    };
    for (const [cookie, want] of Object.entries(cases)) assert.equal(lang({ cookie, 'accept-language': want === 'en' ? 'zh' : 'en' }), want, cookie);
    assert.equal(lang({ cookie: 'blueking_language=EN' }), 'zh', '"EN" is no language code Django knows');
    assert.equal(lang({ cookie: 'blueking_language=fr', 'accept-language': 'en' }), 'en', 'an unknown cookie value falls through');
  });
  test('the lang= prefix wins; a deployment whose default is English', () => {
    assert.equal(lang({ 'accept-language': 'en' }, { lang: 'zh' }), 'zh');
    assert.equal(lang({}, { lang: 'en' }), 'en');
    assert.equal(requestLanguage({ headers: {} }, {}, 'en'), 'en');
  });
});

describe('the local server answers in the request\'s language', () => {
  let srv;
  before(async () => (srv = await startServer({ port: 0, tickets: 30 })));
  after(() => srv.close());
  const APP = { bk_app_code: 'bk-itsm-demo', bk_app_secret: 'demo-secret-3f9a1c0e7b' };
  const gw = async (path, init = {}) => (await fetch(`${srv.url}${path}`, { ...init, headers: { 'X-Bkapi-Authorization': JSON.stringify(APP), 'Content-Type': 'application/json', ...init.headers } })).json();
  const pastEnd = (headers, prefix = '') => gw(`${prefix}/api/bk-itsm/prod/v2/itsm/get_tickets/`, { method: 'POST', body: '{"page":99}', headers });

  test('get_tickets past the end: 无效页。 by default, Invalid page. when asked for English', async () => {
    assert.equal((await pastEnd({})).message, '无效页。');
    assert.equal((await pastEnd({ 'Accept-Language': 'en-US,en;q=0.9' })).message, 'Invalid page.');
    assert.equal((await pastEnd({ Cookie: 'blueking_language=en' })).message, 'Invalid page.');
    assert.equal((await pastEnd({ 'Accept-Language': 'en' }, '/__/lang=zh')).message, '无效页。');
    assert.equal((await pastEnd({}, '/__/lang=en')).message, 'Invalid page.');
  });
  test('ESB: METHOD_NOT_ALLOWED in either language; its own door messages stay English', async () => {
    const q = new URLSearchParams({ ...APP, bk_token: 'test-token-admin' });
    const get = async (headers) => (await fetch(`${srv.url}/api/c/compapi/v2/itsm/get_tickets/?${q}`, { headers })).json();
    assert.equal((await get({})).message, '方法 “GET” 不被允许。');
    assert.equal((await get({ 'Accept-Language': 'en' })).message, 'Method "GET" not allowed.');
    const noApp = await (await fetch(`${srv.url}/api/c/compapi/v2/itsm/get_tickets/`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } })).json();
    assert.equal(noApp.message, 'APP Code [bk_app_code] cannot be empty');
  });
  test('get_tickets_by_user: DRF\'s messages and ParamError\'s prefix follow; the catch-all\'s prefix and not-found do not', async () => {
    const byUser = (q, headers) => gw(`/api/bk-itsm/prod/v2/itsm/get_tickets_by_user/?${new URLSearchParams(q)}`, { headers });
    const en = { 'Accept-Language': 'en' };
    assert.equal((await byUser({ view_type: 'my_todo' }, en)).message, 'Parameter verification failed: user 为必填项');
    assert.equal((await byUser({ user: 'a', view_type: 'mine' }, en)).message, `接口异常，请检查请求参数: {'view_type': [ErrorDetail(string='"mine" is not a valid choice.', code='invalid_choice')]}`);
    assert.equal((await byUser({ user: 'a', view_type: 'my_todo', page: 99 }, en)).message, '接口异常，请检查请求参数: Invalid page.');
    assert.equal((await byUser({ user: 'a', view_type: 'my_todo', page: 99 })).message, '接口异常，请检查请求参数: 无效页。');
    const info = await gw('/api/bk-itsm/prod/v2/itsm/get_ticket_info/?sn=REQ19990101000001', { headers: en });
    assert.equal(info.message, '没有找到对应的单据');
  });
});
