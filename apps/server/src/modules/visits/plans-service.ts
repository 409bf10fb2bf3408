/**
 * Use-cases of the must-visit plans (六必访): a community's visit rules, rebuilding lists on
 * demand, the grid worker's own list with the household cards the phone keeps offline, the
 * supervisors' lists and the coverage figures. Reads the registry's rows through its own SQL
 * (plans-repo.ts), never through the registry's repos; writes only the visits tables.
 */
import type { Coverage, DueItem, FindingKind, MyVisitList, VisitRules } from '@gongzhi/api';
import { ageOn, chinaDate, isOverdue, isWithin, monthPeriod, type RuleFrequency, relationName } from '@gongzhi/domain';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, pathsWith, type Scope } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { AppError, type Locale } from '../../platform/errors.ts';
import { unitForScope } from '../org/service.ts';
import { buildPlans, currentMonth, rulesOf } from './plans-build.ts';
import * as repo from './plans-repo.ts';

type Deps = Pick<AppDeps, 'clock'>;
type Text = { 'zh-CN': string; en: string };

const COMMUNITY_KINDS: readonly string[] = ['community', 'village'];
const REBUILD_KINDS: readonly string[] = ['grid', 'community', 'village', 'street'];
const FINDING_KINDS: readonly FindingKind[] = ['need', 'risk', 'conflict', 'living', 'other'];

/** A 400 naming the field, in the request's language. */
function refused(field: string, rule: string, text: Text, locale: Locale): AppError {
  return new AppError('VALIDATION_FAILED', 400, [{ field, rule, message: text[locale].replaceAll('{f}', field) }]);
}

const NOT_A_COMMUNITY: Text = { 'zh-CN': '{f}:应为社区或村', en: '{f}: must be a community or village' };

/**
 * Whether the viewer may see a tag on a record at `path`: the registry's rule (any tag that is
 * not sensitive; a sensitive one with registry:sensitive there, or — for a 六必访 tag — with
 * registry:write there, the grid worker who must visit). Copied, not imported: modules meet
 * through services and events, not each other's internals.
 */
function maySeeTag(scope: Scope, path: string, tag: { sensitive: boolean; mustVisit: boolean }): boolean {
  if (!tag.sensitive) return true;
  if (canAt(scope, 'registry:sensitive', path)) return true;
  return tag.mustVisit && canAt(scope, 'registry:write', path);
}

/** The registry's standard address of a room: 江海路 88 号 金溪花园 3 栋 1 单元 302. */
function roomAddress(r: repo.AddressRow): string | null {
  if (r.building_address === null) return null;
  return [r.building_address, r.building_name, r.unit_name || null, r.number || null].filter(Boolean).join(' ');
}

export function createPlansService(deps: Deps) {
  const { clock } = deps;

  // ── Rules ──
  /** A community (or village) the scope may read visits in: its own, or one its grids lie in. */
  async function communityForRead(db: Db, scope: Scope, uid: string) {
    const unit = await repo.unitByUid(db, uid);
    const readable =
      unit?.status === 'active' &&
      (canAt(scope, 'visits:read', unit.path) || pathsWith(scope, 'visits:read').some((p) => isWithin(p, unit.path)));
    if (!unit || !readable) throw new AppError('UNIT_NOT_FOUND', 404);
    if (!COMMUNITY_KINDS.includes(unit.kind))
      throw refused('community', 'NOT_A_COMMUNITY', NOT_A_COMMUNITY, scope.locale);
    return unit;
  }

  async function rulesView(db: Db, scope: Scope, community: { id: number; uid: string; name: string }) {
    const [tags, { defaults, rules, rows }] = await Promise.all([repo.tagDefinitions(db), rulesOf(db, community.id)]);
    const own = new Set(rows.map((r) => r.tag_code));
    const view: VisitRules = {
      community: { id: community.uid, name: community.name },
      rules: tags
        .filter((t) => t.status === 'active')
        .map((t) => ({
          tag: { code: t.code, name: scope.locale === 'en' ? t.en : t.zh },
          frequency: rules[t.code] ?? 'none',
          defaultFrequency: defaults[t.code] ?? 'none',
          source: own.has(t.code) ? ('community' as const) : ('default' as const),
        }))
        // Tags that put someone on the list first, then the ones a community could switch on.
        .sort((a, b) => Number(a.frequency === 'none') - Number(b.frequency === 'none')),
    };
    return view;
  }

  async function getRules(db: Db, scope: Scope, q: { community: string }): Promise<VisitRules> {
    const community = await communityForRead(db, scope, q.community);
    return rulesView(db, scope, community);
  }

  /**
   * Sets a community's rules for the tags named (a frequency equal to the default removes the
   * community's own row), audits the change and rebuilds the community's current lists in the
   * same transaction, so the phone lists follow at once.
   */
  async function putRules(
    trx: Db,
    scope: Scope,
    body: { community: string; rules: { tag: string; frequency: RuleFrequency }[] },
  ): Promise<VisitRules> {
    const unit = await unitForScope(trx, scope, { uid: body.community }, 'visits:manage', 'UNIT_NOT_FOUND');
    if (!COMMUNITY_KINDS.includes(unit.kind))
      throw refused('community', 'NOT_A_COMMUNITY', NOT_A_COMMUNITY, scope.locale);
    const tags = new Map((await repo.tagDefinitions(trx)).filter((t) => t.status === 'active').map((t) => [t.code, t]));
    const seen = new Set<string>();
    const problems: { field: string; rule: string; message: string }[] = [];
    body.rules.forEach((r, i) => {
      const field = `rules[${i}].tag`;
      if (!tags.has(r.tag)) {
        const text = { 'zh-CN': '{f}:没有这个标签,或已停用', en: '{f}: no such tag, or it is retired' };
        problems.push({ field, rule: 'TAG_UNKNOWN', message: text[scope.locale].replaceAll('{f}', field) });
      } else if (seen.has(r.tag)) {
        const text = { 'zh-CN': '{f}:同一标签只能出现一次', en: '{f}: a tag may appear only once' };
        problems.push({ field, rule: 'DUPLICATE', message: text[scope.locale].replaceAll('{f}', field) });
      }
      seen.add(r.tag);
    });
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', 400, problems);

    const now = clock();
    const before = await rulesOf(trx, unit.id);
    for (const r of body.rules) {
      if ((before.defaults[r.tag] ?? 'none') === r.frequency) {
        await trx.deleteFrom('visit_rule').where('community_id', '=', unit.id).where('tag_code', '=', r.tag).execute();
        continue;
      }
      await trx
        .insertInto('visit_rule')
        .values({
          community_id: unit.id,
          district_id: unit.districtId,
          org_path: unit.path,
          tag_code: r.tag,
          frequency: r.frequency,
          updated_by: scope.user.id,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['community_id', 'tag_code']).doUpdateSet({
            frequency: r.frequency,
            updated_by: scope.user.id,
            updated_at: now,
          }),
        )
        .execute();
    }
    const after = await rulesOf(trx, unit.id);
    const rowsOf = (rows: { tag_code: string; frequency: string }[]) =>
      Object.fromEntries(rows.map((r) => [r.tag_code, r.frequency]));
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'visits.rules.update',
        orgPath: unit.path,
        targetType: 'unit',
        targetId: unit.uid,
        before: rowsOf(before.rows),
        after: rowsOf(after.rows),
      },
      now,
    );
    await buildPlans(trx, unit, currentMonth(now), now);
    return rulesView(trx, scope, unit);
  }

  // ── Lists ──
  async function rebuild(trx: Db, scope: Scope, body: { unit: string; month?: string }) {
    const unit = await unitForScope(trx, scope, { uid: body.unit }, 'visits:manage', 'UNIT_NOT_FOUND');
    if (!REBUILD_KINDS.includes(unit.kind)) {
      const text = { 'zh-CN': '{f}:应为街道、社区、村或网格', en: '{f}: must be a street, community, village or grid' };
      throw refused('unit', 'UNIT_KIND', text, scope.locale);
    }
    const now = clock();
    const month = body.month ?? currentMonth(now);
    const result = await buildPlans(trx, unit, month, now);
    await recordAudit(
      trx,
      actorOf(scope),
      { action: 'visits.plans.rebuild', orgPath: unit.path, targetType: 'unit', targetId: unit.uid, after: result },
      now,
    );
    return result;
  }

  /** Items with their household cards: one round of set-based reads however long the list. */
  async function toItems(db: Db, scope: Scope, rows: repo.DueRow[], today: string): Promise<DueItem[]> {
    const householdIds = [...new Set(rows.flatMap((r) => (r.household_id === null ? [] : [r.household_id])))];
    const personIds = [...new Set(rows.flatMap((r) => (r.person_id === null ? [] : [r.person_id])))];
    const [tags, cards, visits] = await Promise.all([
      repo.tagDefinitions(db),
      repo.cardRows(db, householdIds, personIds, today),
      repo.lastVisits(db, householdIds, personIds),
    ]);
    const en = scope.locale === 'en';
    const tagByCode = new Map(tags.map((t) => [t.code, t]));
    const key = (householdId: number | null, personId: number | null) =>
      householdId === null ? `p${personId}` : `h${householdId}`;
    const members = new Map<string, DueItem['card']['members']>();
    for (const p of cards.persons) {
      const k = key(p.household_id, p.person_id);
      const list = members.get(k) ?? [];
      list.push({
        id: p.uid,
        name: p.name,
        gender: p.gender as 'male' | 'female' | null,
        age: p.birth_date ? ageOn(p.birth_date, today) : null,
        relationName: p.relation === null ? null : (relationName(p.relation) ?? p.relation),
        phone: p.phone_masked,
        tags: p.tags
          .filter((t) => maySeeTag(scope, p.org_path, t))
          .map((t) => ({ code: t.code, name: en ? t.en : t.zh })),
      });
      members.set(k, list);
    }
    const addresses = new Map(cards.addresses.map((a) => [key(a.household_id, a.person_id), roomAddress(a)]));
    const last = new Map(visits.map((v) => [key(v.household_id, v.person_id), v]));
    return rows.map((r) => {
      const k = key(r.household_id, r.person_id);
      const v = last.get(k);
      return {
        id: r.uid,
        grid: { id: r.grid_uid, name: r.grid_name },
        assignee: r.assignee_uid === null ? null : { id: r.assignee_uid, name: r.assignee_name ?? '' },
        reasons: r.reasons.flatMap((code) => {
          const t = tagByCode.get(code);
          if (!t) return [{ code, name: code }];
          return maySeeTag(scope, r.org_path, { sensitive: t.sensitive, mustVisit: t.must_visit })
            ? [{ code, name: en ? t.en : t.zh }]
            : [];
        }),
        frequency: r.frequency as DueItem['frequency'],
        periodStart: r.period_start,
        periodEnd: r.period_end,
        status: r.status as DueItem['status'],
        overdue: isOverdue({ status: r.status as DueItem['status'], periodEnd: r.period_end }, today),
        visitId: r.visit_uid,
        card: {
          householdId: r.household_uid,
          address: addresses.get(k) ?? null,
          members: members.get(k) ?? [],
          lastVisit: v
            ? {
                id: v.uid,
                visitedAt: new Date(v.visited_at).toISOString(),
                method: v.method as 'home',
                worker: v.worker,
                summary: v.summary,
              }
            : null,
        },
      };
    });
  }

  /**
   * The caller's own list for a month: the open and done items assigned to them whose period
   * shares a day with the month (a quarter's item shows in each of its months until done).
   */
  async function mine(db: Db, scope: Scope, q: { month?: string }): Promise<MyVisitList> {
    const now = clock();
    const today = chinaDate(now);
    const month = q.month ?? currentMonth(now);
    const m = monthPeriod(month);
    const rows = (await repo.dueOfAssignee(db, scope.user.id, m.start, m.end)).filter((r) =>
      canAt(scope, 'visits:record', r.org_path),
    );
    return { month, today, generatedAt: now.toISOString(), items: await toItems(db, scope, rows, today) };
  }

  /**
   * A unit's items of a month (by the month their period starts in, as coverage counts them),
   * paged. The overdue list without a month holds every month's leftovers: 督访 follows up on
   * last month's misses too.
   */
  async function dueList(
    db: Db,
    scope: Scope,
    q: { unit?: string; month?: string; status?: repo.DueFilter; page?: number; pageSize?: number },
  ) {
    const now = clock();
    const today = chinaDate(now);
    const paths = q.unit
      ? [(await unitForScope(db, scope, { uid: q.unit }, 'visits:read', 'UNIT_NOT_FOUND')).path]
      : pathsWith(scope, 'visits:read');
    const m =
      q.month === undefined && q.status === 'overdue'
        ? { start: '1900-01-01', end: today }
        : monthPeriod(q.month ?? currentMonth(now));
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await repo.duePage(db, paths, {
      from: m.start,
      to: m.end,
      ...(q.status ? { status: q.status } : {}),
      today,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items: await toItems(db, scope, rows, today), total, page, pageSize };
  }

  // ── Coverage ──
  async function coverage(db: Db, scope: Scope, q: { unit?: string; month?: string }): Promise<Coverage> {
    const now = clock();
    const today = chinaDate(now);
    const month = q.month ?? currentMonth(now);
    let unit: { id: number; uid: string; name: string; kind: string; path: string } | undefined;
    if (q.unit) unit = await unitForScope(db, scope, { uid: q.unit }, 'visits:read', 'UNIT_NOT_FOUND');
    else {
      const root = pathsWith(scope, 'visits:read')[0];
      const row = root === undefined ? undefined : await repo.unitByPath(db, root);
      if (!row) throw new AppError('UNIT_NOT_FOUND', 404);
      unit = row;
    }
    const [children, tallies, overdue, workers] = await Promise.all([
      repo.childrenOf(db, unit.id),
      repo.gridTallies(db, unit.path, month),
      repo.overdueByGrid(db, unit.path, month, today),
      repo.workerTallies(db, unit.path, month),
    ]);
    const rowFor = (u: { uid: string; name: string; kind: string; path: string }) => {
      const within = <T extends { org_path: string }>(rows: T[]) => rows.filter((r) => isWithin(r.org_path, u.path));
      const mine = within(tallies);
      const due = mine.reduce((n, t) => n + t.due, 0);
      const done = mine.reduce((n, t) => n + t.done, 0);
      return {
        unit: { id: u.uid, name: u.name, kind: u.kind },
        due,
        done,
        overdue: within(overdue).reduce((n, o) => n + o.n, 0),
        rate: due === 0 ? null : done / due,
        visits: mine.reduce((n, t) => n + t.visits, 0),
      };
    };
    const findings = new Map<string, number>();
    for (const t of tallies)
      for (const [kind, n] of Object.entries(t.findings ?? {}))
        findings.set(kind, (findings.get(kind) ?? 0) + Number(n));
    return {
      unit: { id: unit.uid, name: unit.name, kind: unit.kind },
      month,
      total: rowFor(unit),
      rows: children.map(rowFor),
      workers: workers.map((w) => ({ worker: { id: w.uid, name: w.name }, grid: w.grid, visits: w.visits })),
      findings: FINDING_KINDS.map((kind) => ({ kind, count: findings.get(kind) ?? 0 })),
    };
  }

  return { getRules, putRules, rebuild, mine, dueList, coverage };
}

export type PlansService = ReturnType<typeof createPlansService>;
