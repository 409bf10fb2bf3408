import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';

describe(`org hierarchy (${dbLabel})`, () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform();
  });
  afterAll(() => t.close());

  it('a street official sees only their street, and splits one of its grids with the history kept', async () => {
    const official = await t.as('street.waihai');
    const tree = await official.get('/api/org/tree');
    expect(tree.status).toBe(200);
    expect(tree.body.roots.map((r: { name: string }) => r.name)).toEqual(['外海街道']);
    const gridId = await t.unitId('440704002001001');
    const split = await official.post(`/api/org/grids/${gridId}/split`, {
      parts: [
        { name: '直冲社区第一网格(东)', code: '440704002001011' },
        { name: '直冲社区第一网格(西)', code: '440704002001012' },
      ],
      reason: '人口增长,按楼栋拆分',
    });
    expect(split.status).toBe(200);
    expect(split.body.created).toHaveLength(2);
    expect(split.body.change.from.map((u: { code: string }) => u.code)).toEqual(['440704002001001']);
    const history = await official.get(`/api/org/units/${split.body.created[0].id}/history`);
    expect(history.body.items[0].kind).toBe('split');
    const old = await official.get(`/api/org/units/${gridId}`);
    expect(old.body.status).toBe('retired');
  });
});
