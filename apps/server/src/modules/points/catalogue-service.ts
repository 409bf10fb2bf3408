/**
 * The rule catalogue (积分细则): a community's own and inherited rules, a rule's versions, and
 * keeping them — a rule is created by a district, street or community; an edit is a new version
 * (entries keep the version they were awarded under); a rule is retired, never deleted.
 *
 * Who reads: points:read in the community's area; a resident (points:self) their own community,
 * seeing only the rules they may claim today. Who writes: points:manage over the owning unit.
 */
import type { Catalogue, Rule, RuleBody, RuleVersion, RuleVersionBody } from '@gongzhi/api';
import {
  CATEGORY_NAMES,
  chinaDate,
  currentVersionOn,
  isWithin,
  type Permission,
  RULE_CATEGORIES,
  type RuleCategoryCode,
  type RuleProblem,
  roleHas,
  ruleProblems,
} from '@gongzhi/domain';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, hasPermission, type Scope } from '../../platform/auth/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { invalid } from '../registry/person-data.ts';
import * as repo from './catalogue-repo.ts';

const COMMUNITY_KINDS = ['community', 'village'];
const OWNER_KINDS = ['district', 'street', 'community', 'village'];

/** Field problems of a rule, worded for the 400 that names them. */
export const RULE_PROBLEMS: Record<RuleProblem | 'OWNER_KIND', { 'zh-CN': string; en: string }> = {
  POINTS_ZERO: { 'zh-CN': '{f}:分值不能为 0', en: '{f}: points cannot be 0' },
  VALID_UNTIL_BEFORE_FROM: { 'zh-CN': '{f}:失效日期不能早于生效日期', en: '{f}: the rule cannot end before it starts' },
  CAP_MONTH_ABOVE_YEAR: {
    'zh-CN': '{f}:月上限不能高于年上限',
    en: '{f}: the monthly cap cannot exceed the yearly cap',
  },
  CAP_BELOW_POINTS: {
    'zh-CN': '{f}:上限低于单次分值,永远无法得分',
    en: '{f}: the cap is below one award, so it could never be earned',
  },
  CAP_ON_DEDUCTION: { 'zh-CN': '{f}:扣分项不设上限', en: '{f}: a deduction has no cap' },
  DEDUCTION_CLAIMABLE: { 'zh-CN': '{f}:扣分项不能由居民申报', en: '{f}: residents cannot claim a deduction' },
  PARTY_DUTY_NOT_PARTY: {
    'zh-CN': '{f}:党员责任岗积分只能计入党员积分',
    en: '{f}: party duty points go to party members only',
  },
  OWNER_KIND: {
    'zh-CN': '{f}:积分规则只能由区、街道或社区(村)制定',
    en: '{f}: rules are made by a district, street or community',
  },
};

function toVersion(v: repo.VersionRow): RuleVersion {
  return {
    version: v.version,
    title: v.title,
    description: v.description,
    points: v.points,
    appliesTo: v.applies_to,
    evidence: v.evidence,
    claimable: v.claimable,
    capMonth: v.cap_month,
    capYear: v.cap_year,
    validFrom: v.valid_from,
    validUntil: v.valid_until,
    createdAt: new Date(v.created_at).toISOString(),
    createdBy: v.created_by,
  };
}

/** The rule's versions in the shape the domain reads. */
export function versionsOf(r: repo.RuleRow) {
  return r.versions.map((v) => ({ ...v, validFrom: v.valid_from, validUntil: v.valid_until }));
}

/** The version of a rule that holds on a day (none when retired by then, or not valid). */
export function versionOn(r: repo.RuleRow, day: string): repo.VersionRow | undefined {
  return currentVersionOn({ versions: versionsOf(r), retiredOn: r.retired_at ? chinaDate(r.retired_at) : null }, day);
}

function newest(r: repo.RuleRow): repo.VersionRow {
  return r.versions.find((v) => v.version === r.current_version) ?? (r.versions.at(-1) as repo.VersionRow);
}

function toRule(
  r: repo.RuleRow,
  today: string,
  communityPath: string | null,
  opts: { versions?: boolean; shown?: repo.VersionRow } = {},
): Rule {
  const current = opts.shown ?? newest(r);
  return {
    id: r.uid,
    code: r.code,
    category: r.category as Rule['category'],
    owner: { id: r.owner_uid, name: r.owner_name, kind: r.owner_kind, code: r.owner_code },
    inherited: communityPath !== null && r.org_path !== communityPath,
    retiredAt: r.retired_at ? r.retired_at.toISOString() : null,
    current: toVersion(current),
    validToday: versionOn(r, today)?.version === current.version,
    ...(opts.versions ? { versions: r.versions.map(toVersion) } : {}),
  };
}

/** Whether the scope holds a permission on a unit or below it (a resident's grant sits on a grid). */
export function holdsWithin(scope: Scope, permission: Permission, path: string): boolean {
  return scope.grants.some((g) => roleHas(g.role, permission) && isWithin(g.path, path));
}

/**
 * Whether the scope may read a rule: points:read over its owner, or over a unit below it (a
 * community reads the rules it inherits), or points:self on a grid below it.
 */
export function mayReadRule(scope: Scope, orgPath: string): boolean {
  return (
    canAt(scope, 'points:read', orgPath) ||
    holdsWithin(scope, 'points:read', orgPath) ||
    holdsWithin(scope, 'points:self', orgPath)
  );
}

export function createCatalogueService(deps: { clock: Clock }) {
  const { clock } = deps;

  function checkTerms(
    scope: Scope,
    t: RuleVersionBody,
    category: RuleCategoryCode,
    today: string,
    extra: { field: string; code: string }[] = [],
  ) {
    const problems = ruleProblems({
      points: t.points,
      appliesTo: t.appliesTo,
      category,
      evidence: t.evidence,
      claimable: t.claimable,
      capMonth: t.capMonth ?? null,
      capYear: t.capYear ?? null,
      validFrom: t.validFrom ?? today,
      validUntil: t.validUntil ?? null,
    });
    const issues = [...extra, ...problems.map((p) => ({ field: p.field, code: p.problem }))];
    if (issues.length > 0) throw invalid(issues, scope.locale, RULE_PROBLEMS);
  }

  const termsOf = (t: RuleVersionBody, today: string): repo.VersionTerms => ({
    title: t.title.trim(),
    description: t.description?.trim() || null,
    points: t.points,
    applies_to: t.appliesTo,
    evidence: [...new Set(t.evidence)],
    claimable: t.claimable,
    cap_month: t.capMonth ?? null,
    cap_year: t.capYear ?? null,
    valid_from: t.validFrom ?? today,
    valid_until: t.validUntil ?? null,
  });

  /** A community's catalogue, grouped by category in the village code's order. */
  async function catalogue(db: Db, scope: Scope, query: { community: string; retired?: boolean }): Promise<Catalogue> {
    const unit = await repo.unitByUid(db, query.community);
    const found = unit?.status === 'active' && COMMUNITY_KINDS.includes(unit.kind);
    // Readers over the community or within it (a grid worker reads the catalogue of the grid's community).
    const staff = found && (canAt(scope, 'points:read', unit.path) || holdsWithin(scope, 'points:read', unit.path));
    const resident = found && !staff && holdsWithin(scope, 'points:self', unit.path);
    if (!staff && !resident) {
      if (hasPermission(scope, 'points:read') || hasPermission(scope, 'points:self'))
        throw new AppError('UNIT_NOT_FOUND', 404);
      throw new AppError('FORBIDDEN', 403, { permission: 'points:read' });
    }
    const u = unit as repo.UnitRow;
    const today = chinaDate(clock());
    const rows = await repo.rulesFor(db, u.path, staff && query.retired === true);
    const rules: Rule[] = [];
    for (const r of rows) {
      if (staff) rules.push(toRule(r, today, u.path));
      else {
        // A resident sees what they may claim today, as it holds today.
        const v = versionOn(r, today);
        if (v?.claimable && v.points > 0) rules.push(toRule(r, today, u.path, { shown: v }));
      }
    }
    return {
      community: { id: u.uid, name: u.name, code: u.code },
      today,
      categories: RULE_CATEGORIES.map((c) => ({
        category: c,
        name: CATEGORY_NAMES[c][scope.locale],
        rules: rules.filter((r) => r.category === c),
      })).filter((c) => c.rules.length > 0),
    };
  }

  async function view(db: Db, scope: Scope, uid: string): Promise<Rule> {
    const r = await repo.ruleByUid(db, uid);
    if (!r || !mayReadRule(scope, r.org_path)) throw new AppError('POINTS_RULE_NOT_FOUND', 404);
    return toRule(r, chinaDate(clock()), null, { versions: true });
  }

  async function create(trx: Db, scope: Scope, body: RuleBody): Promise<Rule> {
    const now = clock();
    const today = chinaDate(now);
    const unit = await repo.unitByUid(trx, body.unit);
    if (unit?.status !== 'active' || !canAt(scope, 'points:manage', unit.path))
      throw new AppError('UNIT_NOT_FOUND', 404);
    checkTerms(
      scope,
      body,
      body.category,
      today,
      OWNER_KINDS.includes(unit.kind) ? [] : [{ field: 'unit', code: 'OWNER_KIND' }],
    );
    const districtId = await repo.districtOf(trx, unit.id);
    const made = await repo.insertRule(
      trx,
      {
        district_id: districtId,
        owner_unit_id: unit.id,
        org_path: unit.path,
        code: body.code,
        category: body.category,
        created_by: scope.user.id,
      },
      now,
    );
    if (!made) throw new AppError('POINTS_RULE_CODE_TAKEN', 409, { field: 'code' });
    const terms = termsOf(body, today);
    await repo.insertVersion(trx, made.id, 1, terms, scope.user.id, now);
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'points.rule_create',
        targetType: 'points_rule',
        targetId: made.uid,
        orgPath: unit.path,
        after: { code: body.code, category: body.category, owner: unit.code, version: 1, ...terms },
      },
      now,
    );
    return toRule((await repo.ruleByUid(trx, made.uid)) as repo.RuleRow, today, null, { versions: true });
  }

  /** The rule a manager may change: locked, in their area, not retired. */
  async function manageable(trx: Db, scope: Scope, uid: string): Promise<repo.RuleRow> {
    const r = await repo.ruleByUid(trx, uid, true);
    if (!r || !canAt(scope, 'points:manage', r.org_path)) throw new AppError('POINTS_RULE_NOT_FOUND', 404);
    if (r.retired_at) throw new AppError('POINTS_RULE_RETIRED', 409);
    return r;
  }

  /** A new version: what was awarded under the old one stays on it. */
  async function revise(trx: Db, scope: Scope, uid: string, body: RuleVersionBody): Promise<Rule> {
    const now = clock();
    const today = chinaDate(now);
    const r = await manageable(trx, scope, uid);
    checkTerms(scope, body, r.category as RuleCategoryCode, today);
    const before = newest(r);
    const version = r.current_version + 1;
    const terms = termsOf(body, today);
    await repo.insertVersion(trx, r.id, version, terms, scope.user.id, now);
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'points.rule_revise',
        targetType: 'points_rule',
        targetId: r.uid,
        orgPath: r.org_path,
        before: { version: before.version, points: before.points, title: before.title },
        after: { version, ...terms },
      },
      now,
    );
    return toRule((await repo.ruleByUid(trx, r.uid)) as repo.RuleRow, today, null, { versions: true });
  }

  async function retire(trx: Db, scope: Scope, uid: string, reason: string | undefined): Promise<Rule> {
    const now = clock();
    const r = await manageable(trx, scope, uid);
    await repo.retireRule(trx, r.id, now);
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'points.rule_retire',
        targetType: 'points_rule',
        targetId: r.uid,
        orgPath: r.org_path,
        before: { retiredAt: null },
        after: { retiredAt: now.toISOString(), reason: reason ?? null },
      },
      now,
    );
    return toRule((await repo.ruleByUid(trx, r.uid)) as repo.RuleRow, chinaDate(now), null, { versions: true });
  }

  return { catalogue, view, create, revise, retire };
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;
