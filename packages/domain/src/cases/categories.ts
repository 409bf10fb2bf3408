/**
 * 事件分类: the starter tree a district gets, after the 12345 接诉即办 norms, and the rules a
 * category an admin writes must keep.
 *
 * Time limits (时限) follow the usual 接诉即办 tiers:
 * - 紧急 (gas leak, collapse risk, a missing manhole cover …): respond within 2 hours, resolve within 24 hours;
 * - 水电气暖 (water, power, gas, heating): respond within 24 hours, resolve within 3 working days;
 * - 一般 (general): respond within 24 hours, resolve within 7 working days;
 * - 复杂 (illegal buildings, hardship assistance, disputes that need mediation …): respond within
 *   24 hours, resolve within 15 working days.
 * Each leaf names its default handler: the community of the case handles it itself, or a department
 * of the district by its code (the demo district: 001 城管, 002 住建, 003 民政, 004 公安, 005 水务,
 * 006 卫健). A group (a node with children) carries the tier of most of its leaves, so a case filed
 * on the group itself still gets a time limit. `其他` is the 兜底 (catch-all): the community takes
 * what fits nowhere else, and a case whose handler cannot be found falls to it.
 */

/** Hours run on the clock, working days on the working calendar (see sla.ts). */
export type CategorySlaUnit = 'hours' | 'working_days';
export const CATEGORY_SLA_UNITS: readonly CategorySlaUnit[] = ['hours', 'working_days'];

export interface CategorySla {
  amount: number;
  unit: CategorySlaUnit;
}

/** Who handles a case of the category by default: the community itself, or a department by its code. */
export type CategoryHandler = 'community' | { department: string };

export interface CategoryTemplate {
  /** stable; Open311's service_code */
  code: string;
  name: string;
  nameEn: string;
  description?: string;
  handler: CategoryHandler;
  response: CategorySla;
  resolve: CategorySla;
  /** may go to the council as a topic (议事) */
  deliberable: boolean;
  children?: readonly CategoryTemplate[];
}

/** The tiers of 接诉即办. */
export const CATEGORY_SLA_TIERS = {
  emergency: { response: { amount: 2, unit: 'hours' }, resolve: { amount: 24, unit: 'hours' } },
  utilities: { response: { amount: 24, unit: 'hours' }, resolve: { amount: 3, unit: 'working_days' } },
  general: { response: { amount: 24, unit: 'hours' }, resolve: { amount: 7, unit: 'working_days' } },
  complex: { response: { amount: 24, unit: 'hours' }, resolve: { amount: 15, unit: 'working_days' } },
} as const satisfies Record<string, { response: CategorySla; resolve: CategorySla }>;

/** The code of the 兜底 category: what fits nowhere else, handled by the community. */
export const FALLBACK_CATEGORY_CODE = 'other';

const dept = (code: string): CategoryHandler => ({ department: code });
const CITY = dept('001'); // 区城市管理和综合执法局
const HOUSING = dept('002'); // 区住房和城乡建设局
const CIVIL = dept('003'); // 区民政局
const POLICE = dept('004'); // 区公安分局
const WATER = dept('005'); // 区水务局
const HEALTH = dept('006'); // 区卫生健康局

type Tier = keyof typeof CATEGORY_SLA_TIERS;
function leaf(
  code: string,
  name: string,
  nameEn: string,
  handler: CategoryHandler,
  tier: Tier,
  opts: { deliberable?: boolean; description?: string } = {},
): CategoryTemplate {
  return {
    code,
    name,
    nameEn,
    ...(opts.description ? { description: opts.description } : {}),
    handler,
    ...CATEGORY_SLA_TIERS[tier],
    deliberable: opts.deliberable ?? false,
  };
}
function group(
  code: string,
  name: string,
  nameEn: string,
  tier: Tier,
  children: CategoryTemplate[],
  deliberable = false,
): CategoryTemplate {
  return { code, name, nameEn, handler: 'community', ...CATEGORY_SLA_TIERS[tier], deliberable, children };
}

export const DEFAULT_CATEGORIES: readonly CategoryTemplate[] = [
  group('emergency', '紧急事件', 'Emergencies', 'emergency', [
    leaf('emergency.gas-leak', '燃气泄漏', 'Gas leak', HOUSING, 'emergency', {
      description: '闻到燃气味、燃气管道破损。请先远离现场并拨打燃气抢修电话。',
    }),
    leaf('emergency.collapse', '房屋倒塌隐患', 'Risk of building collapse', HOUSING, 'emergency', {
      description: '墙体开裂、危房、外墙脱落等可能危及人身安全的情况。',
    }),
    leaf('emergency.flooding', '内涝积水', 'Flooding', WATER, 'emergency', {
      description: '道路、小区、地下车库严重积水。',
    }),
    leaf('emergency.fire-hazard', '消防安全隐患', 'Fire hazard', POLICE, 'emergency', {
      description: '消防通道堵塞、楼道电动车充电、私拉电线等。发生火情请直接拨打 119。',
    }),
  ]),
  group('utilities', '水电气暖', 'Water, power, gas and heating', 'utilities', [
    leaf('utilities.water-outage', '停水与水压不足', 'No water or low pressure', WATER, 'utilities'),
    leaf('utilities.pipe-leak', '供水管道漏水', 'Leaking water main', WATER, 'utilities'),
    leaf('utilities.power-outage', '停电与线路故障', 'Power cut or faulty wiring', 'community', 'utilities'),
    leaf('utilities.gas-supply', '燃气供应', 'Gas supply', HOUSING, 'utilities'),
  ]),
  group('environment', '市容环境', 'City appearance and environment', 'general', [
    leaf('environment.garbage', '垃圾清运不及时', 'Rubbish not collected', CITY, 'general'),
    leaf('environment.ads', '乱张贴小广告', 'Illegal flyers and posters', CITY, 'general'),
    leaf('environment.street-vendor', '占道经营', 'Street vending on the pavement', CITY, 'general'),
    leaf('environment.noise', '施工噪音', 'Construction noise', CITY, 'general'),
    leaf('environment.illegal-building', '违法建设', 'Illegal construction', CITY, 'complex'),
  ]),
  group('traffic', '道路交通', 'Roads and traffic', 'general', [
    leaf('traffic.parking', '违章停车', 'Illegal parking', POLICE, 'general'),
    leaf('traffic.road-damage', '道路破损', 'Damaged road', HOUSING, 'general'),
    leaf('traffic.signal', '交通信号灯故障', 'Traffic light out of order', POLICE, 'utilities'),
  ]),
  group(
    'property',
    '物业管理',
    'Property management',
    'general',
    [
      leaf('property.service', '物业服务质量', 'Property management service', 'community', 'general', {
        deliberable: true,
      }),
      leaf('property.fees', '物业收费', 'Property fees', 'community', 'complex', { deliberable: true }),
      leaf(
        'property.corridor',
        '楼道堆物与公共空间占用',
        'Blocked corridors and common areas',
        'community',
        'general',
        {
          deliberable: true,
        },
      ),
      leaf('property.elevator', '电梯故障', 'Lift out of order', 'community', 'utilities'),
    ],
    true,
  ),
  group(
    'neighbour',
    '邻里纠纷',
    'Disputes between neighbours',
    'general',
    [
      leaf('neighbour.noise', '噪音扰民', 'Noise from neighbours', 'community', 'general', { deliberable: true }),
      leaf('neighbour.leak', '楼上渗漏水', 'Water leaking from upstairs', 'community', 'general', {
        deliberable: true,
      }),
      leaf('neighbour.pets', '宠物扰民', 'Pets disturbing neighbours', 'community', 'general', { deliberable: true }),
      leaf('neighbour.dispute', '其他邻里矛盾', 'Other disputes between neighbours', 'community', 'complex', {
        deliberable: true,
      }),
    ],
    true,
  ),
  group('facilities', '公共设施', 'Public facilities', 'general', [
    leaf('facilities.street-light', '路灯损坏', 'Broken street light', CITY, 'general'),
    leaf('facilities.manhole', '井盖缺失破损', 'Missing or broken manhole cover', CITY, 'emergency', {
      description: '井盖缺失会伤人,按紧急事件办理。',
    }),
    leaf('facilities.fitness', '健身器材损坏', 'Broken exercise equipment', 'community', 'general'),
    leaf('facilities.accessibility', '无障碍设施', 'Accessibility facilities', HOUSING, 'general'),
  ]),
  group('safety', '治安隐患', 'Public safety', 'general', [
    leaf('safety.public-order', '治安隐患', 'Public order hazard', POLICE, 'general'),
    leaf('safety.fraud', '电信诈骗线索', 'Telecom fraud tip-off', POLICE, 'general'),
    leaf('safety.rental', '出租屋安全隐患', 'Unsafe rented housing', 'community', 'general'),
  ]),
  group('welfare', '民生求助', 'Help with daily life', 'general', [
    leaf('welfare.elderly', '独居老人求助', 'Help for an elderly person living alone', 'community', 'general'),
    leaf('welfare.hardship', '困难救助', 'Hardship assistance', CIVIL, 'complex'),
    leaf('welfare.disability', '残疾人服务', 'Services for people with disabilities', CIVIL, 'general'),
    leaf('welfare.health', '公共卫生', 'Public health', HEALTH, 'general'),
  ]),
  leaf(FALLBACK_CATEGORY_CODE, '其他', 'Other', 'community', 'general', {
    description: '不属于以上分类的诉求,由社区受理并研判。',
  }),
];

/** One row of the tree, parents before their children, in the tree's order (`sort` within a parent). */
export interface FlatCategory extends Omit<CategoryTemplate, 'children'> {
  parentCode: string | null;
  sort: number;
}

export function flattenCategories(tree: readonly CategoryTemplate[] = DEFAULT_CATEGORIES): FlatCategory[] {
  const out: FlatCategory[] = [];
  const walk = (nodes: readonly CategoryTemplate[], parentCode: string | null) => {
    nodes.forEach((n, i) => {
      const { children, ...rest } = n;
      out.push({ ...rest, parentCode, sort: (i + 1) * 10 });
      if (children) walk(children, n.code);
    });
  };
  walk(tree, null);
  return out;
}

// ── What a category an admin writes must keep ─────────────────────────────────────────────
/** The longest time limit a category may set: 30 days on the clock, 60 working days. */
export const CATEGORY_SLA_MAX: Readonly<Record<CategorySlaUnit, number>> = { hours: 720, working_days: 60 };
export const CATEGORY_NAME_MAX = 20;
export const CATEGORY_NAME_EN_MAX = 80;
/** The category code Open311 calls service_code: lower case, digits, '.', '_' and '-'. */
export const CATEGORY_CODE_PATTERN = /^[a-z0-9][a-z0-9._-]{0,39}$/;

export type CategoryProblem =
  | 'NAME_BLANK'
  | 'NAME_TOO_LONG'
  | 'NAME_CONTROL_CHARS'
  | 'CODE_FORMAT'
  | 'SLA_TOO_LONG'
  | 'RESPONSE_AFTER_RESOLVE';

export interface CategoryTerms {
  code?: string;
  name?: string;
  nameEn?: string | null;
  response?: CategorySla;
  resolve?: CategorySla;
}

/** A limit in hours, to compare limits of different units: a working day counts as 24 hours. */
function hoursOf(s: CategorySla): number {
  return s.unit === 'hours' ? s.amount : s.amount * 24;
}

/**
 * What is wrong with a category's terms, field by field (the fields given; a PATCH checks what it
 * changes merged with what is kept). Names: trimmed, non-empty, no control characters, ≤ 20 (zh) /
 * 80 (en) characters. Time limits: positive whole numbers (the schema) no longer than CATEGORY_SLA_MAX, and the
 * response limit no longer than the resolve limit (a working day counting as 24 hours when the units differ).
 */
export function categoryProblems(t: CategoryTerms): { field: string; problem: CategoryProblem }[] {
  const out: { field: string; problem: CategoryProblem }[] = [];
  const name = (field: string, v: string | null | undefined, max: number, required: boolean) => {
    if (v === undefined || (v === null && !required)) return;
    const s = (v ?? '').trim();
    if (s.length === 0) out.push({ field, problem: 'NAME_BLANK' });
    else if ([...s].length > max) out.push({ field, problem: 'NAME_TOO_LONG' });
    else if (/\p{Cc}/u.test(s)) out.push({ field, problem: 'NAME_CONTROL_CHARS' });
  };
  if (t.code !== undefined && !CATEGORY_CODE_PATTERN.test(t.code)) out.push({ field: 'code', problem: 'CODE_FORMAT' });
  name('name', t.name, CATEGORY_NAME_MAX, true);
  name('nameEn', t.nameEn, CATEGORY_NAME_EN_MAX, false);
  for (const key of ['response', 'resolve'] as const) {
    const s = t[key];
    if (s && s.amount > CATEGORY_SLA_MAX[s.unit]) out.push({ field: `${key}.amount`, problem: 'SLA_TOO_LONG' });
  }
  if (t.response && t.resolve && hoursOf(t.response) > hoursOf(t.resolve))
    out.push({ field: 'response.amount', problem: 'RESPONSE_AFTER_RESOLVE' });
  return out;
}
