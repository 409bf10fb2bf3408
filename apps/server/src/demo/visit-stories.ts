/**
 * What the demo's grid workers write in their 民情日记: the findings of a visit (needs, risks,
 * conflicts, living conditions, other) and a summary in the 四到四清 shape the Zhalute method
 * asks for — 家庭情况 (legs arrive), 人员类别 (mind arrives), 设施 (eyes arrive), 隐患矛盾
 * (work arrives). Pure: the same draws give the same text, so the demo reads the same on
 * every first start.
 *
 * Texts fit the household's tags (a migrant is not asked about 高龄津贴), the way of the
 * visit (a phone call sees no gas hose) and the place (a village has 宅基地, a city block
 * 楼道). Sensitive tags (残疾 among them) are never named nor hinted at: the diary is read by
 * more people than may see those tags in the register.
 */
import { BUILTIN_TAGS } from '@gongzhi/domain';
import type { Rng } from './random.ts';

export type FindingKind = 'need' | 'risk' | 'conflict' | 'living' | 'other';
export type VisitMethod = 'home' | 'phone' | 'video' | 'outside';
export interface Finding {
  kind: FindingKind;
  text: string;
}
/** A finding as drawn, with what it says about the home's facilities (for the 设施 line). */
export interface DrawnFinding extends Finding {
  facility?: string;
}

/** The person a visit is mostly about, as the worker addresses them. */
export interface StorySubject {
  name: string;
  gender: string | null;
  age: number | null;
}

export interface StoryContext {
  method: VisitMethod;
  /** tag codes that put the home on the list */
  reasons: readonly string[];
  subject: StorySubject;
  /** resident members of the household (1: living alone; 0: a person with no household) */
  members: number;
  village: boolean;
  frequency: 'weekly' | 'monthly' | 'quarterly';
}

const COMPOUND_SURNAMES = ['司徒', '欧阳', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐'];

export function surnameOf(name: string): string {
  return COMPOUND_SURNAMES.find((s) => name.startsWith(s)) ?? name.slice(0, 1);
}

/** 王奶奶, 李大爷, 陈阿姨, 黄叔, 小梁: how a grid worker speaks of a resident. */
export function callName(s: StorySubject): string {
  const surname = surnameOf(s.name);
  const female = s.gender === 'female';
  if (s.age === null) return `${surname}${female ? '女士' : '先生'}`;
  if (s.age >= 60) return `${surname}${female ? '奶奶' : '大爷'}`;
  if (s.age >= 40) return `${surname}${female ? '阿姨' : '叔'}`;
  return `小${surname}`;
}

const ELDERLY = ['elderly_alone', 'empty_nest_elderly'];
const POOR = ['hardship', 'subsistence_allowance', 'extreme_poverty', 'assisted'];
const MIGRANT = ['migrant'];
const PARTY = ['senior_party_member'];

interface Template {
  kind: FindingKind;
  text: (who: string) => string;
  /** only for homes with one of these tags (any home when absent) */
  tags?: readonly string[];
  /** seen with the worker's own eyes: only on a visit at home */
  seen?: boolean;
  /** only in a village (true) or only in a city community (false) */
  village?: boolean;
  /** what the 设施 line says when this is found */
  facility?: string;
}

const TEMPLATES: readonly Template[] = [
  // ── 需求: what the family asks for ──
  {
    kind: 'need',
    text: (w) => `${w}反映楼道灯坏了,晚上不敢下楼,已报物业维修`,
    tags: ELDERLY,
    village: false,
    facility: '楼道灯损坏',
  },
  { kind: 'need', text: (w) => `${w}家申请临时救助:家人住院自付费用较多,已指导准备材料,报社区民政专干`, tags: POOR },
  { kind: 'need', text: (w) => `${w}想参加长者饭堂助餐,腿脚不便,希望中午送餐上门`, tags: ELDERLY },
  {
    kind: 'need',
    text: (w) => `${w}咨询高龄津贴申领,已告知带身份证、户口本到党群服务中心办理`,
    tags: [...ELDERLY, ...PARTY],
  },
  { kind: 'need', text: (w) => `${w}不会在手机上缴纳2027年度城乡居民医保,约好下次上门协助办理` },
  { kind: 'need', text: (w) => `${w}孩子明年秋季入学,咨询积分入学和居住证明开具`, tags: MIGRANT },
  { kind: 'need', text: (w) => `${w}想找份离家近的工作,已登记就业意向,推荐社区公益性岗位`, tags: POOR },
  { kind: 'need', text: (w) => `${w}申请安装“平安钟”一键呼叫设备,已登记上报`, tags: ELDERLY },
  {
    kind: 'need',
    text: (w) => `村道路灯不亮,${w}晚上从菜地回来看不清路,已报村委`,
    village: true,
    facility: '村道路灯不亮',
  },
  { kind: 'need', text: (w) => `${w}居住证快到期,已提醒期满前30日内办理签注`, tags: MIGRANT },
  { kind: 'need', text: (w) => `${w}行动不便,希望党支部上门收缴党费、送学习资料`, tags: PARTY },
  { kind: 'need', text: (w) => `${w}申请低保年审代办,已收齐材料`, tags: POOR },
  // ── 隐患: risks the worker saw or heard of ──
  {
    kind: 'risk',
    text: () => '出租屋电动车在楼道充电,存在火灾隐患,已劝导改到集中充电点',
    seen: true,
    village: false,
    facility: '楼道有电动车充电',
  },
  { kind: 'risk', text: () => '厨房燃气软管老化开裂,已提醒更换并关好总阀', seen: true, facility: '燃气软管老化' },
  { kind: 'risk', text: () => '插线板串接、电线私拉乱接,已讲解用电安全', seen: true, facility: '室内电线私拉乱接' },
  { kind: 'risk', text: (w) => `${w}上月在家摔倒过,独自居住,已联系子女加强照看`, tags: ['elderly_alone'] },
  {
    kind: 'risk',
    text: (w) => `${w}接到自称“医保局”的陌生来电要求转账,疑似诈骗,已开展反诈宣传并协助安装国家反诈中心APP`,
  },
  { kind: 'risk', text: () => '出租屋新住进2人未登记,已督促房东补办租赁登记', tags: MIGRANT },
  { kind: 'risk', text: () => '阳台和楼道堆放纸皮杂物,存在消防隐患,已劝导清理', seen: true, facility: '楼道堆放杂物' },
  {
    kind: 'risk',
    text: () => '老屋瓦面破损,下雨漏水,已报村委安排查看',
    seen: true,
    village: true,
    facility: '瓦面破损漏水',
  },
  { kind: 'risk', text: (w) => `${w}常忘记服药,已联系家属使用分装药盒`, tags: ELDERLY },
  // ── 矛盾: disputes, and what was done about them ──
  {
    kind: 'conflict',
    text: () => '与楼上邻居因卫生间漏水产生矛盾,已现场调解,双方同意一起请师傅检修',
    village: false,
    facility: '卫生间天花渗水',
  },
  { kind: 'conflict', text: () => '邻里因公共过道堆放杂物发生口角,已上门调解,杂物已清理' },
  { kind: 'conflict', text: (w) => `${w}与房东因押金退还有分歧,已约双方到社区调解室协商`, tags: MIGRANT },
  { kind: 'conflict', text: () => '子女之间因赡养老人问题有分歧,已约周末到调解室面谈', tags: ELDERLY },
  { kind: 'conflict', text: () => '与邻居因宅基地边界有争议,已报村调委会,约定现场丈量', village: true },
  { kind: 'conflict', text: () => '邻居家狗夜间吠叫扰民,已上门沟通,对方同意晚上关好门窗' },
  { kind: 'conflict', text: (w) => `${w}反映工厂拖欠两个月工资,已引导到劳动监察部门投诉`, tags: MIGRANT },
  { kind: 'conflict', text: () => '楼下商铺油烟扰民,已反映给城管部门', village: false },
  // ── 生活状况 ──
  { kind: 'living', text: (w) => `${w}身体状况良好,生活能自理,每天到长者饭堂吃午饭`, tags: ELDERLY },
  { kind: 'living', text: (w) => `${w}有高血压,按时服药,子女每周回来探望`, tags: [...ELDERLY, ...PARTY] },
  { kind: 'living', text: () => '家庭收入主要靠低保金,基本生活有保障,冬季衣被已备齐', tags: POOR },
  { kind: 'living', text: () => '在附近工厂上班,收入稳定,租住单间,居住条件一般', tags: MIGRANT },
  { kind: 'living', text: (w) => `${w}视力下降,走路较慢,需持续关注`, tags: ELDERLY },
  { kind: 'living', text: () => '家属照护到位,生活起居有人照应' },
  { kind: 'living', text: () => '帮扶措施已落实,本月帮扶干部已上门', tags: ['assisted'] },
  { kind: 'living', text: (w) => `${w}精神状态不错,平时在家看电视、养花`, tags: [...ELDERLY, ...PARTY] },
  { kind: 'living', text: () => '家庭和睦,居住环境整洁' },
  // ── 其他: what the worker did or learned besides ──
  { kind: 'other', text: (w) => `老党员${w}愿意参加议事会,主动提出当楼栋长`, tags: PARTY },
  { kind: 'other', text: () => '已宣传冬季防火和用电安全知识,发放宣传单' },
  { kind: 'other', text: () => '已宣传2027年度城乡居民医保缴费政策' },
  { kind: 'other', text: (w) => `已登记${w}的流感疫苗接种意向,社区卫生服务站下周统一接种`, tags: ELDERLY },
  { kind: 'other', text: (w) => `${w}参加了本月主题党日活动,对小区停车管理提了建议`, tags: PARTY },
  { kind: 'other', text: (w) => `已指导${w}用手机完成养老金资格认证`, tags: [...ELDERLY, ...PARTY] },
  { kind: 'other', text: () => '已宣传防范电信网络诈骗知识' },
];

const KIND_WEIGHTS: ReadonlyArray<readonly [FindingKind, number]> = [
  ['need', 35],
  ['risk', 20],
  ['conflict', 12],
  ['living', 23],
  ['other', 10],
];

function fits(t: Template, ctx: StoryContext): boolean {
  if (t.seen && ctx.method !== 'home') return false;
  if (t.village !== undefined && t.village !== ctx.village) return false;
  return !t.tags || t.tags.some((tag) => ctx.reasons.includes(tag));
}

function pickKind(rng: Rng): FindingKind {
  const total = KIND_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  let x = rng.float() * total;
  for (const [kind, w] of KIND_WEIGHTS) {
    x -= w;
    if (x < 0) return kind;
  }
  return 'other';
}

/** `count` findings fitting the visit, no text twice; fewer when the visit offers fewer. */
export function findingsFor(rng: Rng, ctx: StoryContext, count: number): DrawnFinding[] {
  const who = callName(ctx.subject);
  const out: DrawnFinding[] = [];
  const used = new Set<Template>();
  for (let tries = 0; out.length < count && tries < count * 6; tries++) {
    const kind = pickKind(rng);
    const candidates = TEMPLATES.filter((t) => t.kind === kind && !used.has(t) && fits(t, ctx));
    if (candidates.length === 0) continue;
    // Tag-specific texts first: a 独居老人's visit reads like one.
    const specific = candidates.filter((t) => t.tags);
    const t = rng.pick(specific.length > 0 && rng.chance(0.75) ? specific : candidates);
    used.add(t);
    out.push(t.facility ? { kind, text: t.text(who), facility: t.facility } : { kind, text: t.text(who) });
  }
  return out;
}

const PLACES = {
  city: ['小区门口', '菜市场', '社区党群服务中心', '长者饭堂门口', '街心公园'],
  village: ['村口榕树下', '村委会门口', '祠堂前', '菜地边'],
};

const TAG_NAMES = new Map(BUILTIN_TAGS.map((t) => [t.code, t]));

/** The tags as the diary may name them: sensitive ones only as 重点关注对象. */
function categories(reasons: readonly string[]): string {
  const names = new Set<string>();
  for (const code of reasons) {
    const tag = TAG_NAMES.get(code);
    names.add(!tag || tag.sensitive ? '重点关注对象' : tag.zh);
  }
  return [...names].join('、');
}

function household(rng: Rng, ctx: StoryContext): string {
  const elderly = ctx.reasons.some((r) => ELDERLY.includes(r)) || (ctx.subject.age ?? 0) >= 70;
  if (ctx.members <= 1) {
    if (elderly)
      return rng.pick([
        '独居,子女在广州工作,每周电话联系',
        '独居,老伴前年去世,女儿住在附近,隔天过来看看',
        '独居,儿子在外地,逢年过节回来',
        '独居,有一个侄子在本村,平时有照应',
      ]);
    return rng.pick(['一人居住', '单身租住', '一人居住,亲属在外地']);
  }
  const n = `家中${ctx.members}口人`;
  if (ctx.reasons.some((r) => POOR.includes(r)))
    return `${n},${rng.pick(['主要收入靠低保金和零散务工', '一人务工,其余在家', '孩子在上学,开支较大'])}`;
  if (ctx.reasons.includes('migrant'))
    return `${n},${rng.pick(['夫妻二人在附近工厂务工', '在附近做小生意', '来江门务工三年,租住在此'])}`;
  return `${n},${rng.pick(['家庭关系和睦', '与子女同住', '子女上班,白天老人在家'])}`;
}

function facilities(rng: Rng, ctx: StoryContext, found: readonly string[]): string {
  if (ctx.method === 'phone') return '本次为电话回访,未实地查看';
  if (ctx.method === 'video') return '视频查看屋内情况,未见异常';
  if (ctx.method === 'outside') return '未入户,下次入户时查看';
  if (found.length > 0) return `${found.join('、')},其余正常`;
  return rng.pick(['水电气使用正常', '门窗完好,燃气报警器正常', '楼道照明、消防通道正常', '屋内整洁,用电用气正常']);
}

const NEXT: Record<StoryContext['frequency'], string> = {
  weekly: '下周继续走访。',
  monthly: '下月继续走访。',
  quarterly: '本季度已走访,有情况随时联系。',
};

/**
 * A diary entry: how the worker met the family, then the four 清 lines, then what was asked
 * for and what comes next. The findings appear in it as the worker would write them out.
 */
export function summaryFor(rng: Rng, ctx: StoryContext, findings: readonly DrawnFinding[]): string {
  const who = callName(ctx.subject);
  const opening = {
    home: ctx.members > 0 ? `入户走访${who}家` : `上门走访${who}`,
    phone: `电话回访${who}`,
    video: `与${who}视频通话`,
    outside: `在${rng.pick(ctx.village ? PLACES.village : PLACES.city)}遇到${who},顺便了解近况`,
  }[ctx.method];
  const found = findings.flatMap((f) => (f.facility ? [f.facility] : []));
  const of = (kind: FindingKind) => findings.filter((f) => f.kind === kind).map((f) => f.text);
  const troubles = [...of('risk'), ...of('conflict')];
  const lines = [
    `${opening}。`,
    `家庭情况:${household(rng, ctx)}。`,
    `人员类别:${categories(ctx.reasons)},${rng.pick(['信息已核对', '信息无变化', '台账信息一致'])}。`,
    `设施:${facilities(rng, ctx, found)}。`,
    `隐患矛盾:${troubles.length > 0 ? troubles.join(';') : rng.pick(['未发现', '暂未发现隐患和矛盾', '无'])}。`,
  ];
  if (of('need').length > 0) lines.push(`诉求:${of('need').join(';')}。`);
  if (of('living').length > 0) lines.push(`近况:${of('living').join(';')}。`);
  if (of('other').length > 0) lines.push(`${of('other').join(';')}。`);
  lines.push(NEXT[ctx.frequency]);
  return lines.join('');
}

/** A short note typed at the door, later written out in full (the demo's conflicting record). */
export function quickNoteFor(ctx: StoryContext): string {
  return `${ctx.method === 'home' ? '入户走访' : '走访'}${callName(ctx.subject)},情况稳定,详细记录稍后补充。`;
}

// Device ids of the demo's phones read like a worker's name: demo-phone-zhanghaifeng.
const PINYIN: Record<string, string> = Object.fromEntries(
  (
    '刘liu 志zhi 华hua 陈chen 美mei 玲ling 杨yang 建jian 新xin 黄huang 小xiao 红hong 赵zhao 国guo 强qiang 周zhou ' +
    '丽li 吴wu 海hai 燕yan 徐xu 卫wei 东dong 孙sun 凤feng 英ying 马ma 晓xiao 军jun 朱zhu 秀xiu 胡hu 刚gang 郭guo ' +
    '萍ping 何he 高gao 玉yu 兰lan 林lin 伟wei 罗luo 春chun 梅mei 梁liang 明ming 宋song 桂gui 郑zheng 平ping 谢xie ' +
    '韩han 唐tang 珍zhen 冯feng 于yu 霞xia 董dong 勇yong 萧xiao 娟juan 程cheng 永yong 曹cao 袁yuan 淑shu 芬fen ' +
    '邓deng 坚jian 许xu 傅fu 庆qing 沈shen 曾zeng 彭peng 琼qiong 吕lv 斌bin 苏su 卢lu 蒋jiang 云yun 蔡cai 远yuan ' +
    '贾jia 芳fang 丁ding 忠zhong 魏wei 薛xue 栋dong 叶ye 琳lin 阎yan 成cheng 余yu 张zhang 峰feng'
  )
    .split(' ')
    .map((pair) => [pair.slice(0, 1), pair.slice(1)]),
);

/** 张海峰 → zhanghaifeng; a name with a character not in the table → the fallback. */
export function pinyinOf(name: string, fallback: string): string {
  const parts = [...name].map((c) => PINYIN[c]);
  return parts.every((p) => p !== undefined) ? parts.join('') : fallback;
}
