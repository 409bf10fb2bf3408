/**
 * The texts of the demo district's cases (事件): what residents report — 路灯不亮, 楼道堆物, 井盖缺失,
 * 噪音扰民, 邻里漏水纠纷, 独居老人求助, 占道经营, 垃圾清运不及时 … — how the handlers answer, why a
 * report is turned away, what the reporters say when they rate; and the plan of which case happens
 * where, through which channel and how far it has got (cases-seed.ts plays the plan out).
 *
 * `{place}` in a description is the building or the spot (金溪花园3栋, 滘头东巷12号附近), filled in
 * from the registry building the case is placed at.
 */

export interface CaseStory {
  /** the category code (DEFAULT_CATEGORIES) */
  category: string;
  title: string;
  /** the reporter's words; `{place}` is the place */
  description: string;
  /** at a building (its building_id is kept) or on the street near one */
  at: 'building' | 'street';
  /** what the address adds after the building: 楼道, 楼下路口 … */
  spot: string;
  /** the handler's result (办结情况) */
  result: string;
  /** a note the handler leaves on starting, when they say something */
  start?: string;
  /** the reason a report of this kind is turned away (不予受理) */
  reject?: string;
}

export const CASE_STORIES = {
  lamp: {
    category: 'facilities.street-light',
    title: '小区门口路灯不亮',
    description: '{place}的路灯已经连续一个多星期晚上不亮了,老人晚上出来散步看不清路,担心摔倒,请尽快维修。',
    at: 'street',
    spot: '门口路灯',
    result: '已更换损坏的路灯灯头和镇流器,当晚复查照明恢复正常,并对该路段其余路灯一并做了检查。',
    start: '已安排路灯维修班组明天上午到场。',
  },
  manhole: {
    category: 'facilities.manhole',
    title: '人行道井盖缺失',
    description: '{place}人行道上有一个井盖不见了,只剩一个黑洞,晚上路灯暗,已经有小孩差点踩空,非常危险!',
    at: 'street',
    spot: '旁人行道',
    result: '接报后立即设置临时围挡和警示标志,当日下午补装了防盗井盖,已通知权属单位加强巡查。',
    start: '执法队员已到场设置围挡。',
  },
  corridor: {
    category: 'property.corridor',
    title: '楼道堆满杂物堵塞消防通道',
    description:
      '{place}楼道里堆满了纸箱、旧家具,还停着几辆电动车,消防通道被堵死,住户进出都要侧着身,万一着火跑都跑不出去。',
    at: 'building',
    spot: '楼道',
    result: '网格员联合物业逐户上门劝导,楼道杂物已全部清理,电动车移至小区集中充电点,楼道已张贴消防安全提示。',
    start: '已联系物业,约好周六上午一起入户劝导清理。',
  },
  charging: {
    category: 'emergency.fire-hazard',
    title: '住户私拉电线给电动车充电',
    description: '{place}有住户从三楼窗户拉电线下来给电动车充电,电线横跨过道,下雨天很危险,晚上还一直充着。',
    at: 'building',
    spot: '楼下过道',
    result: '已会同物业拆除私拉的电线,告知住户到小区集中充电桩充电,并在楼栋开展电动车安全充电宣传。',
  },
  noise: {
    category: 'neighbour.noise',
    title: '楼上住户深夜噪音扰民',
    description: '{place}楼上住户经常晚上十一点以后拖动家具、大声放音乐,家里老人和孩子都睡不好,多次上门沟通都没有用。',
    at: 'building',
    spot: '',
    result:
      '社区调解员和网格员上门调解,双方约定晚上十点后不再制造噪音,楼上在家具脚加装了防滑垫。回访时反映人表示情况已明显改善。',
    start: '已分别联系上下楼住户,约定周三晚上到社区调解室面谈。',
  },
  leak: {
    category: 'neighbour.leak',
    title: '楼上卫生间漏水协商不成',
    description: '{place}楼上卫生间漏水,我家天花板发霉、墙皮一块块脱落,找楼上住户协商了好几次,对方不承认也不肯维修。',
    at: 'building',
    spot: '',
    result:
      '社区人民调解员组织双方现场查看并调解,楼上住户同意重做卫生间防水,楼下天花板修复费用由楼上承担,双方签订了调解协议。',
    start: '已约物业维修师傅上门查找漏点。',
  },
  elderly: {
    category: 'welfare.elderly',
    title: '独居老人多日未出门',
    description:
      '{place}住着一位八十多岁的独居阿婆,这几天都没见她出门,敲门也没人应,电话打不通,担心出意外,请社区帮忙上门看看。',
    at: 'building',
    spot: '',
    result:
      '网格员联系老人子女后一同上门,老人因感冒卧床,已陪同就医;已安排邻里志愿者每天上门探望,并将老人纳入重点关爱对象每周走访。',
    start: '已联系上老人的女儿,一起上门。',
  },
  vendor: {
    category: 'environment.street-vendor',
    title: '流动摊贩占道经营',
    description: '{place}每天傍晚都有十几个流动摊贩占用人行道摆卖,油烟大,垃圾乱丢,行人只能走到机动车道上,很不安全。',
    at: 'street',
    spot: '人行道',
    result: '城管中队开展了专项整治,劝离流动摊贩,引导他们到附近便民疏导点经营,并安排每天傍晚定时巡查。',
    start: '已列入本周傍晚巡查重点路段。',
  },
  garbage: {
    category: 'environment.garbage',
    title: '垃圾桶满溢两天无人清运',
    description: '{place}的垃圾桶已经满了两天没人清运,垃圾堆到地上,气味很大,招来很多苍蝇老鼠。',
    at: 'street',
    spot: '垃圾收集点',
    result: '已督促环卫作业公司当日完成清运并冲洗地面,该收集点清运频次调整为每日早晚两次。',
  },
  ads: {
    category: 'environment.ads',
    title: '楼道电梯贴满小广告',
    description: '{place}楼道墙上和电梯里贴满了开锁、办证、贷款的小广告,物业清了又被贴上,很影响环境。',
    at: 'building',
    spot: '楼道',
    result: '已组织清理小广告,对广告上的电话号码依法提请停机处理,并在楼道和电梯张贴禁止乱张贴告示。',
  },
  construction: {
    category: 'environment.noise',
    title: '工地夜间施工噪音大',
    description: '{place}附近的工地晚上十点以后还在施工,打桩和运泥车的声音很大,周边居民整晚睡不着。',
    at: 'street',
    spot: '附近工地',
    result:
      '执法人员夜间到场核查,施工单位未取得夜间施工许可,已责令停止夜间施工并依法立案处理,后续夜间巡查未再发现违规施工。',
    start: '今晚安排夜查。',
  },
  parking: {
    category: 'traffic.parking',
    title: '车辆乱停堵塞消防通道',
    description: '{place}经常有车辆停在消防通道和小区出入口,上次救护车都开不进来,希望能管一管。',
    at: 'street',
    spot: '出入口',
    result: '已联系交警中队加强巡查并张贴违停告知单,物业在出入口和消防通道设置了隔离桩和禁停标线。',
  },
  pothole: {
    category: 'traffic.road-damage',
    title: '路面塌陷出现大坑',
    description: '{place}路面塌了一个大坑,下雨积水根本看不见,已经有好几辆电动车在这里摔倒。',
    at: 'street',
    spot: '路段',
    result: '已对塌陷路面进行沥青修补并压实,修补期间设置了警示标志,养护完成后已撤除。',
  },
  water: {
    category: 'utilities.water-outage',
    title: '高峰时段水压不足',
    description: '{place}这几天早晚用水高峰水压很低,七楼以上基本没水,洗澡做饭都成问题。',
    at: 'building',
    spot: '',
    result: '经排查为二次供水加压水泵故障,已维修更换水泵,各楼层水压恢复正常。',
  },
  power: {
    category: 'utilities.power-outage',
    title: '楼道总闸频繁跳闸停电',
    description: '{place}楼道总闸这个月已经跳了三次,整栋楼停电,冰箱里的东西都坏了。',
    at: 'building',
    spot: '配电箱',
    result: '物业电工排查发现线路老化、负荷过大,已更换楼道配电箱及部分老化线路,近一周未再跳闸。',
  },
  elevator: {
    category: 'property.elevator',
    title: '电梯经常卡在半层',
    description: '{place}电梯经常卡在半层,上周还困了人,楼里老人多,电梯一坏上下楼非常困难。',
    at: 'building',
    spot: '电梯',
    result: '已督促物业联系维保单位全面检修,更换了门机控制器和平层感应器,特种设备检验合格后恢复运行。',
  },
  property: {
    category: 'property.service',
    title: '物业长期不打扫楼道',
    description: '{place}物业已经很久没有打扫楼道了,绿化带杂草长得比人还高,业主交了物业费却没有服务。',
    at: 'building',
    spot: '',
    result: '社区约谈物业公司负责人,物业承诺楼道每日保洁、每月修剪绿化,社区将每月组织业主代表检查。',
  },
  fitness: {
    category: 'facilities.fitness',
    title: '健身器材松动损坏',
    description: '{place}健身路径的漫步机和单杠螺丝掉了,一用就晃,老人小孩经常在这里玩,很危险。',
    at: 'street',
    spot: '健身广场',
    result: '已对松动的健身器材紧固维修,无法修复的单杠已拆除并申请更换新器材。',
  },
  hardship: {
    category: 'welfare.hardship',
    title: '困难家庭申请救助',
    description: '{place}有一户居民男主人因病去世,女方没有工作,两个孩子还在读书,家里生活很困难,希望社区帮忙申请救助。',
    at: 'building',
    spot: '',
    result: '已协助申请临时救助并启动低保审核,联系慈善会送去慰问金和米油等生活物资,孩子已纳入助学帮扶。',
  },
  disability: {
    category: 'welfare.disability',
    title: '残疾人轮椅损坏需要更换',
    description: '{place}有一位肢体残疾的居民轮椅坏了,出门很不方便,想了解怎样申请辅助器具。',
    at: 'building',
    spot: '',
    result: '已协助向区残联提交辅助器具申请,新轮椅已送到家中,并讲解了残疾人两项补贴政策。',
  },
  rental: {
    category: 'safety.rental',
    title: '出租屋隔间出租存在安全隐患',
    description: '{place}的出租屋被隔成七八个小间出租,没有灭火器,楼梯间还堆着煤气罐,住的人进进出出也没登记。',
    at: 'building',
    spot: '',
    result: '已联合派出所开展出租屋检查,督促房东配齐灭火器、移除煤气罐,租住人员信息已全部登记。',
  },
  order: {
    category: 'safety.public-order',
    title: '夜间聚集喝酒喧哗',
    description: '{place}晚上经常有人聚集喝酒喧哗,上周还打了架,附近居民晚上都不敢出门。',
    at: 'street',
    spot: '小公园',
    result: '已协调派出所加强夜间巡逻,在该处加装了监控和照明,近两周未再出现聚集喧哗。',
  },
  flooding: {
    category: 'emergency.flooding',
    title: '暴雨后道路严重积水',
    description: '{place}下完暴雨积水到小腿深,下水道堵了排不出去,车辆和行人都过不去。',
    at: 'street',
    spot: '路段',
    result: '已组织疏通排水管道,积水当日排除,并对该路段雨水口进行了清淤。',
  },
  gas: {
    category: 'emergency.gas-leak',
    title: '楼道闻到燃气味',
    description: '{place}楼道里闻到很浓的燃气味,怀疑哪里的管道漏气了,大家都很担心。',
    at: 'building',
    spot: '楼道',
    result: '燃气公司抢修人员到场检测,确认为楼道立管接口漏气,已更换接口并复检无泄漏。',
  },
  pets: {
    category: 'neighbour.pets',
    title: '楼道养狗扰民',
    description: '{place}有住户把狗拴在楼道里养,狗一天到晚叫,还在楼道随地大小便,邻居意见很大。',
    at: 'building',
    spot: '楼道',
    result: '网格员上门劝导,养犬户已将狗移回家中并办理养犬登记,承诺出门牵绳、及时清理粪便。',
  },
  busStop: {
    category: 'other',
    title: '公交站台没有遮雨棚',
    description: '{place}的公交站台没有遮雨棚,下雨天老人小孩等车很不方便,希望能加装。',
    at: 'street',
    spot: '公交站',
    result: '已将诉求报区交通运输部门,该站台已纳入明年站台改造计划,已向反映人答复。',
  },
  signal: {
    category: 'traffic.signal',
    title: '路口红绿灯故障',
    description: '{place}路口的红绿灯坏了,一直闪黄灯,上下班高峰车辆乱行,行人过马路很危险。',
    at: 'street',
    spot: '路口',
    result: '已通知信号灯维护单位抢修,当天恢复正常,并调整了高峰时段配时。',
  },
  rooftop: {
    category: 'environment.illegal-building',
    title: '顶楼天台违规搭建铁皮房',
    description: '{place}顶楼有住户在天台搭铁皮房,已经搭了一半,担心压坏楼板、漏水,也影响消防。',
    at: 'building',
    spot: '天台',
    result: '执法中队现场核查属违法建设,已下达限期拆除通知书,当事人已自行拆除并恢复天台原状。',
  },
  mosquito: {
    category: 'welfare.health',
    title: '积水坑滋生蚊虫',
    description: '{place}附近有一处积水坑长期不干,蚊子特别多,担心传播登革热。',
    at: 'street',
    spot: '附近空地',
    result: '已组织爱卫人员清除积水、填平洼地并投放灭蚊药物,开展了入户防蚊灭蚊宣传。',
  },
  fees: {
    category: 'property.fees',
    title: '物业未经业主同意上调停车费',
    description: '{place}物业公司这个月突然把停车管理费从每月150元涨到220元,没有公示也没有征求业主意见。',
    at: 'building',
    spot: '',
    result: '社区组织业主代表与物业公司协商,物业暂停调价,调价方案将提交业主大会表决。',
  },
  debt: {
    category: 'other',
    title: '要求社区帮忙追讨借款',
    description: '邻居两年前向我借了两万元,一直拖着不还,希望社区出面帮我把钱要回来。',
    at: 'building',
    spot: '',
    result: '',
    reject:
      '您反映的是个人之间的借款纠纷,属民事债务,不在社区事件受理范围。可申请人民调解或向法院起诉,法律咨询可拨打12348公共法律服务热线。',
  },
  shopPrice: {
    category: 'other',
    title: '超市商品价格标示不符',
    description: '{place}附近超市的鸡蛋标价和结账价格不一样,多收了钱,和店员理论对方不承认。',
    at: 'street',
    spot: '附近超市',
    result: '',
    reject: '您反映的是消费纠纷,由市场监督管理部门处理,请拨打12315投诉举报热线,我们已将热线号码短信发送给您。',
  },
  tap: {
    category: 'property.service',
    title: '家里水龙头坏了要求社区维修',
    description: '家里厨房水龙头关不紧一直滴水,希望社区派人来修。',
    at: 'building',
    spot: '',
    result: '',
    reject: '户内自用设施的维修由住户自行负责,不属于公共事务。社区便民服务站可提供有偿维修,联系电话已告知。',
  },
  unclear: {
    category: 'environment.garbage',
    title: '反映附近有垃圾',
    description: '附近有垃圾没人管。',
    at: 'street',
    spot: '',
    result: '',
    reject: '网格员按反映的范围巡查未发现所述问题,三次电话联系反映人均未接通。如问题仍存在,请补充具体位置后重新反映。',
  },
} as const satisfies Record<string, CaseStory>;

export type StoryKey = keyof typeof CASE_STORIES;

/** How the reporters sound when they rate, by the stars they give. */
export const RATING_COMMENTS: Record<number, readonly string[]> = {
  5: ['处理很及时,工作人员态度也好,点赞!', '第二天就解决了,感谢社区和网格员!', '非常满意,还专门打电话回访。'],
  4: ['问题解决了,就是等得久了一点。', '处理结果满意,希望以后多来巡查。', '解决了,谢谢。'],
  3: ['基本解决了,但过程有点慢。', '暂时好了,看能不能坚持下去。'],
  2: ['只是临时处理了一下,问题还在。', '补了一处,下雨天还是漏。'],
  1: ['根本没人联系我,问题一点没解决。', '说是办结了,其实现场还是老样子。'],
};

/** What a dispatcher writes on accepting, now and then. */
export const ACCEPT_NOTES = [
  '已受理,将尽快安排处理。',
  '已电话联系反映人核实情况。',
  '情况属实,予以受理。',
  '已受理,请保持电话畅通。',
];

/** How the job writes what it does. */
export const JOB_NOTES = {
  overdue: '超过办理时限未办结',
  escalate: ['超期未办结,自动升级至街道', '超期仍未办结,自动升级至区级'],
  autoClose: '未评价自动办结',
};

/** 督办: what a street or district official writes. */
export const SUPERVISE_NOTES = [
  '该事件已超期,请承办单位三个工作日内办结并报告进展。',
  '群众反映强烈,列入街道督办事项,请加快办理。',
  '涉及独居老人安全,请持续跟进并每日报告情况。',
];

/** Handlers' and dispatchers' notes along the way. */
export const COMMENT_NOTES = [
  '已电话联系反映人,约定明天上门查看。',
  '现场已核实,正在协调相关单位。',
  '材料已报送,等待审批结果。',
];

export const RETURN_REASONS = [
  '经现场核实,该处属小区内部道路,由物业管理,不属城管执法职责,退回社区处理。',
  '该事项不属于本单位职责范围,请重新分拨。',
];

export const TRANSFER_REASONS = ['经核实为市政设施问题,转区城管局处理。', '经核实需执法部门介入,转区城管局处理。'];

/** 首问负责 at the window and on the hotline: how the staff write down what they were told. */
export const CHANNEL_PREFIX: Record<string, string> = {
  window: '居民到社区服务窗口反映:',
  hotline: '来电人反映:',
  on_behalf: '居民向网格员反映:',
  patrol: '网格员巡查发现:',
  visit: '入户走访时发现:',
  open311: '12345热线转来:',
};

/** Where a planned case has got to by now. */
export type Outcome =
  | 'reported'
  | 'accepted'
  | 'rejected'
  | 'dispatched'
  | 'in_progress'
  | 'resolved'
  | 'closed'
  | 'merged';

export type PlanChannel = 'resident' | 'window' | 'hotline' | 'on_behalf' | 'patrol' | 'visit' | 'open311';

export interface PlannedCase {
  /** a name other items can refer to (merge targets), and the demo's own references */
  key: string;
  /** the community's code and the grid's serial (1–4) */
  community: string;
  grid: number;
  story: StoryKey;
  channel: PlanChannel;
  outcome: Outcome;
  /** ratings given, in order (a rating ≤ 2 reopens; closed cases end on ≥ 3) */
  ratings?: number[];
  /** resolved, not rated: closed by the job after 7 days, or by the dispatcher (办结归档) */
  close?: 'auto' | 'staff';
  /** the resolve deadline passed before it was resolved: flagged, escalated */
  overdue?: boolean;
  /** 督办 by the street or the district */
  supervise?: boolean;
  /** dispatched straight from reported (accepting and dispatching in one step) */
  direct?: boolean;
  /** the first handler gave it back (退回) before it went to the right one */
  returned?: boolean;
  /** transferred (转派) from the community to the department */
  transferred?: boolean;
  /** a note on the way */
  comment?: boolean;
  anonymous?: boolean;
  /** merged into the case with this key */
  into?: string;
  /** how long ago it came in, in days (roughly; the seed keeps each timeline consistent) */
  ageDays: number;
}

const J = '440704001001'; // 金溪社区
const WCS = '440704001002'; // 文昌沙社区
const DH = '440704001003'; // 东海社区
const JC = '440704001004'; // 江翠社区
const ZC = '440704002001'; // 直冲社区
const JO = '440704002002'; // 金瓯社区
const MY = '440704002201'; // 麻一村
const ME = '440704002202'; // 麻二村
const LL = '440704003001'; // 礼乐社区
const YN = '440704003201'; // 英南村
const WD = '440704003202'; // 威东村
const WS = '440704003203'; // 乌纱村

/** The resident.demo account's own reports (王桂芳, grid 440704001001001). */
export const DEMO_RESIDENT_CASES = ['wgf-lamp', 'wgf-corridor', 'wgf-fitness'];

/**
 * The plan: 84 cases over the last four months, most in 金溪社区 (the demo's own community) and 英南村,
 * a few in each other community, every status, every channel.
 */
export const CASE_PLAN: PlannedCase[] = [
  // 王桂芳's own three reports: one waiting for her rating, one under way, one rated last month.
  { key: 'wgf-lamp', community: J, grid: 1, story: 'lamp', channel: 'resident', outcome: 'resolved', ageDays: 5 },
  {
    key: 'wgf-corridor',
    community: J,
    grid: 1,
    story: 'corridor',
    channel: 'resident',
    outcome: 'in_progress',
    ageDays: 3,
  },
  {
    key: 'wgf-fitness',
    community: J,
    grid: 1,
    story: 'fitness',
    channel: 'resident',
    outcome: 'closed',
    ratings: [5],
    ageDays: 34,
  },

  // 金溪社区: new, just accepted, turned away.
  { key: 'jx-gas', community: J, grid: 2, story: 'gas', channel: 'hotline', outcome: 'reported', ageDays: 0.03 },
  { key: 'jx-ads-new', community: J, grid: 3, story: 'ads', channel: 'window', outcome: 'reported', ageDays: 0.2 },
  { key: 'jx-pets-new', community: J, grid: 4, story: 'pets', channel: 'on_behalf', outcome: 'reported', ageDays: 0.3 },
  { key: 'jx-busstop', community: J, grid: 1, story: 'busStop', channel: 'open311', outcome: 'reported', ageDays: 0.5 },
  { key: 'jx-noise-acc', community: J, grid: 2, story: 'noise', channel: 'window', outcome: 'accepted', ageDays: 0.8 },
  {
    key: 'jx-fees',
    community: J,
    grid: 3,
    story: 'fees',
    channel: 'window',
    outcome: 'accepted',
    ageDays: 1.5,
    comment: true,
  },
  { key: 'jx-debt', community: J, grid: 2, story: 'debt', channel: 'window', outcome: 'rejected', ageDays: 12 },
  { key: 'jx-tap', community: J, grid: 4, story: 'tap', channel: 'hotline', outcome: 'rejected', ageDays: 2 },
  // 金溪社区: with 城管 and with the community's own people.
  {
    key: 'jx-vendor',
    community: J,
    grid: 2,
    story: 'vendor',
    channel: 'patrol',
    outcome: 'dispatched',
    ageDays: 1,
    direct: true,
  },
  {
    key: 'jx-garbage',
    community: J,
    grid: 3,
    story: 'garbage',
    channel: 'hotline',
    outcome: 'dispatched',
    ageDays: 0.6,
  },
  {
    key: 'jx-garbage-dup',
    community: J,
    grid: 3,
    story: 'garbage',
    channel: 'open311',
    outcome: 'merged',
    into: 'jx-garbage',
    ageDays: 0.4,
  },
  {
    key: 'jx-leak',
    community: J,
    grid: 1,
    story: 'leak',
    channel: 'on_behalf',
    outcome: 'in_progress',
    ratings: [2],
    ageDays: 6,
  },
  {
    key: 'jx-elderly',
    community: J,
    grid: 1,
    story: 'elderly',
    channel: 'visit',
    outcome: 'in_progress',
    supervise: true,
    ageDays: 2,
  },
  {
    key: 'jx-construction',
    community: J,
    grid: 4,
    story: 'construction',
    channel: 'hotline',
    outcome: 'in_progress',
    overdue: true,
    supervise: true,
    ageDays: 16,
  },
  {
    key: 'jx-rooftop',
    community: J,
    grid: 2,
    story: 'rooftop',
    channel: 'window',
    outcome: 'in_progress',
    ageDays: 8,
    comment: true,
  },
  {
    key: 'jx-lamp2',
    community: J,
    grid: 3,
    story: 'lamp',
    channel: 'patrol',
    outcome: 'dispatched',
    returned: true,
    ageDays: 3,
  },
  {
    key: 'jx-water',
    community: J,
    grid: 2,
    story: 'water',
    channel: 'hotline',
    outcome: 'accepted',
    overdue: true,
    ageDays: 9,
  },
  {
    key: 'jx-manhole',
    community: J,
    grid: 4,
    story: 'manhole',
    channel: 'patrol',
    outcome: 'resolved',
    direct: true,
    ageDays: 2,
  },
  {
    key: 'jx-manhole-dup',
    community: J,
    grid: 4,
    story: 'manhole',
    channel: 'hotline',
    outcome: 'merged',
    into: 'jx-manhole',
    ageDays: 1.9,
  },
  { key: 'jx-parking', community: J, grid: 1, story: 'parking', channel: 'on_behalf', outcome: 'resolved', ageDays: 4 },
  { key: 'jx-elevator', community: J, grid: 3, story: 'elevator', channel: 'window', outcome: 'resolved', ageDays: 3 },
  // 金溪社区: the months before — rated, reopened, closed unrated.
  {
    key: 'jx-garbage-old',
    community: J,
    grid: 2,
    story: 'garbage',
    channel: 'hotline',
    outcome: 'closed',
    ratings: [1, 4],
    ageDays: 40,
  },
  {
    key: 'jx-noise-old',
    community: J,
    grid: 4,
    story: 'noise',
    channel: 'on_behalf',
    outcome: 'closed',
    ratings: [4],
    ageDays: 21,
  },
  {
    key: 'jx-corridor-old',
    community: J,
    grid: 3,
    story: 'corridor',
    channel: 'patrol',
    outcome: 'closed',
    close: 'auto',
    ageDays: 30,
  },
  {
    key: 'jx-charging',
    community: J,
    grid: 2,
    story: 'charging',
    channel: 'patrol',
    outcome: 'closed',
    close: 'staff',
    ageDays: 55,
  },
  {
    key: 'jx-vendor-old',
    community: J,
    grid: 1,
    story: 'vendor',
    channel: 'hotline',
    outcome: 'closed',
    ratings: [3],
    ageDays: 62,
  },
  {
    key: 'jx-lamp-old',
    community: J,
    grid: 4,
    story: 'lamp',
    channel: 'window',
    outcome: 'closed',
    ratings: [5],
    transferred: true,
    ageDays: 75,
  },
  {
    key: 'jx-hardship',
    community: J,
    grid: 1,
    story: 'hardship',
    channel: 'visit',
    outcome: 'closed',
    close: 'staff',
    ageDays: 88,
  },
  {
    key: 'jx-pothole',
    community: J,
    grid: 3,
    story: 'pothole',
    channel: 'open311',
    outcome: 'closed',
    ratings: [4],
    overdue: true,
    ageDays: 47,
  },
  {
    key: 'jx-ads-old',
    community: J,
    grid: 2,
    story: 'ads',
    channel: 'hotline',
    outcome: 'closed',
    ratings: [5],
    ageDays: 96,
  },
  {
    key: 'jx-property',
    community: J,
    grid: 4,
    story: 'property',
    channel: 'window',
    outcome: 'closed',
    ratings: [3],
    ageDays: 105,
  },
  { key: 'jx-shop', community: J, grid: 1, story: 'shopPrice', channel: 'hotline', outcome: 'rejected', ageDays: 58 },

  // 英南村 (黄永强): village matters.
  { key: 'yn-rental', community: YN, grid: 1, story: 'rental', channel: 'visit', outcome: 'in_progress', ageDays: 4 },
  {
    key: 'yn-flooding',
    community: YN,
    grid: 2,
    story: 'flooding',
    channel: 'hotline',
    outcome: 'closed',
    ratings: [5],
    ageDays: 26,
  },
  {
    key: 'yn-garbage',
    community: YN,
    grid: 3,
    story: 'garbage',
    channel: 'on_behalf',
    outcome: 'dispatched',
    ageDays: 2,
  },
  {
    key: 'yn-elderly',
    community: YN,
    grid: 4,
    story: 'elderly',
    channel: 'on_behalf',
    outcome: 'resolved',
    ageDays: 3,
  },
  {
    key: 'yn-dispute',
    community: YN,
    grid: 1,
    story: 'leak',
    channel: 'window',
    outcome: 'closed',
    ratings: [4],
    ageDays: 44,
  },
  { key: 'yn-pets', community: YN, grid: 2, story: 'pets', channel: 'window', outcome: 'accepted', ageDays: 0.9 },
  {
    key: 'yn-mosquito',
    community: YN,
    grid: 3,
    story: 'mosquito',
    channel: 'patrol',
    outcome: 'closed',
    close: 'auto',
    ageDays: 70,
  },
  { key: 'yn-unclear', community: YN, grid: 4, story: 'unclear', channel: 'hotline', outcome: 'rejected', ageDays: 15 },
  {
    key: 'yn-order',
    community: YN,
    grid: 1,
    story: 'order',
    channel: 'hotline',
    outcome: 'dispatched',
    overdue: true,
    supervise: true,
    ageDays: 18,
  },
  {
    key: 'yn-hardship',
    community: YN,
    grid: 2,
    story: 'hardship',
    channel: 'visit',
    outcome: 'in_progress',
    ageDays: 5,
    comment: true,
  },

  // 江南街道's other communities (陈丽娟 dispatches).
  { key: 'wcs-lamp', community: WCS, grid: 1, story: 'lamp', channel: 'hotline', outcome: 'in_progress', ageDays: 2 },
  {
    key: 'wcs-corridor',
    community: WCS,
    grid: 2,
    story: 'corridor',
    channel: 'patrol',
    outcome: 'closed',
    close: 'auto',
    ageDays: 33,
  },
  {
    key: 'wcs-noise',
    community: WCS,
    grid: 3,
    story: 'noise',
    channel: 'window',
    outcome: 'closed',
    ratings: [5],
    ageDays: 19,
  },
  {
    key: 'wcs-signal',
    community: WCS,
    grid: 4,
    story: 'signal',
    channel: 'open311',
    outcome: 'reported',
    ageDays: 0.1,
  },
  {
    key: 'wcs-vendor',
    community: WCS,
    grid: 2,
    story: 'vendor',
    channel: 'hotline',
    outcome: 'closed',
    ratings: [4],
    ageDays: 52,
  },
  {
    key: 'dh-elevator',
    community: DH,
    grid: 1,
    story: 'elevator',
    channel: 'hotline',
    outcome: 'dispatched',
    ageDays: 1.2,
  },
  {
    key: 'dh-garbage',
    community: DH,
    grid: 2,
    story: 'garbage',
    channel: 'open311',
    outcome: 'closed',
    ratings: [3],
    ageDays: 37,
  },
  { key: 'dh-leak', community: DH, grid: 3, story: 'leak', channel: 'window', outcome: 'resolved', ageDays: 6 },
  {
    key: 'dh-construction',
    community: DH,
    grid: 4,
    story: 'construction',
    channel: 'hotline',
    outcome: 'closed',
    ratings: [2, 5],
    ageDays: 48,
  },
  { key: 'dh-tap', community: DH, grid: 1, story: 'tap', channel: 'hotline', outcome: 'rejected', ageDays: 9 },
  {
    key: 'jc-manhole',
    community: JC,
    grid: 1,
    story: 'manhole',
    channel: 'hotline',
    outcome: 'closed',
    ratings: [5],
    direct: true,
    ageDays: 23,
  },
  {
    key: 'jc-parking',
    community: JC,
    grid: 2,
    story: 'parking',
    channel: 'on_behalf',
    outcome: 'accepted',
    ageDays: 1.1,
  },
  {
    key: 'jc-property',
    community: JC,
    grid: 3,
    story: 'property',
    channel: 'window',
    outcome: 'in_progress',
    overdue: true,
    ageDays: 14,
  },
  {
    key: 'jc-fitness',
    community: JC,
    grid: 4,
    story: 'fitness',
    channel: 'patrol',
    outcome: 'closed',
    close: 'staff',
    ageDays: 66,
  },

  // 外海街道 (梁伟明 dispatches).
  {
    key: 'zc-vendor',
    community: ZC,
    grid: 1,
    story: 'vendor',
    channel: 'patrol',
    outcome: 'in_progress',
    direct: true,
    ageDays: 3,
  },
  {
    key: 'zc-noise',
    community: ZC,
    grid: 2,
    story: 'noise',
    channel: 'hotline',
    outcome: 'closed',
    ratings: [4],
    ageDays: 29,
  },
  { key: 'zc-power', community: ZC, grid: 3, story: 'power', channel: 'window', outcome: 'resolved', ageDays: 2.5 },
  {
    key: 'zc-ads',
    community: ZC,
    grid: 4,
    story: 'ads',
    channel: 'patrol',
    outcome: 'closed',
    close: 'auto',
    ageDays: 41,
  },
  {
    key: 'jo-lamp',
    community: JO,
    grid: 1,
    story: 'lamp',
    channel: 'hotline',
    outcome: 'closed',
    ratings: [5],
    ageDays: 57,
  },
  {
    key: 'jo-lamp-dup',
    community: JO,
    grid: 1,
    story: 'lamp',
    channel: 'window',
    outcome: 'merged',
    into: 'jo-lamp',
    ageDays: 56.5,
  },
  {
    key: 'jo-pothole',
    community: JO,
    grid: 2,
    story: 'pothole',
    channel: 'hotline',
    outcome: 'dispatched',
    ageDays: 2,
  },
  {
    key: 'jo-rental',
    community: JO,
    grid: 3,
    story: 'rental',
    channel: 'visit',
    outcome: 'closed',
    close: 'staff',
    ageDays: 80,
  },
  {
    key: 'my-garbage',
    community: MY,
    grid: 1,
    story: 'garbage',
    channel: 'on_behalf',
    outcome: 'closed',
    ratings: [4],
    ageDays: 17,
  },
  {
    key: 'my-flooding',
    community: MY,
    grid: 2,
    story: 'flooding',
    channel: 'patrol',
    outcome: 'reported',
    ageDays: 0.05,
  },
  {
    key: 'my-elderly',
    community: MY,
    grid: 3,
    story: 'elderly',
    channel: 'visit',
    outcome: 'closed',
    close: 'staff',
    ageDays: 38,
  },
  {
    key: 'me-rooftop',
    community: ME,
    grid: 1,
    story: 'rooftop',
    channel: 'hotline',
    outcome: 'in_progress',
    ageDays: 10,
  },
  {
    key: 'me-mosquito',
    community: ME,
    grid: 2,
    story: 'mosquito',
    channel: 'on_behalf',
    outcome: 'closed',
    ratings: [3],
    ageDays: 64,
  },
  { key: 'me-debt', community: ME, grid: 3, story: 'debt', channel: 'window', outcome: 'rejected', ageDays: 27 },

  // 礼乐街道's others (the district's command centre, 郑志强, dispatches).
  {
    key: 'll-signal',
    community: LL,
    grid: 1,
    story: 'signal',
    channel: 'hotline',
    outcome: 'closed',
    ratings: [4],
    ageDays: 35,
  },
  {
    key: 'll-corridor',
    community: LL,
    grid: 2,
    story: 'corridor',
    channel: 'on_behalf',
    outcome: 'dispatched',
    ageDays: 1.6,
    anonymous: true,
  },
  {
    key: 'll-disability',
    community: LL,
    grid: 3,
    story: 'disability',
    channel: 'visit',
    outcome: 'closed',
    close: 'staff',
    ageDays: 49,
  },
  { key: 'll-noise', community: LL, grid: 4, story: 'noise', channel: 'window', outcome: 'resolved', ageDays: 4.5 },
  {
    key: 'wd-pothole',
    community: WD,
    grid: 1,
    story: 'pothole',
    channel: 'patrol',
    outcome: 'closed',
    close: 'auto',
    ageDays: 59,
  },
  {
    key: 'wd-garbage',
    community: WD,
    grid: 2,
    story: 'garbage',
    channel: 'hotline',
    outcome: 'in_progress',
    ageDays: 1.5,
  },
  {
    key: 'wd-order',
    community: WD,
    grid: 3,
    story: 'order',
    channel: 'on_behalf',
    outcome: 'closed',
    ratings: [5],
    ageDays: 84,
  },
  {
    key: 'ws-vendor',
    community: WS,
    grid: 1,
    story: 'vendor',
    channel: 'patrol',
    outcome: 'closed',
    close: 'auto',
    ageDays: 73,
  },
  {
    key: 'ws-water',
    community: WS,
    grid: 2,
    story: 'water',
    channel: 'hotline',
    outcome: 'closed',
    ratings: [4],
    ageDays: 45,
  },
  {
    key: 'ws-elderly',
    community: WS,
    grid: 3,
    story: 'elderly',
    channel: 'on_behalf',
    outcome: 'accepted',
    ageDays: 0.7,
  },
  {
    key: 'ws-lamp',
    community: WS,
    grid: 4,
    story: 'lamp',
    channel: 'open311',
    outcome: 'closed',
    ratings: [5],
    ageDays: 92,
  },
];
