/**
 * The demo's points texts (积分制): the district's starter catalogue drawn from the 居民公约 /
 * 村规民约 积分管理细则 that Jianghai's communities scored (社会公德、爱护环境、邻里和谐 …),
 * 金溪社区's own items (its 2020 《积分管理规则》), the points store (积分超市: 洗车券、早餐券,
 * rice and oil, a haircut), the party members' duty posts (党员责任岗), and the words residents
 * and staff write on claims, deductions and the 公示. Plain data; points-seed.ts draws from it.
 */

export type RuleCategory =
  | 'morality'
  | 'environment'
  | 'harmony'
  | 'customs'
  | 'volunteering'
  | 'deliberation'
  | 'party_duty'
  | 'other';

export interface StarterRule {
  code: string;
  category: RuleCategory;
  title: string;
  description: string;
  /** + earns, − deducts */
  points: number;
  appliesTo: 'person' | 'household' | 'party_member';
  evidence: Array<'photo' | 'witness' | 'staff'>;
  claimable: boolean;
  capMonth?: number;
  capYear?: number;
  /** How often the demo awards it, relative to the others of its kind (0: never drawn). */
  weight: number;
  /** What staff write as the reason: for a deduction, the words the resident is shown. */
  reasons: string[];
}

/** 江海区's starter catalogue: every community sees it, and adds its own. */
export const DISTRICT_RULES: StarterRule[] = [
  // 文明行为
  {
    code: 'WM-01',
    category: 'morality',
    title: '拾金不昧、见义勇为',
    description: '拾到财物主动归还或上交,或在他人遇险时挺身相助,经核实后加分。',
    points: 20,
    appliesTo: 'person',
    evidence: ['witness'],
    claimable: true,
    capYear: 100,
    weight: 1,
    reasons: ['在菜市场拾到钱包一个,主动交到社区党群服务中心', '帮助在路边摔倒的老人送医并联系其家属'],
  },
  {
    code: 'WM-02',
    category: 'morality',
    title: '孝老爱亲',
    description: '赡养照料老人、关爱家庭成员,事迹经邻居或网格员确认。',
    points: 10,
    appliesTo: 'household',
    evidence: ['witness'],
    claimable: true,
    capYear: 20,
    weight: 2,
    reasons: ['长期照料卧床老人,邻居反映良好', '子女每周陪伴独居父母,网格员走访确认'],
  },
  {
    code: 'WM-03',
    category: 'morality',
    title: '不文明养犬',
    description: '遛狗不牵绳、不清理犬只粪便,经劝导仍不改正的扣分。',
    points: -5,
    appliesTo: 'household',
    evidence: ['staff'],
    claimable: false,
    weight: 2,
    reasons: ['小区内遛狗未牵绳,经劝导仍未改正', '犬只粪便未清理,经网格员两次提醒'],
  },
  {
    code: 'WM-04',
    category: 'morality',
    title: '高空抛物',
    description: '从楼上抛掷物品,危及他人安全的扣分。',
    points: -20,
    appliesTo: 'household',
    evidence: ['staff'],
    claimable: false,
    weight: 0.3,
    reasons: ['从阳台抛下垃圾袋,经监控核实'],
  },
  // 环境卫生
  {
    code: 'HJ-01',
    category: 'environment',
    title: '垃圾分类准确投放',
    description: '按要求分类投放生活垃圾,由督导员每周检查记录。',
    points: 2,
    appliesTo: 'household',
    evidence: ['staff'],
    claimable: false,
    capMonth: 8,
    weight: 10,
    reasons: ['督导员检查:本周分类投放准确', '厨余垃圾破袋投放,分类准确'],
  },
  {
    code: 'HJ-02',
    category: 'environment',
    title: '门前三包、庭院整洁',
    description: '门前责任区干净整洁,无乱堆乱放,评为“美丽庭院”的另行加分。',
    points: 5,
    appliesTo: 'household',
    evidence: ['photo'],
    claimable: true,
    capMonth: 10,
    weight: 5,
    reasons: ['门前责任区整洁,月度检查合格', '清理楼道杂物,保持门前整洁'],
  },
  {
    code: 'HJ-03',
    category: 'environment',
    title: '参加社区环境大扫除',
    description: '参加社区组织的环境卫生整治、“三清三拆三整治”等集中行动。',
    points: 5,
    appliesTo: 'person',
    evidence: ['staff'],
    claimable: false,
    capMonth: 15,
    weight: 6,
    reasons: ['参加周末环境卫生大扫除', '参加金溪河沿岸清理垃圾活动', '参加小区卫生死角集中整治'],
  },
  {
    code: 'HJ-04',
    category: 'environment',
    title: '乱堆乱放、私搭乱建',
    description: '在楼道、公共区域堆放杂物或私自搭建,经通知限期未整改的扣分。',
    points: -10,
    appliesTo: 'household',
    evidence: ['staff'],
    claimable: false,
    weight: 1.5,
    reasons: ['楼道堆放杂物,限期三天未清理', '公共绿地私自种菜搭棚,经通知未拆除'],
  },
  {
    code: 'HJ-05',
    category: 'environment',
    title: '电动车飞线充电',
    description: '私拉电线为电动车充电,或将电动车推入楼道、室内充电的扣分。',
    points: -10,
    appliesTo: 'household',
    evidence: ['staff'],
    claimable: false,
    weight: 1,
    reasons: ['从三楼窗口拉线为电动车充电,消防检查发现', '电动车停放在楼道内充电'],
  },
  // 邻里互助
  {
    code: 'LL-01',
    category: 'harmony',
    title: '帮扶独居老人、残疾人',
    description: '为独居老人、残疾人买菜、陪诊、代办等,经受助人或邻居确认。',
    points: 5,
    appliesTo: 'person',
    evidence: ['witness'],
    claimable: true,
    capMonth: 20,
    weight: 4,
    reasons: ['每周帮独居的邻居老人买菜', '陪同楼上残疾邻居到医院复诊', '帮独居老人代办长者饭堂登记'],
  },
  {
    code: 'LL-02',
    category: 'harmony',
    title: '化解邻里纠纷',
    description: '主动劝解、协助调解邻里矛盾,促成和解。',
    points: 10,
    appliesTo: 'person',
    evidence: ['witness'],
    claimable: true,
    capMonth: 20,
    weight: 1.5,
    reasons: ['劝和楼上楼下因漏水引起的争执', '协助调解相邻两户因停车位产生的矛盾'],
  },
  {
    code: 'LL-03',
    category: 'harmony',
    title: '邻里纠纷引发冲突',
    description: '因邻里纠纷吵闹、打架,影响邻里和睦的扣分。',
    points: -10,
    appliesTo: 'household',
    evidence: ['staff'],
    claimable: false,
    weight: 0.5,
    reasons: ['因噪音问题与邻居发生推搡,经调解处理'],
  },
  // 移风易俗
  {
    code: 'YF-01',
    category: 'customs',
    title: '婚事新办、丧事简办',
    description: '婚丧事宜从简,不大操大办、不铺张浪费,向社区报备的加分。',
    points: 20,
    appliesTo: 'household',
    evidence: ['staff'],
    claimable: true,
    capYear: 20,
    weight: 0.6,
    reasons: ['子女婚礼从简操办,向社区报备', '老人丧事从简,不设流水席'],
  },
  {
    code: 'YF-02',
    category: 'customs',
    title: '文明祭扫',
    description: '不燃放鞭炮、不焚烧纸钱,采用鲜花祭扫、网上祭扫。',
    points: 5,
    appliesTo: 'household',
    evidence: [],
    claimable: true,
    capYear: 10,
    weight: 1,
    reasons: ['重阳节采用鲜花祭扫', '签订文明祭扫承诺书并践行'],
  },
  {
    code: 'YF-03',
    category: 'customs',
    title: '评为“文明家庭”“最美家庭”',
    description: '经社区评选、公示后评为文明家庭或最美家庭。',
    points: 50,
    appliesTo: 'household',
    evidence: ['staff'],
    claimable: false,
    capYear: 50,
    weight: 0,
    reasons: ['社区2026年度“文明家庭”评选入选'],
  },
  {
    code: 'YF-04',
    category: 'customs',
    title: '大操大办、燃放鞭炮',
    description: '婚丧喜庆大操大办,或在禁放区域燃放烟花爆竹的扣分。',
    points: -20,
    appliesTo: 'household',
    evidence: ['staff'],
    claimable: false,
    weight: 0.3,
    reasons: ['在小区内燃放鞭炮,经派出所处理'],
  },
  // 志愿服务
  {
    code: 'ZY-01',
    category: 'volunteering',
    title: '参加志愿服务(每次)',
    description: '参加社区组织的志愿服务活动,以签到和活动照片为凭,每次加分。',
    points: 3,
    appliesTo: 'person',
    evidence: ['photo'],
    claimable: true,
    capMonth: 30,
    weight: 7,
    reasons: ['参加“创文”文明劝导志愿服务', '在长者饭堂帮厨送餐', '参加反诈宣传志愿服务', '参加社区核酸检测点秩序维护'],
  },
  {
    code: 'ZY-02',
    category: 'volunteering',
    title: '担任志愿楼长',
    description: '担任志愿楼长,收集楼栋居民意见、协助通知传达,每月加分。',
    points: 10,
    appliesTo: 'person',
    evidence: ['staff'],
    claimable: false,
    capMonth: 10,
    weight: 1.5,
    reasons: ['本月履行志愿楼长职责'],
  },
  // 参与议事
  {
    code: 'YS-01',
    category: 'deliberation',
    title: '参加居民议事会',
    description: '参加社区居民议事会、协商会,发表意见。',
    points: 5,
    appliesTo: 'person',
    evidence: ['staff'],
    claimable: false,
    capMonth: 10,
    weight: 2,
    reasons: ['参加加装电梯议事协商会', '参加小区停车管理议事会', '参加居民公约修订座谈会'],
  },
  {
    code: 'YS-02',
    category: 'deliberation',
    title: '合理化建议被采纳',
    description: '对社区公共事务提出建议,经议事会采纳实施。',
    points: 10,
    appliesTo: 'person',
    evidence: ['staff'],
    claimable: true,
    capYear: 50,
    weight: 0.6,
    reasons: ['建议在小区入口增设电动车集中充电桩,已采纳', '建议长者饭堂增加送餐上门服务,已采纳'],
  },
  // 党员责任岗
  {
    code: 'DY-01',
    category: 'party_duty',
    title: '认领责任岗并履职',
    description: '无职党员认领党员责任岗,按岗位职责履职,每月考评。',
    points: 10,
    appliesTo: 'party_member',
    evidence: ['staff'],
    claimable: false,
    capMonth: 10,
    weight: 0,
    reasons: ['本月责任岗履职到位'],
  },
  {
    code: 'DY-02',
    category: 'party_duty',
    title: '参加组织生活(三会一课)',
    description: '按时参加支部党员大会、党小组会和党课。',
    points: 5,
    appliesTo: 'party_member',
    evidence: ['staff'],
    claimable: false,
    capMonth: 10,
    weight: 0,
    reasons: ['参加支部主题党日活动', '参加党小组会'],
  },
  {
    code: 'DY-03',
    category: 'party_duty',
    title: '党员志愿服务(双报到双服务)',
    description: '到居住地社区报到并参加志愿服务。',
    points: 3,
    appliesTo: 'party_member',
    evidence: ['photo'],
    claimable: true,
    capMonth: 15,
    weight: 0,
    reasons: ['参加党员先锋队环境整治', '参加“党员进网格”入户宣传'],
  },
  {
    code: 'DY-04',
    category: 'party_duty',
    title: '无故缺席组织生活',
    description: '无正当理由不参加组织生活的扣分。',
    points: -5,
    appliesTo: 'party_member',
    evidence: ['staff'],
    claimable: false,
    weight: 0,
    reasons: ['无故缺席本月主题党日'],
  },
];

/** 金溪社区's own items, from its 《积分管理规则》. */
export const JINXI_RULES: StarterRule[] = [
  {
    code: 'JX-01',
    category: 'environment',
    title: '楼道清洁轮值',
    description: '按楼栋轮值表打扫楼道、清理楼梯扶手,以楼长确认为准。',
    points: 2,
    appliesTo: 'household',
    evidence: ['witness'],
    claimable: true,
    capMonth: 6,
    weight: 4,
    reasons: ['按轮值表打扫本栋楼道'],
  },
  {
    code: 'JX-02',
    category: 'volunteering',
    title: '长者饭堂帮厨',
    description: '到金溪社区长者饭堂帮厨、分餐或送餐上门。',
    points: 3,
    appliesTo: 'person',
    evidence: ['staff'],
    claimable: false,
    capMonth: 12,
    weight: 3,
    reasons: ['长者饭堂午餐帮厨', '为行动不便的长者送餐上门'],
  },
  {
    code: 'JX-03',
    category: 'deliberation',
    title: '参与“街长制”巡查',
    description: '随街长巡查商铺门前、背街小巷,发现问题及时报告。',
    points: 5,
    appliesTo: 'person',
    evidence: ['staff'],
    claimable: false,
    capMonth: 20,
    weight: 2,
    reasons: ['随街长巡查金溪路沿街商铺', '巡查发现井盖破损并上报'],
  },
  {
    code: 'JX-04',
    category: 'environment',
    title: '乱扔垃圾',
    description: '在公共区域乱扔垃圾、烟头,经劝导后仍不改正的扣分。',
    points: -3,
    appliesTo: 'person',
    evidence: ['staff'],
    claimable: false,
    weight: 1,
    reasons: ['在小区花坛乱扔垃圾,经劝导未捡拾'],
  },
];

/** 楼道清洁轮值 was raised from 2 to 3 points from this month on: its second version. */
export const JINXI_RAISED = {
  code: 'JX-01',
  points: 3,
  description: '按楼栋轮值表打扫楼道、清理楼梯扶手,以楼长确认为准。本月起每次 3 分。',
};

export interface StoreItemText {
  name: string;
  description: string;
  kind: 'goods' | 'service' | 'coupon';
  price: number;
  stock: number | null;
  perPersonLimit: number | null;
  /** How often residents redeem it, relative to the others. */
  weight: number;
}

/** 金溪社区积分超市. */
export const JINXI_STORE: StoreItemText[] = [
  {
    name: '洗车券',
    description: '金溪路合作洗车店普通洗车一次,凭券使用,有效期一个月。',
    kind: 'coupon',
    price: 30,
    stock: 40,
    perPersonLimit: 2,
    weight: 3,
  },
  {
    name: '早餐券',
    description: '社区合作早餐店 10 元早餐一份。',
    kind: 'coupon',
    price: 10,
    stock: 120,
    perPersonLimit: 6,
    weight: 6,
  },
  {
    name: '大米(5 公斤)',
    description: '丝苗米一袋,到社区党群服务中心领取。',
    kind: 'goods',
    price: 80,
    stock: 20,
    perPersonLimit: 1,
    weight: 2,
  },
  {
    name: '食用油(5 升)',
    description: '花生油一桶,到社区党群服务中心领取。',
    kind: 'goods',
    price: 60,
    stock: 25,
    perPersonLimit: 1,
    weight: 2,
  },
  {
    name: '理发服务',
    description: '每月第二个周六上午,志愿理发师在党群服务中心理发一次。',
    kind: 'service',
    price: 20,
    stock: null,
    perPersonLimit: 2,
    weight: 3,
  },
  {
    name: '洗衣液',
    description: '2 公斤装洗衣液一瓶。',
    kind: 'goods',
    price: 25,
    stock: 3,
    perPersonLimit: 2,
    weight: 1,
  },
];

export const CANCEL_REASONS = ['居民临时有事,申请取消', '商品暂时缺货,与居民沟通后取消'];

export interface DutyPostText {
  name: string;
  duties: string;
  capacity: number | null;
}

/** 金溪社区's 党员责任岗 (设立“政策宣传岗”“环境整治岗”等党员义务岗位). */
export const JINXI_POSTS: DutyPostText[] = [
  {
    name: '政策宣传岗',
    duties: '宣传党的方针政策和惠民政策,每月至少入户宣讲两次,协助开展反诈、防溺水等宣传。',
    capacity: 6,
  },
  {
    name: '环境卫生岗',
    duties: '带头做好门前三包和垃圾分类督导,每周巡查责任片区卫生死角,发现问题及时上报。',
    capacity: 8,
  },
  {
    name: '邻里调解岗',
    duties: '了解楼栋邻里矛盾,及早劝解,配合社区调委会做好纠纷化解工作。',
    capacity: 4,
  },
  {
    name: '平安巡逻岗',
    duties: '每周参加一次夜间平安巡逻,关注消防通道、电动车充电等安全隐患。',
    capacity: 6,
  },
];

/** Claims residents file from their phones, by rule: the description they write, and a witness. */
export const CLAIM_TEXTS: Record<string, { description: string; witness?: string }[]> = {
  'LL-01': [
    { description: '每周二、五帮独居的陈伯买菜,送到家里。', witness: '陈伯本人,可电话核实' },
    { description: '陪楼上行动不便的邻居去中心医院复诊。', witness: '邻居黄姨' },
  ],
  'LL-02': [{ description: '劝解了三楼和四楼因漏水的争吵,两家已商量好一起找物业维修。', witness: '楼长李叔' }],
  'WM-01': [{ description: '在金溪市场门口拾到钱包一个,已交到党群服务中心。', witness: '社区值班人员' }],
  'WM-02': [{ description: '照顾瘫痪在床的婆婆八年。', witness: '对门邻居梁姐' }],
  'JX-01': [{ description: '本月按轮值表打扫了两次楼道。', witness: '楼长' }],
  'YF-02': [{ description: '重阳节全家鲜花祭扫,没有烧纸放炮。' }],
};

/** What staff ask for when a claim needs more, and why one was not approved. */
export const INFO_REQUESTS = ['请补充受助人的联系电话,方便核实。', '请说明具体日期和地点。'];
export const REJECT_REASONS = ['经核实,该次活动由物业组织,不在积分范围内。', '同一事项本月已记分,不重复计分。'];
export const APPROVE_NOTES = ['经电话核实,情况属实。', '网格员走访确认。'];

/** The objection raised on last month's 公示, and the community's answer. */
export const OBJECTION = {
  text: '我家上月参加了两次环境大扫除,积分只记了一次,请核实。',
  answer:
    '经核对签到表,您家上月签到记录为一次(第二次活动当日未签到)。如有其他证明,可到党群服务中心补充说明,核实后予以补记。',
};

/** 王桂芳's pending claim: she helps the widower downstairs. */
export const DEMO_RESIDENT_CLAIM = {
  rule: 'LL-01',
  description: '每天中午帮楼下独居的何伯从长者饭堂打饭送上楼。',
  witness: '何伯本人、楼长李叔',
};
