/**
 * SQL of 回复模板 (case_reply_template, written here only): texts staff pick, edit and send on
 * accepting, rejecting, resolving, returning a case and on the follow-up call after a bad rating.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export type TemplatePurpose = 'accept' | 'reject' | 'resolve' | 'return' | 'follow_up';

/** The starter texts every district gets with its categories (a category by its code, or for all). */
export const DEFAULT_TEMPLATES: readonly {
  purpose: TemplatePurpose;
  category?: string;
  title: string;
  body: string;
}[] = [
  {
    purpose: 'accept',
    title: '已受理',
    body: '您好,您反映的问题已受理,我们将尽快安排人员处理,处理进展可凭回执号查询。感谢您对社区工作的支持!',
  },
  {
    purpose: 'accept',
    title: '已受理(紧急)',
    body: '您好,您反映的紧急情况已受理,工作人员正赶赴现场。请注意自身安全,远离危险区域。',
  },
  {
    purpose: 'reject',
    title: '不属于受理范围',
    body: '您好,经核实,您反映的问题不属于本平台受理范围(如涉及诉讼、仲裁或已进入法定程序的事项),建议您通过相应渠道反映。',
  },
  {
    purpose: 'reject',
    title: '信息不全无法核实',
    body: '您好,您反映的问题因地址或情况描述不够具体,工作人员无法核实。欢迎补充具体位置和照片后重新上报。',
  },
  {
    purpose: 'resolve',
    title: '已办结',
    body: '您好,您反映的问题已处理完毕,处理情况见办理结果。请您对本次办理进行评价,感谢您的监督!',
  },
  {
    purpose: 'resolve',
    category: 'facilities.street-light',
    title: '路灯已修复',
    body: '您好,您反映的路灯故障已由城管部门安排维修人员修复,经现场复核照明恢复正常。请您评价本次办理。',
  },
  {
    purpose: 'resolve',
    category: 'neighbour.noise',
    title: '已调解',
    body: '您好,社区已约见双方当事人进行调解,双方达成共识。如问题再次出现,请随时联系网格员。',
  },
  {
    purpose: 'return',
    title: '非本单位职责',
    body: '经核实,该事项不属于本单位职责范围,请重新分拨至相关职能部门办理。',
  },
  {
    purpose: 'follow_up',
    title: '不满意回访',
    body: '您好,我是社区工作人员,看到您对办理结果不满意,想了解一下您的具体意见,我们会重新跟进处理。',
  },
];

export interface TemplateRow {
  id: number;
  uid: string;
  district_id: number;
  category_id: number | null;
  category_uid: string | null;
  category_code: string | null;
  category_name: string | null;
  purpose: TemplatePurpose;
  title: string;
  body: string;
  active: boolean;
  updated_by_name: string | null;
  updated_at: Date;
}

const columns = sql`
  t.id, t.uid::text as uid, t.district_id, t.category_id, c.uid::text as category_uid, c.code as category_code,
  c.name as category_name, t.purpose, t.title, t.body, t.active, u.display_name as updated_by_name, t.updated_at`;
const from = sql`
  case_reply_template t
  left join case_category c on c.id = t.category_id
  left join app_user u on u.id = t.updated_by`;

/**
 * A district's templates. With a category: its own and those for every category (category
 * first, then the general ones); without: all of them. Inactive ones only when asked.
 */
export async function templatesOf(
  db: Db,
  districtId: number,
  filter: { categoryId?: number; purpose?: TemplatePurpose; withInactive: boolean },
): Promise<TemplateRow[]> {
  const { rows } = await sql<TemplateRow>`
    select ${columns} from ${from}
     where t.district_id = ${districtId}
       ${filter.categoryId !== undefined ? sql`and (t.category_id = ${filter.categoryId} or t.category_id is null)` : sql``}
       ${filter.purpose ? sql`and t.purpose = ${filter.purpose}` : sql``}
       ${filter.withInactive ? sql`` : sql`and t.active`}
     order by t.purpose, t.category_id is null, t.title, t.id`.execute(db);
  return rows;
}

export async function templateByUid(db: Db, uid: string, lock = false): Promise<TemplateRow | undefined> {
  if (lock) await sql`select id from case_reply_template where uid = ${uid}::uuid for update`.execute(db);
  const { rows } = await sql<TemplateRow>`select ${columns} from ${from} where t.uid = ${uid}::uuid`.execute(db);
  return rows[0];
}

export interface TemplateValues {
  category_id: number | null;
  purpose: TemplatePurpose;
  title: string;
  body: string;
  active: boolean;
}

export async function insertTemplate(
  db: Db,
  districtId: number,
  v: TemplateValues,
  userId: number,
  now: Date,
): Promise<string> {
  const row = await db
    .insertInto('case_reply_template')
    .values({ district_id: districtId, ...v, updated_by: userId, updated_at: now })
    .returning(sql<string>`uid::text`.as('uid'))
    .executeTakeFirstOrThrow();
  return row.uid;
}

export async function updateTemplate(db: Db, id: number, v: TemplateValues, userId: number, now: Date): Promise<void> {
  await db
    .updateTable('case_reply_template')
    .set({ ...v, updated_by: userId, updated_at: now })
    .where('id', '=', id)
    .execute();
}
