/**
 * Tags of the 活档案: the definitions (built-in ones synchronised from the domain at start,
 * a district's own added by registry:admin) and the tags set on persons, each with its
 * source, dates and who set or ended it. Setting or ending a tag emits
 * `registry.person_tagged` / `registry.person_untagged` (person uid, tag code, org_path): the
 * visits module rebuilds its 六必访 lists from them.
 */
import { isCalendarDate } from '@gongzhi/domain';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, pathsWith, type Scope } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/jobs/outbox.ts';
import * as repo from './people-repo.ts';
import { fieldRefused, guarded, maySeeTag, personForWrite, profileOf } from './people-service.ts';
import { invalid, todayOf } from './person-data.ts';

type Deps = Pick<AppDeps, 'clock'>;

function toDefinition(t: Awaited<ReturnType<typeof repo.allTags>>[number]) {
  return {
    code: t.code,
    zh: t.zh,
    en: t.en,
    sensitive: t.sensitive,
    mustVisit: t.must_visit,
    builtin: t.builtin,
    status: t.status as 'active' | 'retired',
  };
}

export function createTagsService(deps: Deps) {
  const { clock } = deps;

  /** Tag definitions are district-wide settings: their audit records go to the admin's chain. */
  const adminPath = (scope: Scope) => pathsWith(scope, 'registry:admin')[0] ?? null;

  async function list(db: Db) {
    return (await repo.allTags(db)).map(toDefinition);
  }

  async function create(
    trx: Db,
    scope: Scope,
    body: { code: string; zh: string; en: string; sensitive: boolean; mustVisit: boolean },
  ) {
    const now = clock();
    const row = await guarded(
      'tag_definition_code_key',
      () => new AppError('TAG_CODE_TAKEN', 409, { field: 'code' }),
      async () => {
        if (await repo.tagByCode(trx, body.code)) throw new AppError('TAG_CODE_TAKEN', 409, { field: 'code' });
        return trx
          .insertInto('tag_definition')
          .values({
            code: body.code,
            zh: body.zh.trim(),
            en: body.en.trim(),
            sensitive: body.sensitive,
            must_visit: body.mustVisit,
            builtin: false,
            created_at: now,
          })
          .returning(['code', 'zh', 'en', 'sensitive', 'must_visit', 'builtin', 'status'])
          .executeTakeFirstOrThrow();
      },
    );
    const created = toDefinition(row);
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'registry.tag.create',
        orgPath: adminPath(scope),
        targetType: 'tag',
        targetId: row.code,
        after: created,
      },
      now,
    );
    return created;
  }

  /** A district's own tag may be renamed, re-flagged or retired; a built-in one is the domain's. */
  async function update(
    trx: Db,
    scope: Scope,
    code: string,
    body: { zh?: string; en?: string; sensitive?: boolean; mustVisit?: boolean; status?: 'active' | 'retired' },
  ) {
    const tag = await repo.tagByCode(trx, code);
    if (!tag) throw new AppError('TAG_NOT_FOUND', 404);
    if (tag.builtin) throw new AppError('TAG_BUILTIN', 409, { code });
    const row = await trx
      .updateTable('tag_definition')
      .set({
        ...(body.zh !== undefined ? { zh: body.zh.trim() } : {}),
        ...(body.en !== undefined ? { en: body.en.trim() } : {}),
        ...(body.sensitive !== undefined ? { sensitive: body.sensitive } : {}),
        ...(body.mustVisit !== undefined ? { must_visit: body.mustVisit } : {}),
        ...(body.status !== undefined ? { status: body.status } : {}),
      })
      .where('id', '=', tag.id)
      .returning(['code', 'zh', 'en', 'sensitive', 'must_visit', 'builtin', 'status'])
      .executeTakeFirstOrThrow();
    const after = toDefinition(row);
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'registry.tag.update',
        orgPath: adminPath(scope),
        targetType: 'tag',
        targetId: code,
        before: toDefinition(tag),
        after,
      },
      clock(),
    );
    return after;
  }

  /**
   * Set a tag on a person. A sensitive tag that is not 六必访 needs registry:sensitive at the
   * person (403 otherwise: the caller knows the tag, the rule is who may set it).
   */
  async function tagPerson(
    trx: Db,
    scope: Scope,
    uid: string,
    body: { tag: string; source: string; startDate: string; endDate?: string; note?: string },
  ) {
    const now = clock();
    const today = todayOf(now);
    const p = await personForWrite(trx, scope, uid);
    const tag = await repo.tagByCode(trx, body.tag);
    if (tag?.status !== 'active') {
      const text = { 'zh-CN': '{f}:没有这个标签,或已停用', en: '{f}: no such tag, or it is retired' };
      throw fieldRefused('tag', 'TAG_UNKNOWN', text, scope.locale);
    }
    if (tag.sensitive && !tag.must_visit && !canAt(scope, 'registry:sensitive', p.org_path)) {
      throw new AppError('FORBIDDEN', 403, { permission: 'registry:sensitive' });
    }
    if (!isCalendarDate(body.startDate)) throw invalid([{ field: 'startDate', code: 'DATE_INVALID' }], scope.locale);
    if (body.startDate > today) throw invalid([{ field: 'startDate', code: 'DATE_FUTURE' }], scope.locale);
    if (body.endDate !== undefined && (!isCalendarDate(body.endDate) || body.endDate < body.startDate)) {
      throw invalid([{ field: 'endDate', code: 'DATE_INVALID' }], scope.locale);
    }
    const taken = () => new AppError('TAG_ALREADY_SET', 409, { field: 'tag' });
    const row = await guarded('person_tag_current', taken, () =>
      trx
        .insertInto('person_tag')
        .values({
          person_id: p.id,
          tag_id: tag.id,
          org_path: p.org_path,
          source: body.source.trim(),
          start_date: body.startDate,
          end_date: body.endDate ?? null,
          note: body.note ?? null,
          set_by: scope.user.id,
          set_at: now,
        })
        .onConflict((oc) => oc.columns(['person_id', 'tag_id']).where('ended_at', 'is', null).doNothing())
        .returning('uid')
        .executeTakeFirst(),
    );
    if (!row) throw taken();
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'registry.person.tag',
        orgPath: p.org_path,
        targetType: 'person',
        targetId: p.uid,
        after: { personTag: row.uid, tag: tag.code, source: body.source, startDate: body.startDate },
      },
      now,
    );
    await emitEvent(
      trx,
      'registry.person_tagged',
      { personId: p.uid, tag: tag.code, orgPath: p.org_path },
      p.org_path,
      now,
    );
    return profileOf(trx, scope, uid, today);
  }

  /** End a person's tag (it stays in the record with its end date, reason and who ended it). */
  async function endTag(trx: Db, scope: Scope, uid: string, body: { endDate: string; reason: string }) {
    const now = clock();
    const today = todayOf(now);
    const t = await repo.personTagByUid(trx, uid);
    if (
      !t ||
      !canAt(scope, 'registry:write', t.org_path) ||
      !maySeeTag(scope, t.org_path, { sensitive: t.sensitive, mustVisit: t.must_visit })
    ) {
      throw new AppError('PERSON_TAG_NOT_FOUND', 404);
    }
    if (t.ended_at !== null) throw new AppError('TAG_ALREADY_ENDED', 409);
    if (!isCalendarDate(body.endDate) || body.endDate < t.start_date) {
      throw invalid([{ field: 'endDate', code: 'DATE_INVALID' }], scope.locale);
    }
    // Lock the person too, so a concurrent change of their record sees the tag ended or not.
    await personForWrite(trx, scope, t.person_uid);
    await trx
      .updateTable('person_tag')
      .set({ end_date: body.endDate, ended_at: now, ended_by: scope.user.id, end_reason: body.reason })
      .where('id', '=', t.id)
      .execute();
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'registry.person.untag',
        orgPath: t.org_path,
        targetType: 'person',
        targetId: t.person_uid,
        before: { personTag: t.uid, tag: t.code },
        after: { endDate: body.endDate, reason: body.reason },
      },
      now,
    );
    await emitEvent(
      trx,
      'registry.person_untagged',
      { personId: t.person_uid, tag: t.code, orgPath: t.org_path },
      t.org_path,
      now,
    );
    return profileOf(trx, scope, t.person_uid, today);
  }

  return { list, create, update, tagPerson, endTag };
}
