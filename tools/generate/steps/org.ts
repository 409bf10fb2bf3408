/**
 * The org hierarchy and the party organisations that mirror it, level by level: each level
 * is one bulk insert (per 5,000 rows) returning the ids its children need.
 * Paths and party names follow the demo seed (apps/server/src/demo/seed.ts).
 */
import { childPath, pathSegment, type UnitKind } from '@gongzhi/domain';
import { sql } from 'kysely';
import { bulkInsert } from '../bulk.ts';
import type { GenerateContext, Step, UnitRef } from '../step.ts';

interface UnitRow {
  kind: string;
  name: string;
  code: string;
  parent_id: number | null;
  path: string;
  district_id: number | null;
  created_at: Date;
}

const UNIT_COLUMNS = {
  kind: 'text',
  name: 'text',
  code: 'text',
  parent_id: 'bigint',
  path: 'text',
  district_id: 'bigint',
  created_at: 'timestamptz',
} as const;

interface PartyRow {
  kind: string;
  name: string;
  parent_id: number | null;
  unit_id: number;
  org_path: string;
  created_at: Date;
}

const PARTY_COLUMNS = {
  kind: 'text',
  name: 'text',
  parent_id: 'bigint',
  unit_id: 'bigint',
  org_path: 'text',
  created_at: 'timestamptz',
} as const;

async function insertUnits(ctx: GenerateContext, rows: UnitRow[]): Promise<UnitRef[]> {
  const refs = await bulkInsert<UnitRow, UnitRef>(ctx.db, 'org_unit', UNIT_COLUMNS, rows, [
    'id',
    'code',
    'path',
    'kind',
  ]);
  for (const r of refs) ctx.units.set(r.code, r);
  return refs;
}

async function insertParty(ctx: GenerateContext, rows: PartyRow[]): Promise<Map<number, number>> {
  const out = await bulkInsert<PartyRow, { id: number; unit_id: number }>(ctx.db, 'party_org', PARTY_COLUMNS, rows, [
    'id',
    'unit_id',
  ]);
  return new Map(out.map((r) => [r.unit_id, r.id]));
}

export const orgStep: Step = {
  name: 'org',
  async run(ctx) {
    const { plan, now } = ctx;
    const unit = (
      kind: UnitKind,
      name: string,
      code: string,
      parent: UnitRef | null,
      districtId: number | null,
    ): UnitRow => ({
      kind,
      name,
      code,
      parent_id: parent?.id ?? null,
      path: childPath(parent?.path ?? null, pathSegment(kind, code)),
      district_id: districtId,
      created_at: now,
    });
    const ref = (code: string) => ctx.units.get(code) as UnitRef;

    const [district] = await insertUnits(ctx, [unit('district', plan.district.name, plan.district.code, null, null)]);
    if (!district) throw new Error('district not written');
    const streetsAndDepartments = [
      ...plan.departments.map((d) => unit('department', d.name, d.code, district, district.id)),
      ...plan.streets.map((s) => unit('street', s.name, s.code, district, district.id)),
    ];
    await insertUnits(ctx, streetsAndDepartments);
    const communities = plan.streets.flatMap((s) =>
      s.communities.map((c) => unit(c.kind, c.name, c.code, ref(s.code), district.id)),
    );
    await insertUnits(ctx, communities);
    const grids = plan.streets.flatMap((s) =>
      s.communities.flatMap((c) => c.grids.map((g) => unit('grid', g.name, g.code, ref(c.code), district.id))),
    );
    await insertUnits(ctx, grids);

    // 党工委 → 党委 → 网格党支部 → 两个党小组
    const party = (kind: string, name: string, parentId: number | null, u: UnitRef): PartyRow => ({
      kind,
      name,
      parent_id: parentId,
      unit_id: u.id,
      org_path: u.path,
      created_at: now,
    });
    const committees = await insertParty(
      ctx,
      plan.streets.map((s) => party('working_committee', `${s.name}党工委`, null, ref(s.code))),
    );
    const communityParty = await insertParty(
      ctx,
      plan.streets.flatMap((s) =>
        s.communities.map((c) =>
          party('committee', `${c.name}党委`, committees.get(ref(s.code).id) as number, ref(c.code)),
        ),
      ),
    );
    const gridList = plan.streets.flatMap((s) => s.communities.flatMap((c) => c.grids.map((g) => ({ c, g }))));
    const branches = await insertParty(
      ctx,
      gridList.map(({ c, g }) =>
        party('branch', `${g.name}党支部`, communityParty.get(ref(c.code).id) as number, ref(g.code)),
      ),
    );
    const groups = gridList.flatMap(({ g }) => {
      const branch = branches.get(ref(g.code).id) as number;
      return [
        party('group', `${g.name}第一党小组`, branch, ref(g.code)),
        party('group', `${g.name}第二党小组`, branch, ref(g.code)),
      ];
    });
    await insertParty(ctx, groups);

    await sql`insert into org_change (kind, at, reason, detail)
              values ('create', ${now}, '生成数据初始化', ${JSON.stringify({ generated: true, scale: plan.scale, seed: plan.seed })}::jsonb)`.execute(
      ctx.db,
    );

    return {
      units: 1 + streetsAndDepartments.length + communities.length + grids.length,
      streets: plan.streets.length,
      communities: communities.length,
      grids: grids.length,
      partyOrgs: committees.size + communityParty.size + branches.size + groups.length,
    };
  },
};
