/**
 * What operators and integrators read: liveness and readiness, Prometheus metrics, the
 * OpenAPI document and its docs page, and error messages in the caller's language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';

describe(`health, metrics and API description (${dbLabel})`, () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({}, { seed: false });
  });
  afterAll(() => t.close());

  it('/healthz answers ok without a session', async () => {
    const res = await t.anon.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('/readyz checks the database and says which kind it is', async () => {
    const res = await t.anon.get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', db: dbLabel });
  });

  it('/metrics is Prometheus text with request durations labelled by route and status', async () => {
    await t.anon.get('/healthz');
    await t.anon.get('/api/org/tree');
    const res = await t.anon.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body as string;
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} [1-9]/);
    // Labelled by the route pattern, not the raw URL: ids never become label values.
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/org\/tree",status="401"\} 1/);
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('/api/openapi.json is an OpenAPI 3 document describing our routes with their schemas', async () => {
    const res = await t.anon.get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.info.title).toContain('Gongzhi');
    const paths = Object.keys(res.body.paths);
    for (const p of [
      '/api/auth/login',
      '/api/auth/me',
      '/api/users',
      '/api/users/{id}/grants',
      '/api/org/tree',
      '/api/org/units/{id}/history',
      '/api/org/grids/merge',
      '/api/audit',
    ]) {
      expect(paths).toContain(p);
    }
    expect(paths).not.toContain('/api/openapi.json');
    const login = res.body.paths['/api/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['username', 'password']);
    expect(Object.keys(login.responses)).toEqual(expect.arrayContaining(['200', '401', '423', '429']));
    expect(res.body.components.securitySchemes.session).toEqual({ type: 'apiKey', in: 'cookie', name: 'gz_session' });
  });

  it('/api/docs serves the HTML docs page', async () => {
    const res = await t.anon.get('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toMatch(/<html/i);
  });

  it('an error speaks Chinese by default and English when the caller asks for it', async () => {
    const zh = await t.anon.get('/api/auth/me');
    expect(zh.status).toBe(401);
    expect(zh.body).toEqual({ error: { code: 'UNAUTHENTICATED', message: '请先登录' } });
    const en = await t.anon.get('/api/auth/me', { 'accept-language': 'en-GB,en;q=0.8' });
    expect(en.body).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Please log in' } });
    const preferChinese = await t.anon.get('/api/auth/me', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
    expect(preferChinese.body.error.message).toBe('请先登录');
    const validation = await t.anon.post('/api/auth/login', { username: 'someone' }, { 'accept-language': 'en' });
    expect(validation.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'The request is invalid: Missing required field password',
    });
  });
});
