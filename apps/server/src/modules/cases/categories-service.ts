/**
 * 事件分类: the district's category tree — residents and staff pick from it, a district admin
 * keeps it (names, time limits, default handler, deliberable, active, parent, order). The tree
 * has two levels (大类 / 小类). The 兜底 category stays active and handled by the community:
 * a case whose handler cannot be found falls to it.
 *
 * A session's district is the one its account belongs to; categories of another district are
 * not found. Writes need cases:admin over the district.
 */
import type {
  CaseCategory,
  CaseCategoryBody,
  CaseCategoryGroup,
  CaseCategoryPatch,
  CaseCategoryTree,
} from '@gongzhi/api';
import { type CategoryProblem, categoryProblems, FALLBACK_CATEGORY_CODE } from '@gongzhi/domain';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, type Scope } from '../../platform/auth/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, type Locale } from '../../platform/errors.ts';
import { invalid } from '../registry/person-data.ts';
import * as repo from './categories-repo.ts';

/** Field problems of a category, worded for the 400 that names them. */
export const CATEGORY_PROBLEMS: Record<
  CategoryProblem | 'PARENT_NOT_FOUND' | 'PARENT_TOO_DEEP' | 'NOT_A_DEPARTMENT' | 'FALLBACK_FIXED',
  Record<Locale, string>
> = {
  NAME_BLANK: { 'zh-CN': '{f}:名称不能为空', en: '{f}: the name cannot be blank' },
  NAME_TOO_LONG: {
    'zh-CN': '{f}:名称过长(中文名最多 20 字,英文名最多 80 字符)',
    en: '{f}: the name is too long (20 characters in Chinese, 80 in English)',
  },
  NAME_CONTROL_CHARS: { 'zh-CN': '{f}:名称含有控制字符', en: '{f}: the name contains control characters' },
  CODE_FORMAT: {
    'zh-CN': '{f}:编码只能由小写字母、数字和 . _ - 组成',
    en: '{f}: a code is lower-case letters, digits and . _ -',
  },
  SLA_TOO_LONG: {
    'zh-CN': '{f}:时限过长(最多 720 小时或 60 个工作日)',
    en: '{f}: the time limit is too long (at most 720 hours or 60 working days)',
  },
  RESPONSE_AFTER_RESOLVE: {
    'zh-CN': '{f}:响应时限不能长于办结时限',
    en: '{f}: the response limit cannot be longer than the resolve limit',
  },
  PARENT_NOT_FOUND: { 'zh-CN': '{f}:上级分类不存在', en: '{f}: no such parent category' },
  PARENT_TOO_DEEP: {
    'zh-CN': '{f}:分类只有两级,上级须为一级分类,且有下级的分类不能再挂到别的分类下',
    en: '{f}: the tree has two levels: the parent must be top-level, and a category with subcategories stays top-level',
  },
  NOT_A_DEPARTMENT: {
    'zh-CN': '{f}:须为本区的职能部门',
    en: '{f}: must be a department of the district',
  },
  FALLBACK_FIXED: {
    'zh-CN': '{f}:兜底分类“其他”须保持启用、一级并由社区办理',
    en: '{f}: the catch-all category stays active, top-level and handled by the community',
  },
};

export interface District {
  id: number;
  path: string;
  /** [west, south, east, north]: where reports may be placed */
  bbox: number[] | null;
}

/** The district of the session's account (its path's first segment). */
export async function districtOfScope(db: Db, scope: Scope): Promise<District> {
  const d = await repo.districtByPath(db, scope.user.orgPath.split('.')[0] as string);
  if (!d) throw new AppError('UNIT_NOT_FOUND', 404);
  return d;
}

/** The district an admin keeps: their own, with cases:admin over it. */
export async function adminDistrict(db: Db, scope: Scope): Promise<District> {
  const d = await districtOfScope(db, scope);
  if (!canAt(scope, 'cases:admin', d.path)) throw new AppError('FORBIDDEN', 403, { permission: 'cases:admin' });
  return d;
}

export function toCategory(r: repo.CategoryRow): CaseCategory {
  return {
    uid: r.uid,
    code: r.code,
    name: r.name,
    nameEn: r.name_en,
    description: r.description,
    parentUid: r.parent_uid,
    handlerKind: r.handler_kind,
    department:
      r.department_uid === null
        ? null
        : { uid: r.department_uid, name: r.department_name as string, code: r.department_code as string },
    response: { amount: r.response_amount, unit: r.response_unit },
    resolve: { amount: r.resolve_amount, unit: r.resolve_unit },
    deliberable: r.deliberable,
    active: r.active,
    sort: r.sort,
    fallback: r.code === FALLBACK_CATEGORY_CODE,
  };
}

const trimmedOrNull = (s: string | null | undefined) => (s?.trim() ? s.trim() : null);

export function createCategoryService(deps: { clock: Clock }) {
  const { clock } = deps;

  /** The tree; inactive categories (and the children of an inactive group) only for cases:admin. */
  async function tree(db: Db, scope: Scope): Promise<CaseCategoryTree> {
    const d = await districtOfScope(db, scope);
    const rows = await repo.categoriesOf(db, d.id, canAt(scope, 'cases:admin', d.path));
    const groups = new Map<number, CaseCategoryGroup>();
    for (const r of rows) if (r.parent_id === null) groups.set(r.id, { ...toCategory(r), children: [] });
    for (const r of rows) if (r.parent_id !== null) groups.get(r.parent_id)?.children.push(toCategory(r));
    const bbox = d.bbox?.length === 4 ? (d.bbox.map(Number) as [number, number, number, number]) : null;
    return { items: [...groups.values()], bbox };
  }

  /**
   * The row a body (merged with what is kept) would write, or a 400 naming every field that is
   * wrong: names and time limits (the domain's rules), the parent (a top-level category of the
   * district, and never for a category that has children), the department (one of the district's).
   */
  async function valuesOf(
    trx: Db,
    scope: Scope,
    d: District,
    next: Required<Omit<CaseCategoryPatch, 'parent' | 'department'>> & {
      parent: string | null;
      department: string | null;
    },
    current: repo.CategoryRow | null,
    code: string,
  ): Promise<repo.CategoryValues> {
    const issues: { field: string; code: string }[] = categoryProblems({
      ...(current ? {} : { code }),
      name: next.name,
      nameEn: next.nameEn,
      response: next.response,
      resolve: next.resolve,
    }).map((p) => ({ field: p.field, code: p.problem }));
    let parentId: number | null = null;
    if (next.parent !== null) {
      const parent = await repo.categoryByUid(trx, next.parent);
      if (!parent || parent.district_id !== d.id) issues.push({ field: 'parent', code: 'PARENT_NOT_FOUND' });
      else if (parent.parent_id !== null || parent.id === current?.id || (current?.children ?? 0) > 0)
        issues.push({ field: 'parent', code: 'PARENT_TOO_DEEP' });
      else parentId = parent.id;
    }
    let departmentId: number | null = null;
    if (next.department !== null) {
      const dept = await repo.departmentOf(trx, d.id, next.department);
      if (!dept) issues.push({ field: 'department', code: 'NOT_A_DEPARTMENT' });
      else departmentId = dept.id;
    }
    if (code === FALLBACK_CATEGORY_CODE) {
      if (!next.active) issues.push({ field: 'active', code: 'FALLBACK_FIXED' });
      if (next.parent !== null) issues.push({ field: 'parent', code: 'FALLBACK_FIXED' });
      if (next.department !== null) issues.push({ field: 'department', code: 'FALLBACK_FIXED' });
    }
    if (issues.length > 0) throw invalid(issues, scope.locale, CATEGORY_PROBLEMS);
    return {
      parent_id: parentId,
      name: next.name.trim(),
      name_en: trimmedOrNull(next.nameEn),
      description: trimmedOrNull(next.description),
      handler_kind: departmentId === null ? 'community' : 'department',
      department_id: departmentId,
      response_amount: next.response.amount,
      response_unit: next.response.unit,
      resolve_amount: next.resolve.amount,
      resolve_unit: next.resolve.unit,
      deliberable: next.deliberable,
      sort: next.sort,
      active: next.active,
    };
  }

  async function create(trx: Db, scope: Scope, body: CaseCategoryBody): Promise<CaseCategory> {
    const now = clock();
    const d = await adminDistrict(trx, scope);
    const values = await valuesOf(
      trx,
      scope,
      d,
      {
        name: body.name,
        nameEn: body.nameEn ?? null,
        description: body.description ?? null,
        parent: body.parent ?? null,
        department: body.department ?? null,
        response: body.response,
        resolve: body.resolve,
        deliberable: body.deliberable ?? false,
        active: body.active ?? true,
        sort: body.sort ?? 0,
      },
      null,
      body.code,
    );
    const uid = await repo.insertCategory(trx, d.id, body.code, values, now);
    if (!uid) throw new AppError('CASE_CATEGORY_CODE_TAKEN', 409, { field: 'code' });
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'cases.category_create',
        targetType: 'case_category',
        targetId: uid,
        orgPath: d.path,
        after: { code: body.code, ...values },
      },
      now,
    );
    return toCategory((await repo.categoryByUid(trx, uid)) as repo.CategoryRow);
  }

  async function update(trx: Db, scope: Scope, uid: string, body: CaseCategoryPatch): Promise<CaseCategory> {
    const now = clock();
    const d = await adminDistrict(trx, scope);
    const r = await repo.categoryByUid(trx, uid, true);
    if (!r || r.district_id !== d.id) throw new AppError('CASE_CATEGORY_NOT_FOUND', 404);
    const values = await valuesOf(
      trx,
      scope,
      d,
      {
        name: body.name ?? r.name,
        nameEn: body.nameEn !== undefined ? body.nameEn : r.name_en,
        description: body.description !== undefined ? body.description : r.description,
        parent: body.parent !== undefined ? body.parent : r.parent_uid,
        department: body.department !== undefined ? body.department : r.department_uid,
        response: body.response ?? { amount: r.response_amount, unit: r.response_unit },
        resolve: body.resolve ?? { amount: r.resolve_amount, unit: r.resolve_unit },
        deliberable: body.deliberable ?? r.deliberable,
        active: body.active ?? r.active,
        sort: body.sort ?? r.sort,
      },
      r,
      r.code,
    );
    await repo.updateCategory(trx, r.id, values, now);
    const before = toCategory(r);
    const after = toCategory((await repo.categoryByUid(trx, uid)) as repo.CategoryRow);
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'cases.category_update',
        targetType: 'case_category',
        targetId: uid,
        orgPath: d.path,
        before,
        after,
      },
      now,
    );
    return after;
  }

  return { tree, create, update };
}

export type CategoryService = ReturnType<typeof createCategoryService>;
