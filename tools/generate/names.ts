/**
 * Realistic Chinese names for generated people and places.
 *
 * Surnames carry weights close to their share of the population (‰, after the 2020 census
 * ranking), nudged toward the Pearl River Delta where the demo district lies (梁, 谭, 区,
 * 司徒 and 甄 are far more common in 江门 than nationally). Given names are one or two
 * characters from pools of characters common in names, by gender.
 * Place names are two syllables from pools of characters common in Guangdong place names,
 * each with its pinyin so usernames can be built from it.
 */
import { type Rng, WeightedPool } from '../../apps/server/src/demo/random.ts';

/** `王60 李70` → [['王', 60], ['李', 70]]: the pools stay readable as text. */
function weighted(text: string): Array<[string, number]> {
  return text
    .trim()
    .split(/\s+/)
    .map((entry) => {
      const m = /^(\D+)([\d.]+)$/.exec(entry);
      if (!m) throw new Error(`bad pool entry ${entry}`);
      return [m[1] as string, Number(m[2])];
    });
}

/** `金jin 银yin` → [['金', 'jin'], ['银', 'yin']]. */
function syllables(text: string): Array<[string, string]> {
  return text
    .trim()
    .split(/\s+/)
    .map((entry) => [entry.slice(0, 1), entry.slice(1)]);
}

/** Surname and weight (‰), space-separated. */
const SURNAMES = weighted(`
王60 李70 张55 刘45 陈75 杨28 黄40 赵18 吴22 周17 徐13 孙12 马12 朱12 胡11 郭11 何16 林20 高10 罗12 郑10 梁22 谢9
宋6 唐7 许8 韩5 冯8 邓9 曹5 彭6 曾8 萧6 田4 董4 袁5 潘6 于3 蒋4 蔡6 余6 杜4 叶6 程4 苏5 魏3 吕3 丁3 任3 沈3 姚3 卢5 姜2
崔2 钟5 谭9 陆3 汪2 范3 金2 石3 廖4 贾2 夏2 韦2 付2 方3 白2 邹3 孟2 熊2 秦2 邱3 江3 尹2 薛2 闫1 段2 雷2 侯2 龙2 史1 陶2
黎4 贺1 顾1 毛1 郝1 龚2 邵1 万1 钱1 严2 莫3 孔1 汤2 伍4 关4 区3 甄2 邝2 容2 麦3 冼1 司徒3 欧阳2 上官0.3 诸葛0.2
`);

const GIVEN_MALE = [
  ...'伟强军勇杰涛明超斌辉刚磊鹏健华建国志文海峰平东波宇浩俊凯鑫晨博宏德亮林成飞永睿轩哲毅嘉豪昊天铭锦荣源立新兴龙耀祖添旺坚泽振家启达伦彬锋景权灿',
];
const GIVEN_FEMALE = [
  ...'芳娜敏静丽艳娟霞燕玲桂英兰萍红梅琳雪婷慧颖倩洁欣怡佳琪悦思雨晶璐莉秀月凤春珍淑蓉嘉彩玉美华妹娇婉诗晓小翠爱琼宝碧莹薇茵凌晴冰蕾瑶媛雯妍惠少素',
];

const surnamePool = new WeightedPool(SURNAMES);

export type Gender = 'male' | 'female';

export interface PersonName {
  name: string;
  surname: string;
  gender: Gender;
}

/** A person's full name; about a quarter of given names are a single character. */
export function personName(rng: Rng, gender: Gender = rng.chance(0.5) ? 'male' : 'female'): PersonName {
  const surname = surnamePool.draw(rng);
  const chars = gender === 'male' ? GIVEN_MALE : GIVEN_FEMALE;
  const first = rng.pick(chars);
  let given = first;
  if (!rng.chance(0.25)) {
    let second = rng.pick(chars);
    // 建建 or 丽丽 happen (叠字 names), but rarely.
    if (second === first && !rng.chance(0.15)) second = rng.pick(chars);
    given += second;
  }
  return { name: surname + given, surname, gender };
}

/** Characters of Guangdong place names with their pinyin (without tones). */
const PLACE_FIRST = syllables(`
金jin 银yin 东dong 西xi 南nan 北bei 新xin 华hua 龙long 凤feng 荷he 沙sha 石shi 白bai 莲lian 桂gui 平ping
安an 康kang 福fu 兴xing 泰tai 和he 宁ning 永yong 长chang 丰feng 盛sheng 德de 仁ren 文wen 明ming 光guang
清qing 潮chao 紫zi 青qing 红hong 黄huang 大da 小xiao 上shang 下xia 中zhong 江jiang 河he 湖hu 海hai 梅mei
松song 竹zhu 棠tang 杏xing 蓬peng 濠hao 潭tan 富fu 胜sheng 荔li 榕rong
`);
const PLACE_SECOND = syllables(`
溪xi 塘tang 岗gang 田tian 林lin 园yuan 湾wan 洲zhou 浦pu 坑keng 围wei 岭ling 坪ping 岸an 桥qiao 山shan 湖hu
江jiang 海hai 城cheng 苑yuan 庄zhuang 头tou 冲chong 涌chong 滘jiao 沥li 墩dun 埔bu 圩xu 水shui 峰feng
华hua 安an 兴xing 和he 隆long 丰feng 岛dao 源yuan 泉quan 景jing 屏ping 阳yang 龙long 凤feng 福fu 昌chang
`);

export interface PlaceName {
  name: string;
  pinyin: string;
}

/**
 * Hands out place names no one in the district uses yet: two syllables while they last,
 * then three. `taken` is shared across streets and communities.
 */
export class PlaceNames {
  readonly #taken: Set<string>;

  constructor(taken: Iterable<string> = []) {
    this.#taken = new Set(taken);
  }

  reserve(name: string): void {
    this.#taken.add(name);
  }

  next(rng: Rng): PlaceName {
    for (let attempt = 0; attempt < 200; attempt++) {
      const [a, pa] = rng.pick(PLACE_FIRST);
      const [b, pb] = rng.pick(PLACE_SECOND);
      const three = attempt >= 100 ? rng.pick(PLACE_SECOND) : undefined;
      if (b === a) continue;
      const name = a + b + (three?.[0] ?? '');
      if (this.#taken.has(name)) continue;
      this.#taken.add(name);
      return { name, pinyin: pa + pb + (three?.[1] ?? '') };
    }
    throw new Error('ran out of place names');
  }
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (grids are numbered up to 999). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) throw new Error(`no Chinese numeral for ${n}`);
  if (n < 10) return DIGITS[n] as string;
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  const units: Array<[number, string]> = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
    [1, ''],
  ];
  let out = '';
  let zero = false;
  for (const [size, label] of units) {
    const d = Math.floor(n / size) % 10;
    if (d === 0) {
      if (out) zero = true;
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += (DIGITS[d] as string) + label;
  }
  return out;
}
