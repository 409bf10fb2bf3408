/**
 * 回复模板: the texts staff pick when they accept, reject, resolve or return a case, or call back
 * after a bad rating. Staff with cases:read in the district read them (a category's own first,
 * then those for every category); a district admin keeps them and also sees inactive ones.
 */
import type { CaseTemplate, CaseTemplateBody, CaseTemplateList, CaseTemplatePatch } from '@gongzhi/api';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, type Scope } from '../../platform/auth/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { invalid } from '../registry/person-data.ts';
import { categoryByUid } from './categories-repo.ts';
import { adminDistrict, type District, districtOfScope } from './categories-service.ts';
import * as repo from './templates-repo.ts';

const TEMPLATE_PROBLEMS = {
  CATEGORY_NOT_FOUND: { 'zh-CN': '{f}:本区没有该事件分类', en: '{f}: no such category in the district' },
};

function toTemplate(r: repo.TemplateRow): CaseTemplate {
  return {
    uid: r.uid,
    category:
      r.category_uid === null
        ? null
        : { uid: r.category_uid, code: r.category_code as string, name: r.category_name as string },
    purpose: r.purpose,
    title: r.title,
    body: r.body,
    active: r.active,
    updatedBy: r.updated_by_name,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** The category of the district by uid, or none (null uid); a 400 naming `category` when unknown. */
async function categoryIdOf(db: Db, scope: Scope, d: District, uid: string | null): Promise<number | null> {
  if (uid === null) return null;
  const c = await categoryByUid(db, uid);
  if (!c || c.district_id !== d.id)
    throw invalid([{ field: 'category', code: 'CATEGORY_NOT_FOUND' }], scope.locale, TEMPLATE_PROBLEMS);
  return c.id;
}

export function createTemplateService(deps: { clock: Clock }) {
  const { clock } = deps;

  async function list(
    db: Db,
    scope: Scope,
    query: { category?: string; purpose?: repo.TemplatePurpose },
  ): Promise<CaseTemplateList> {
    const d = await districtOfScope(db, scope);
    let categoryId: number | undefined;
    if (query.category !== undefined) {
      const c = await categoryByUid(db, query.category);
      if (!c || c.district_id !== d.id) throw new AppError('CASE_CATEGORY_NOT_FOUND', 404);
      categoryId = c.id;
    }
    const rows = await repo.templatesOf(db, d.id, {
      ...(categoryId !== undefined ? { categoryId } : {}),
      ...(query.purpose ? { purpose: query.purpose } : {}),
      withInactive: canAt(scope, 'cases:admin', d.path),
    });
    return { items: rows.map(toTemplate) };
  }

  async function create(trx: Db, scope: Scope, body: CaseTemplateBody): Promise<CaseTemplate> {
    const now = clock();
    const d = await adminDistrict(trx, scope);
    const values: repo.TemplateValues = {
      category_id: await categoryIdOf(trx, scope, d, body.category ?? null),
      purpose: body.purpose,
      title: body.title.trim(),
      body: body.body.trim(),
      active: body.active ?? true,
    };
    const uid = await repo.insertTemplate(trx, d.id, values, scope.user.id, now);
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'cases.template_create',
        targetType: 'case_reply_template',
        targetId: uid,
        orgPath: d.path,
        after: values,
      },
      now,
    );
    return toTemplate((await repo.templateByUid(trx, uid)) as repo.TemplateRow);
  }

  async function update(trx: Db, scope: Scope, uid: string, body: CaseTemplatePatch): Promise<CaseTemplate> {
    const now = clock();
    const d = await adminDistrict(trx, scope);
    const r = await repo.templateByUid(trx, uid, true);
    if (!r || r.district_id !== d.id) throw new AppError('CASE_REPLY_TEMPLATE_NOT_FOUND', 404);
    const values: repo.TemplateValues = {
      category_id: body.category !== undefined ? await categoryIdOf(trx, scope, d, body.category) : r.category_id,
      purpose: body.purpose ?? r.purpose,
      title: body.title?.trim() ?? r.title,
      body: body.body?.trim() ?? r.body,
      active: body.active ?? r.active,
    };
    await repo.updateTemplate(trx, r.id, values, scope.user.id, now);
    const after = toTemplate((await repo.templateByUid(trx, uid)) as repo.TemplateRow);
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'cases.template_update',
        targetType: 'case_reply_template',
        targetId: uid,
        orgPath: d.path,
        before: toTemplate(r),
        after,
      },
      now,
    );
    return after;
  }

  return { list, create, update };
}
