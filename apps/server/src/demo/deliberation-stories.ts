/**
 * The demo district's deliberation (议事协商), as stories: who sits on 金溪社区's 居民议事会 and
 * 英南村's 村民议事会 ("7+X": the seven seats and the stakeholders of a topic), the topics they take
 * up and how far each has come, the meetings with their minutes, the votes, the public draw of
 * 英南村's 农民公寓 and 金溪社区's 民生微实事 budgets. deliberation-seed.ts plays them out as the
 * deliberation services would, each step put to the domain's rules; the texts are here.
 *
 * True to the seeds: 英南村 settled the allocation of its 农民公寓 by discussing the lottery plan in
 * the 村民议事会 several times, taking it through the 村委会 to the 村民代表会议, and drawing in public
 * (房少人多需求大, 平稳有效地化解潜在矛盾); a village matter goes 四议两公开; 福田's 民生微实事 are
 * proposed, discussed and decided by residents (三议三公开) within a yearly budget.
 *
 * Persons are not named here: each seat says whom to pick from the demo registry (a party member,
 * a woman, born between …) and the seed picks them, so the names are the registry's own. Texts name
 * them through placeholders — `{party_org}`, `{residents_committee}`, `{supervisory_committee}`,
 * `{women}`, `{social_org}`, `{notable}`, `{staff}` (the community's staff account) — filled by
 * `fill`. Times are days before the day the demo is seeded (negative: days ahead) and a China time.
 */
import type { CouncilSeat } from '@gongzhi/domain';

/** A time: `day` days before the seed's day (negative: after it), at `time` China time. */
export interface When {
  day: number;
  time: string;
}

/** Whom to pick from the registry for a seat: the first not yet picked, in the order of their ids. */
export interface PersonPick {
  party?: boolean;
  gender?: 'male' | 'female';
  /** birth dates from … to (inclusive), 'YYYY-MM-DD' */
  born: [string, string];
  /** the grids (1–4) to look in; all when left out */
  grids?: number[];
}

export interface SeatPlan {
  /** the placeholder naming the person in texts */
  key: string;
  seat: CouncilSeat;
  role?: 'chair' | 'vice_chair' | 'member';
  /** their office, for the minutes */
  office: string;
  pick: PersonPick;
}

export interface CouncilPlan {
  community: string;
  kind: 'council' | 'committee' | 'consultative';
  name: string;
  seats: SeatPlan[];
}

export const JINXI = '440704001001';
export const YINGNAN = '440704003201';

const reps = (n: number, office: string, pick: PersonPick): SeatPlan[] =>
  Array.from({ length: n }, (_, i) => ({ key: `rep${i + 1}`, seat: 'representative' as const, office, pick }));

export const COUNCILS: CouncilPlan[] = [
  {
    community: JINXI,
    kind: 'council',
    name: '金溪社区居民议事会',
    seats: [
      {
        key: 'party_org',
        seat: 'party_org',
        role: 'chair',
        office: '社区党委委员',
        pick: { party: true, born: ['1968-01-01', '1985-12-31'], grids: [2, 3, 4] },
      },
      {
        key: 'residents_committee',
        seat: 'residents_committee',
        role: 'vice_chair',
        office: '居委会委员',
        pick: { born: ['1975-01-01', '1990-12-31'], grids: [3, 4] },
      },
      {
        key: 'supervisory_committee',
        seat: 'supervisory_committee',
        office: '居务监督委员会主任',
        pick: { party: true, born: ['1950-01-01', '1968-12-31'] },
      },
      ...reps(3, '居民代表(楼长)', { born: ['1950-01-01', '1985-12-31'], grids: [2, 3, 4] }),
      {
        key: 'women',
        seat: 'women',
        office: '社区妇联主席',
        pick: { gender: 'female', born: ['1975-01-01', '1990-12-31'], grids: [2, 3, 4] },
      },
      {
        key: 'social_org',
        seat: 'social_org',
        office: '金溪义工队队长',
        pick: { born: ['1980-01-01', '1996-12-31'], grids: [2, 3, 4] },
      },
      {
        key: 'notable',
        seat: 'notable',
        office: '乡贤(退休教师)',
        pick: { born: ['1946-01-01', '1958-12-31'], grids: [2, 3, 4] },
      },
    ],
  },
  {
    community: YINGNAN,
    kind: 'council',
    name: '英南村村民议事会',
    seats: [
      {
        key: 'party_org',
        seat: 'party_org',
        role: 'chair',
        office: '村党总支书记',
        pick: { party: true, gender: 'male', born: ['1964-01-01', '1982-12-31'] },
      },
      {
        key: 'residents_committee',
        seat: 'residents_committee',
        role: 'vice_chair',
        office: '村委会主任',
        pick: { party: true, born: ['1966-01-01', '1986-12-31'] },
      },
      {
        key: 'supervisory_committee',
        seat: 'supervisory_committee',
        office: '村务监督委员会主任',
        pick: { party: true, born: ['1950-01-01', '1970-12-31'] },
      },
      ...reps(11, '村民代表', { born: ['1950-01-01', '1990-12-31'] }),
      {
        key: 'women',
        seat: 'women',
        office: '村妇联主席',
        pick: { gender: 'female', born: ['1970-01-01', '1988-12-31'] },
      },
      {
        key: 'social_org',
        seat: 'social_org',
        office: '村社工服务站社工',
        pick: { born: ['1988-01-01', '2000-12-31'] },
      },
      {
        key: 'notable',
        seat: 'notable',
        office: '乡贤(旅港乡亲联络人)',
        pick: { gender: 'male', born: ['1944-01-01', '1958-12-31'] },
      },
    ],
  },
];

/** Residents of 金溪社区 with an account of their own (the demo password), who propose and co-sign. */
export const DEMO_RESIDENTS = Array.from({ length: 8 }, (_, i) => `resident.jinxi${String(i + 1).padStart(2, '0')}`);
/**
 * …picked from these grids of 金溪社区, adults of working age or retired, one per household (not
 * from the fourth grid, whose one account — its grid worker — the org tests count on).
 */
export const DEMO_RESIDENT_PICK: PersonPick = { born: ['1950-01-01', '1995-12-31'], grids: [2, 3] };

/** `{key}` in a text → the name picked for the key (unknown keys stay as they are). */
export function fill(text: string, names: Record<string, string>): string {
  return text.replace(/\{([a-z_0-9]+)\}/g, (whole, key: string) => names[key] ?? whole);
}

export interface MeetingPlan {
  title: string;
  place: string;
  at: When;
  /** minutes long */
  minutes: number;
  /** of those called, how many do not come (the last ones called) */
  absent?: number;
  record?: string;
  decision?: string;
}

// ── 英南村: the 农民公寓 lottery (四议两公开, decided; resolution published; drawn in public) ──────────
export const LOTTERY = {
  title: '英南村农民公寓(二期)分配方案及公开抽签',
  description:
    '村集体在村委会东侧建设的农民公寓(二期)共18套已通过竣工验收。经村民小组摸底,符合申请条件' +
    '(本村户籍、在本村无宅基地或人均住房面积低于15平方米)的住房困难户共30户,房少人多、需求大。' +
    '为公平、公开、公正地分配,村党总支提议:由村民议事会广泛听取村民意见,制定分配方案和抽签办法,' +
    '按“四议两公开”程序提交党员大会审议、村民代表会议决议后,公开抽签确定分配对象和房号。',
  propose: { at: { day: 78, time: '10:00' }, note: '村党总支委员会研究提出议题,明确按“四议两公开”程序办理。' },
  council: {
    title: '村民议事会:农民公寓分配方案征求意见会',
    place: '英南村党群服务中心议事厅',
    at: { day: 70, time: '19:30' },
    minutes: 150,
    absent: 2,
    record:
      '会议由村党总支书记{party_org}主持,村民议事会成员及申请户代表参加。\n' +
      '一、村委会主任{residents_committee}介绍农民公寓(二期)建设情况及30户申请户的摸底结果。\n' +
      '二、与会人员逐条讨论分配办法:申请户代表提出三代同住户应优先;乡贤{notable}建议不设优先、一律抽签,' +
      '以免引起新的矛盾;村务监督委员会主任{supervisory_committee}提出抽签须有镇纪委和村民代表现场监督,' +
      '种子码提前公布,结果当场公示。\n' +
      '三、经充分讨论,形成一致意见:符合条件的30户一律参加抽签,按抽签顺序前18户获得分配资格并依次选房;' +
      '第19至30户按顺序作为候补,有获得资格户放弃时依次递补。',
    decision: '形成分配方案和抽签办法草案:30户一律参加公开抽签,前18户获分配资格,其余按顺序候补;提交两委商议。',
  } satisfies MeetingPlan,
  twoCommittees: {
    title: '村“两委”联席会议:商议农民公寓分配方案',
    place: '英南村委会会议室',
    at: { day: 62, time: '09:30' },
    minutes: 120,
    record:
      '会议由村党总支书记{party_org}主持,村“两委”成员参加,村务监督委员会主任{supervisory_committee}列席。\n' +
      '会议逐条商议了村民议事会提出的分配方案和抽签办法,对申请条件的认定口径、候补递补办法和选房费用作了补充,' +
      '同意提交党员大会审议。',
    decision: '同意分配方案和抽签办法(修改稿),提交党员大会审议。',
  } satisfies MeetingPlan,
  partyMembers: {
    title: '英南村党员大会:审议农民公寓分配方案',
    place: '英南村党群服务中心大礼堂',
    at: { day: 54, time: '19:30' },
    minutes: 120,
    absent: 3,
    record:
      '会议由村党总支书记{party_org}主持。村委会主任{residents_committee}说明分配方案和抽签办法的形成过程。' +
      '与会党员审议后一致同意提交村民代表会议表决,并要求党员带头做好申请户的解释工作,不搞特殊照顾。',
    decision: '审议通过分配方案和抽签办法,提交村民代表会议决议。',
  } satisfies MeetingPlan,
  representatives: {
    title: '英南村村民代表会议:表决农民公寓分配方案',
    place: '英南村党群服务中心大礼堂',
    at: { day: 47, time: '19:30' },
    minutes: 120,
    absent: 1,
    record:
      '应到村民代表11人,实到10人,符合村民委员会组织法规定的人数。会议由村委会主任{residents_committee}主持,' +
      '镇驻村干部列席。代表们对分配方案和抽签办法进行表决(举手表决,现场计票)。',
    decision: '表决通过《英南村农民公寓(二期)分配方案及抽签办法》。',
    vote: { title: '表决:英南村农民公寓(二期)分配方案及抽签办法', approve: 9, oppose: 0, abstain: 1 },
  },
  resolution: {
    at: { day: 46, time: '10:00' },
    text:
      '经英南村村民代表会议表决通过(应到11人、实到10人,赞成9票、弃权1票),农民公寓(二期)18套按以下办法分配:' +
      '一、符合条件的30户一律参加公开抽签,不设优先;二、按抽签顺序前18户获得分配资格,并按抽签顺序选房;' +
      '三、第19至30户按顺序候补,获得资格户放弃时依次递补;四、抽签的种子码在抽签前公布其SHA-256摘要,' +
      '抽签时当场公开种子码,任何人可用同一算法复核结果。公示期7天,对决议有异议的可向村务监督委员会反映。',
  },
  draw: {
    title: '英南村农民公寓(二期)公开抽签',
    created: { day: 40, time: '10:00' },
    drawn: { day: 33, time: '15:00' },
    applicants: 30,
    flats: 18,
    note: '在英南村党群服务中心大礼堂公开抽签,镇纪委、村务监督委员会及村民代表现场监督,抽签结果当场公示。',
  },
  /** applicant households who sit on the council for this topic (the X of 7+X) */
  stakeholders: 3,
};

// ── 英南村: the village roads (四议两公开, open: 两委商议 done, the party members' meeting ahead) ─────
export const ROAD = {
  title: '英南村主村道硬底化及太阳能路灯安装工程',
  description:
    '村内三条主村道共约2.3公里仍为泥结石路面,雨天积水、晚上无路灯,村民多次反映出行不便,存在安全隐患。' +
    '村党总支提议利用村集体经济收入和区乡村振兴补助资金(预算约186万元)实施硬底化改造,并沿线安装太阳能路灯' +
    '约120盏。工程涉及占用部分农户门前空地,须按“四议两公开”程序议定。',
  propose: { at: { day: 21, time: '10:00' }, note: '村党总支委员会研究提出议题,委托村委会做好前期测量和预算。' },
  twoCommittees: {
    title: '村“两委”联席会议:商议主村道硬底化工程',
    place: '英南村委会会议室',
    at: { day: 13, time: '09:30' },
    minutes: 120,
    record:
      '会议由村党总支书记{party_org}主持。村委会主任{residents_committee}介绍测量和预算情况,' +
      '会议商议了施工分段、占用门前空地的补偿办法和资金来源,同意提交党员大会审议。',
    decision: '同意实施方案(预算186万元,分两段施工),提交党员大会审议。',
  } satisfies MeetingPlan,
  partyMembers: {
    title: '英南村党员大会:审议主村道硬底化工程实施方案',
    place: '英南村党群服务中心大礼堂',
    at: { day: -3, time: '19:30' },
    minutes: 120,
  } satisfies MeetingPlan,
  meetingCalled: { day: 5, time: '16:00' },
};

// ── 金溪社区: the e-bike charging shed (五步工作法, done with the outcome published) ───────────────────
export const CHARGING = {
  title: '金溪花园电动自行车集中充电棚建设',
  description:
    '网格员走访中,多位居民反映金溪花园有住户把电动自行车推进楼道、飞线充电,存在严重火灾隐患。' +
    '建议在小区内选址建设集中充电棚,配备智能充电桩和烟感喷淋,引导居民集中停放、安全充电。',
  tell: { at: { day: 122, time: '10:00' }, note: '网格员走访和居民说事会收集到的意见,由社区提交议事会。' },
  discuss: {
    title: '居民议事会:电动自行车集中充电棚选址和收费',
    place: '金溪社区党群服务中心议事厅',
    at: { day: 112, time: '19:30' },
    minutes: 120,
    absent: 1,
    record:
      '会议由{party_org}主持,议事会成员和物业服务企业负责人参加。与会人员实地查看了两处备选场地,' +
      '讨论了充电收费标准、消防设施和日常管理。居民代表建议选在7栋北侧闲置空地,远离住宅窗户;' +
      '义工队队长{social_org}提出组织义工劝导飞线充电。',
    decision: '初定选址7栋北侧闲置空地,充电收费每度不超过0.8元,由物业负责日常管理;方案提交理事会议表决。',
  } satisfies MeetingPlan,
  decide: {
    title: '居民议事会:表决电动自行车集中充电棚建设方案',
    place: '金溪社区党群服务中心议事厅',
    at: { day: 102, time: '19:30' },
    minutes: 90,
    record:
      '会议由{party_org}主持。议事会成员对建设方案进行举手表决:建设60个充电位,资金由街道安全生产专项资金' +
      '和物业公共收益共同承担,收费每度0.8元(含服务费)。',
    decision: '表决通过充电棚建设方案,由社区和物业负责实施,建成后开展楼道飞线充电专项整治。',
  } satisfies MeetingPlan,
  vote: { title: '表决:金溪花园电动自行车集中充电棚建设方案', approve: 8, oppose: 0, abstain: 1 },
  act: {
    at: { day: 42, time: '16:00' },
    result: '充电棚已于7栋北侧建成,设充电位60个,配备烟感报警和自动喷淋,投入使用后楼道飞线充电由月均17起降至2起。',
  },
  evaluate: {
    at: { day: 38, time: '10:00' },
    outcome:
      '金溪花园电动自行车集中充电棚已建成投入使用:充电位60个,收费每度0.8元,由物业负责日常管理。' +
      '经回访,居民满意率96%。社区将继续联合义工队开展楼道飞线充电劝导。公示期7天。',
  },
};

// ── 金溪社区: sorting waste (三议三公开, open: the households are voting now) ─────────────────────────
export const WASTE = {
  title: '金溪花园垃圾分类定时定点投放点位调整',
  description:
    '金溪花园现有垃圾投放点6处,其中3栋、5栋楼下两处距住户窗户过近,夏季异味和蚊虫问题突出,' +
    '楼长会上居民提议调整投放点位并实行定时定点投放。社区会同物业提出三个调整方案,请各户选择。',
  propose: { at: { day: 31, time: '10:00' }, note: '楼长会上居民提议,社区整理成议题。' },
  publish: {
    at: { day: 30, time: '10:00' },
    notice: '居民提议调整金溪花园垃圾投放点位,方案征求意见稿已在各楼栋公告栏及“议事协商”公示,欢迎提出意见。',
  },
  discuss: {
    title: '居民议事会:商议垃圾投放点位调整方案',
    place: '金溪社区党群服务中心议事厅',
    at: { day: 15, time: '19:30' },
    minutes: 120,
    absent: 1,
    record:
      '会议由{party_org}主持,物业服务企业及区城管局垃圾分类督导员列席。与会人员讨论了征求意见中收集的42条意见,' +
      '将调整方案归并为三个,提交全体住户投票选择(每户一票,无记名)。',
    decision: '形成三个点位调整方案,提交全体住户投票,得票最多且过半数的方案通过。',
  } satisfies MeetingPlan,
  vote: {
    title: '金溪花园垃圾投放点位调整方案住户投票',
    opens: { day: 2, time: '09:00' },
    closes: { day: -5, time: '20:00' },
    options: [
      { key: 'plan_a', label: '方案一:撤并3栋、5栋楼下投放点,在小区东门新设集中投放点' },
      { key: 'plan_b', label: '方案二:保留现有点位,改为每日7:00–9:00、19:00–21:00定时投放' },
      { key: 'plan_c', label: '方案三:撤并3栋投放点,5栋投放点移至绿化带北侧并加装除臭设备' },
    ],
    /** of the households on the roll, the share that has voted so far, and how they chose */
    turnout: 0.38,
    weights: [0.46, 0.21, 0.33],
  },
};

// ── 金溪社区: a case taken up as a topic (五步工作法, open: the council meets in two days) ─────────────
export const PARKING = {
  /** the case it comes from: 金溪社区's report of the parking fee raised without the owners' consent */
  caseCategory: 'property.fees',
  title: '金溪花园停车收费调整协商',
  description:
    '有业主反映物业服务企业未经业主大会同意,将小区地面停车位月租由150元上调至220元。' +
    '该诉求涉及全体车主的共同利益,转入居民议事会协商:请物业说明成本测算,车主代表和业主委员会共同议定收费标准。',
  tell: { note: '诉求转入议事:由车主代表、物业和业主委员会在议事会上协商。' },
  stakeholders: 3,
  meeting: {
    title: '居民议事会:停车收费调整协商会',
    place: '金溪社区党群服务中心议事厅',
    at: { day: -2, time: '19:30' },
    minutes: 120,
  } satisfies MeetingPlan,
};

// ── 金溪社区: proposals of residents ─────────────────────────────────────────────────────────────
export interface ProposalPlan {
  /** index into DEMO_RESIDENTS of the proposer */
  by: number;
  title: string;
  description: string;
  at: When;
  /** co-signers (indexes into DEMO_RESIDENTS), one a day after the proposal */
  cosigners?: number[];
  rejected?: { at: When; reason: string };
  withdrawn?: { at: When; reason: string };
}

export const PROPOSALS: ProposalPlan[] = [
  {
    by: 0,
    title: '建议在社区党群服务中心设立长者饭堂助餐点',
    description:
      '金溪社区60岁以上老人较多,不少是独居或子女白天上班,中午做饭不便。建议参照礼乐街道的做法,' +
      '在社区党群服务中心一楼设立长者饭堂助餐点,提供午餐和送餐上门服务,对高龄、困难老人给予补贴。',
    at: { day: 9, time: '20:15' },
    cosigners: [1, 2, 3, 4, 5, 6],
  },
  {
    by: 4,
    title: '建议将金溪花园中心绿化带改建为停车位',
    description: '小区停车位紧张,晚上车辆乱停乱放。建议将中心绿化带改建为约20个停车位。',
    at: { day: 44, time: '21:05' },
    cosigners: [7],
    rejected: {
      at: { day: 36, time: '10:30' },
      reason:
        '中心绿化带属于小区规划绿地,改建为停车位须经规划部门审批并经业主大会表决,不属于居民议事会可以议定的事项。' +
        '停车难问题已纳入“停车收费调整协商”议题一并研究,社区将协调周边单位错时开放停车位。',
    },
  },
  {
    by: 7,
    title: '建议更换金溪花园小区门禁系统',
    description: '小区门禁经常失灵,外来人员随意进出。建议更换为人脸识别门禁。',
    at: { day: 27, time: '19:40' },
    withdrawn: {
      at: { day: 20, time: '09:10' },
      reason: '物业已承诺本月内免费维修更换门禁主机,问题已解决,撤回提议。',
    },
  },
];

// ── 金溪社区: 民生微实事 ──────────────────────────────────────────────────────────────────────────
export interface ProjectPlan {
  key: string;
  /** index into DEMO_RESIDENTS of the proposer; 'demo' is resident.demo (王桂芳) */
  by: number | 'demo';
  title: string;
  description: string;
  location: string;
  estimateYuan: number;
  review: { verdict: 'feasible'; priceYuan: number; note?: string } | { verdict: 'unfeasible'; note: string } | null;
  /** approvals in the residents' vote */
  votes?: number;
  /** what happened after the selection */
  work?: {
    start?: { at: When; note: string };
    milestones?: { at: When; title: string; note: string; spentYuan: number }[];
    complete?: { at: When; note: string };
    accept?: { at: When; note: string };
  };
}

export const BUDGET_THIS_YEAR = {
  title: '金溪社区民生微实事',
  amountYuan: 300_000,
  /** approval ballot: each resident picks up to three */
  maxChoices: 3,
  created: { day: 250, time: '10:00' },
  proposedFrom: 246,
  reviewing: { day: 218, time: '09:00' },
  reviewedFrom: 214,
  voting: { day: 203, time: '09:00' },
  closes: { day: 189, time: '20:00' },
  selected: { day: 188, time: '10:00' },
  /** residents who voted (each approves one to three projects) */
  voters: 190,
};

export const PROJECTS_THIS_YEAR: ProjectPlan[] = [
  {
    key: 'elderly',
    by: 'demo',
    title: '长者活动中心适老化改造',
    description: '社区长者活动中心地面湿滑、卫生间无扶手,建议铺设防滑地胶、加装扶手和呼叫器,更换适老桌椅。',
    location: '金溪社区党群服务中心一楼',
    estimateYuan: 90_000,
    review: { verdict: 'feasible', priceYuan: 86_000, note: '经第三方造价核定。' },
    votes: 126,
    work: {
      start: { at: { day: 162, time: '09:00' }, note: '施工单位进场,活动中心临时移至二楼会议室。' },
      milestones: [
        {
          at: { day: 150, time: '17:00' },
          title: '防滑地胶铺设完成',
          note: '铺设防滑地胶240平方米。',
          spentYuan: 38_000,
        },
        {
          at: { day: 128, time: '17:00' },
          title: '扶手、呼叫器安装及适老桌椅更换',
          note: '卫生间及走廊加装扶手46米,安装紧急呼叫器8个,更换适老桌椅30套。',
          spentYuan: 45_600,
        },
      ],
      complete: { at: { day: 118, time: '16:00' }, note: '全部工程完工,申请验收。' },
      accept: {
        at: { day: 104, time: '10:00' },
        note: '社区、居务监督委员会、居民代表及提议人共同验收,工程质量合格,实际支出83,600元,结余2,400元退回。',
      },
    },
  },
  {
    key: 'playground',
    by: 1,
    title: '金溪花园儿童游乐设施更新',
    description: '小区儿童游乐区设施老旧、滑梯开裂,地面为水泥地。建议更换游乐设施并铺设EPDM安全地垫。',
    location: '金溪花园中心花园',
    estimateYuan: 80_000,
    review: { verdict: 'feasible', priceYuan: 72_000 },
    votes: 109,
    work: {
      start: { at: { day: 63, time: '09:00' }, note: '拆除旧设施,施工期间游乐区围蔽。' },
      milestones: [
        {
          at: { day: 48, time: '17:00' },
          title: '安全地垫铺设完成',
          note: '铺设EPDM安全地垫180平方米。',
          spentYuan: 26_500,
        },
        {
          at: { day: 19, time: '17:00' },
          title: '组合滑梯及秋千安装',
          note: '组合滑梯1套、秋千2座安装完成,待第三方安全检测。',
          spentYuan: 31_000,
        },
      ],
    },
  },
  {
    key: 'lights',
    by: 2,
    title: '老旧楼道声控照明灯更换',
    description: '金溪花园1至8栋楼道灯多数损坏,老人夜间上下楼不安全。建议统一更换为LED声控感应灯。',
    location: '金溪花园1至8栋',
    estimateYuan: 40_000,
    review: { verdict: 'feasible', priceYuan: 38_500 },
    votes: 98,
    work: {
      start: { at: { day: 84, time: '09:00' }, note: '分楼栋施工,每栋停电不超过2小时。' },
      milestones: [
        {
          at: { day: 74, time: '17:00' },
          title: '1至8栋LED声控灯安装',
          note: '更换LED声控感应灯212盏。',
          spentYuan: 36_900,
        },
      ],
      complete: { at: { day: 6, time: '16:00' }, note: '全部楼栋更换完成,待组织验收。' },
    },
  },
  {
    key: 'fitness',
    by: 3,
    title: '社区健身路径增设',
    description: '在小区北侧空地增设健身器材12件,满足中老年居民日常锻炼需要。',
    location: '金溪花园北侧空地',
    estimateYuan: 100_000,
    review: { verdict: 'feasible', priceYuan: 95_000 },
    votes: 71,
  },
  {
    key: 'reading',
    by: 5,
    title: '“四点半课堂”社区书屋建设',
    description: '为双职工家庭孩子放学后提供看书、写作业的场所,配置书架、图书2000册和学习桌椅。',
    location: '金溪社区党群服务中心二楼',
    estimateYuan: 50_000,
    review: { verdict: 'feasible', priceYuan: 45_000 },
    votes: 64,
  },
  {
    key: 'mural',
    by: 6,
    title: '小区围墙文明主题彩绘',
    description: '将小区沿街围墙粉刷并绘制村规民约、垃圾分类等文明主题彩绘。',
    location: '金溪花园沿街围墙',
    estimateYuan: 30_000,
    review: { verdict: 'feasible', priceYuan: 28_000 },
    votes: 37,
  },
  {
    key: 'elevator',
    by: 0,
    title: '老旧住宅加装电梯补贴',
    description: '建议对金溪花园加装电梯的楼栋每台补贴5万元。',
    location: '金溪花园',
    estimateYuan: 150_000,
    review: {
      verdict: 'unfeasible',
      note:
        '加装电梯属于既有住宅加装电梯专项,由区住房和城乡建设局按政策另行补贴,不属于民生微实事资金的使用范围;' +
        '且单项金额超过民生微实事单个项目10万元的上限。社区可协助有意向的楼栋申请专项补贴。',
    },
  },
  {
    key: 'parking_lot',
    by: 7,
    title: '小区停车场扩建',
    description: '将小区西侧空地扩建为停车场,新增车位约40个。',
    location: '金溪花园西侧空地',
    estimateYuan: 280_000,
    review: {
      verdict: 'unfeasible',
      note:
        '西侧空地为市政规划道路用地,不能改建停车场;项目金额也超出民生微实事单个项目的上限。' +
        '停车问题已转入“停车收费调整协商”议题研究。',
    },
  },
];

export const BUDGET_NEXT_YEAR = {
  title: '金溪社区民生微实事',
  amountYuan: 300_000,
  maxChoices: 3,
  created: { day: 12, time: '10:00' },
  /** proposals close this many days ahead */
  closesInDays: 38,
};

export const PROJECTS_NEXT_YEAR: ProjectPlan[] = [
  {
    key: 'rain',
    by: 4,
    title: '金溪花园雨污分流管道疏通改造',
    description: '小区部分雨水管与污水管混接,大雨时3栋、4栋地下车库入口积水。建议疏通改造。',
    location: '金溪花园3栋、4栋',
    estimateYuan: 60_000,
    review: { verdict: 'feasible', priceYuan: 58_000, note: '经区水务局技术人员现场查看,方案可行。' },
  },
  {
    key: 'pool',
    by: 1,
    title: '建设社区室内恒温游泳池',
    description: '建议在社区建设室内恒温游泳池,方便居民锻炼。',
    location: '金溪社区',
    estimateYuan: 2_000_000,
    review: {
      verdict: 'unfeasible',
      note:
        '项目金额远超民生微实事单个项目10万元的上限,且社区没有可用场地,不能纳入。' +
        '附近的江海区体育中心游泳馆对60岁以上老人有优惠,社区可组织集体前往。',
    },
  },
  {
    key: 'fire',
    by: 2,
    title: '社区微型消防站器材更新',
    description: '社区微型消防站的灭火器、水带已过期,建议更新器材并配备电动自行车灭火毯。',
    location: '金溪社区微型消防站',
    estimateYuan: 25_000,
    review: null,
  },
];

/** Notices older than this are shown as read: the demo's residents and staff have seen them. */
export const NOTICES_READ_AFTER_DAYS = 3;
