/**
 * The demo district: 江门市江海区 with three streets, their communities and villages, four
 * grids each, the district's departments, and the party organisations that mirror them.
 * Codes follow the 12-digit statistical division code; grids add a 3-digit serial.
 */
export interface DemoCommunity {
  code: string;
  name: string;
  kind: 'community' | 'village';
  pinyin: string;
}
export interface DemoStreet {
  code: string;
  name: string;
  pinyin: string;
  communities: DemoCommunity[];
}

export const DEMO_DISTRICT = { code: '440704000000', name: '江海区' };

export const DEMO_STREETS: DemoStreet[] = [
  {
    code: '440704001000',
    name: '江南街道',
    pinyin: 'jiangnan',
    communities: [
      { code: '440704001001', name: '金溪社区', kind: 'community', pinyin: 'jinxi' },
      { code: '440704001002', name: '文昌沙社区', kind: 'community', pinyin: 'wenchangsha' },
      { code: '440704001003', name: '东海社区', kind: 'community', pinyin: 'donghai' },
      { code: '440704001004', name: '江翠社区', kind: 'community', pinyin: 'jiangcui' },
    ],
  },
  {
    code: '440704002000',
    name: '外海街道',
    pinyin: 'waihai',
    communities: [
      { code: '440704002001', name: '直冲社区', kind: 'community', pinyin: 'zhichong' },
      { code: '440704002002', name: '金瓯社区', kind: 'community', pinyin: 'jinou' },
      { code: '440704002201', name: '麻一村', kind: 'village', pinyin: 'mayi' },
      { code: '440704002202', name: '麻二村', kind: 'village', pinyin: 'maer' },
    ],
  },
  {
    code: '440704003000',
    name: '礼乐街道',
    pinyin: 'lile',
    communities: [
      { code: '440704003001', name: '礼乐社区', kind: 'community', pinyin: 'lileshequ' },
      { code: '440704003201', name: '英南村', kind: 'village', pinyin: 'yingnan' },
      { code: '440704003202', name: '威东村', kind: 'village', pinyin: 'weidong' },
      { code: '440704003203', name: '乌纱村', kind: 'village', pinyin: 'wusha' },
    ],
  },
];

export const GRIDS_PER_COMMUNITY = 4;
const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export function gridName(community: DemoCommunity, n: number): string {
  return `${community.name}第${ORDINALS[n - 1]}网格`;
}

export const DEMO_DEPARTMENTS = [
  { code: '001', name: '区城市管理和综合执法局' },
  { code: '002', name: '区住房和城乡建设局' },
  { code: '003', name: '区民政局' },
  { code: '004', name: '区公安分局' },
  { code: '005', name: '区水务局' },
  { code: '006', name: '区卫生健康局' },
];

/** The password every demo account shares; printed at first start with a warning. */
export const DEMO_PASSWORD = 'Gongzhi-Demo-2026';
/** The TOTP secret of the demo administrator accounts (base32), printed at first start. */
export const DEMO_TOTP_SECRET = 'GONGZHIDEMOSECRETJIANGHAIQU23456';

export interface DemoAccount {
  username: string;
  displayName: string;
  role:
    | 'resident'
    | 'grid_worker'
    | 'community_staff'
    | 'street_official'
    | 'dept_handler'
    | 'district_admin'
    | 'auditor'
    | 'sysadmin';
  /** Code of the unit the role is granted on. */
  unit: string;
  totp?: boolean;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', displayName: '周建国', role: 'sysadmin', unit: DEMO_DISTRICT.code, totp: true },
  { username: 'auditor', displayName: '吴秀兰', role: 'auditor', unit: DEMO_DISTRICT.code, totp: true },
  { username: 'district', displayName: '郑志强', role: 'district_admin', unit: DEMO_DISTRICT.code, totp: true },
  { username: 'street.waihai', displayName: '梁伟明', role: 'street_official', unit: '440704002000' },
  { username: 'street.jiangnan', displayName: '陈丽娟', role: 'street_official', unit: '440704001000' },
  { username: 'staff.jinxi', displayName: '李晓燕', role: 'community_staff', unit: '440704001001' },
  { username: 'staff.yingnan', displayName: '黄永强', role: 'community_staff', unit: '440704003201' },
  { username: 'grid.jinxi01', displayName: '张海峰', role: 'grid_worker', unit: '440704001001001' },
  { username: 'dept.chengguan', displayName: '何志勇', role: 'dept_handler', unit: '001' },
  { username: 'resident.demo', displayName: '王桂芳', role: 'resident', unit: '440704001001001' },
];

/** Grid workers of every other grid: a surname pool keeps the names plausible and stable. */
export const GRID_WORKER_NAMES = [
  '刘志华',
  '陈美玲',
  '杨建新',
  '黄小红',
  '赵国强',
  '周丽华',
  '吴海燕',
  '徐卫东',
  '孙凤英',
  '马晓军',
  '朱秀英',
  '胡志刚',
  '郭燕萍',
  '何建华',
  '高玉兰',
  '林伟强',
  '罗春梅',
  '梁志明',
  '宋桂英',
  '郑小平',
  '谢丽萍',
  '韩国华',
  '唐秀珍',
  '冯建军',
  '于海霞',
  '董志勇',
  '萧丽娟',
  '程永红',
  '曹建平',
  '袁淑芬',
  '邓志坚',
  '许红梅',
  '傅国庆',
  '沈美华',
  '曾永明',
  '彭丽琼',
  '吕志斌',
  '苏玉梅',
  '卢建伟',
  '蒋秀云',
  '蔡志远',
  '贾丽芳',
  '丁建忠',
  '魏春燕',
  '薛国栋',
  '叶晓琳',
  '阎志成',
  '余秀梅',
];
