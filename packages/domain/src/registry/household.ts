/**
 * Households (户) and their members: the relation of each member to the head of household
 * (与户主关系, GB/T 4761-2008 家庭关系代码), the consistency rules a household must meet,
 * and 人户分离 (where a person is registered versus where they live).
 *
 * A person belonging to two households at once, and moves between households, are checked
 * by the registry service against stored rows; this file judges one household's members.
 */
import { ageOn } from './dates.ts';

/**
 * The two-digit codes of GB/T 4761-2008, the standard 公安户籍, 人社 and census systems
 * exchange. The first digit is the group (0 self/head, 1 spouse, 2 son, 3 daughter,
 * 4 grandchild, 5 parent, 6 grandparent, 7 sibling, 8–9 other). The whole table is kept so
 * that an imported household register never fails on a legitimate code.
 */
export const RELATIONS = [
  { code: '01', zh: '本人' },
  { code: '02', zh: '户主' },
  { code: '10', zh: '配偶' },
  { code: '11', zh: '夫' },
  { code: '12', zh: '妻' },
  { code: '20', zh: '子' },
  { code: '21', zh: '独生子' },
  { code: '22', zh: '长子' },
  { code: '23', zh: '次子' },
  { code: '24', zh: '三子' },
  { code: '25', zh: '四子' },
  { code: '26', zh: '五子' },
  { code: '27', zh: '养子或继子' },
  { code: '28', zh: '女婿' },
  { code: '29', zh: '其他儿子' },
  { code: '30', zh: '女' },
  { code: '31', zh: '独生女' },
  { code: '32', zh: '长女' },
  { code: '33', zh: '次女' },
  { code: '34', zh: '三女' },
  { code: '35', zh: '四女' },
  { code: '36', zh: '五女' },
  { code: '37', zh: '养女或继女' },
  { code: '38', zh: '儿媳' },
  { code: '39', zh: '其他女儿' },
  { code: '40', zh: '孙子、孙女或外孙子、外孙女' },
  { code: '41', zh: '孙子' },
  { code: '42', zh: '孙女' },
  { code: '43', zh: '外孙子' },
  { code: '44', zh: '外孙女' },
  { code: '45', zh: '孙媳妇或外孙媳妇' },
  { code: '46', zh: '孙女婿或外孙女婿' },
  { code: '47', zh: '曾孙子或外曾孙子' },
  { code: '48', zh: '曾孙女或外曾孙女' },
  { code: '49', zh: '其他孙子、孙女或外孙子、外孙女' },
  { code: '50', zh: '父母' },
  { code: '51', zh: '父亲' },
  { code: '52', zh: '母亲' },
  { code: '53', zh: '公公' },
  { code: '54', zh: '婆婆' },
  { code: '55', zh: '岳父' },
  { code: '56', zh: '岳母' },
  { code: '57', zh: '继父或养父' },
  { code: '58', zh: '继母或养母' },
  { code: '59', zh: '其他父母关系' },
  { code: '60', zh: '祖父母或外祖父母' },
  { code: '61', zh: '祖父' },
  { code: '62', zh: '祖母' },
  { code: '63', zh: '外祖父' },
  { code: '64', zh: '外祖母' },
  { code: '65', zh: '配偶的祖父母或外祖父母' },
  { code: '66', zh: '曾祖父' },
  { code: '67', zh: '曾祖母' },
  { code: '68', zh: '配偶的曾祖父母或外曾祖父母' },
  { code: '69', zh: '其他祖父母或外祖父母关系' },
  { code: '70', zh: '兄弟姐妹' },
  { code: '71', zh: '兄' },
  { code: '72', zh: '嫂' },
  { code: '73', zh: '弟' },
  { code: '74', zh: '弟媳' },
  { code: '75', zh: '姐姐' },
  { code: '76', zh: '姐夫' },
  { code: '77', zh: '妹妹' },
  { code: '78', zh: '妹夫' },
  { code: '79', zh: '其他兄弟姐妹' },
  { code: '80', zh: '其他' },
  { code: '81', zh: '伯父' },
  { code: '82', zh: '伯母' },
  { code: '83', zh: '叔父' },
  { code: '84', zh: '婶母' },
  { code: '85', zh: '舅父' },
  { code: '86', zh: '舅母' },
  { code: '87', zh: '姨夫' },
  { code: '88', zh: '姨母' },
  { code: '89', zh: '姑父' },
  { code: '90', zh: '姑母' },
  { code: '91', zh: '堂兄弟、堂姐妹' },
  { code: '92', zh: '表兄弟、表姐妹' },
  { code: '93', zh: '侄子' },
  { code: '94', zh: '侄女' },
  { code: '95', zh: '外甥' },
  { code: '96', zh: '外甥女' },
  { code: '97', zh: '其他亲属' },
  { code: '99', zh: '非亲属' },
] as const;
export type RelationCode = (typeof RELATIONS)[number]['code'];

const RELATION_NAMES: ReadonlyMap<string, string> = new Map(RELATIONS.map((r) => [r.code, r.zh]));

/** The code the registry writes for the head. '01 本人' also marks the head in imported registers. */
export const HEAD_RELATION: RelationCode = '02';
const HEAD_CODES: readonly string[] = ['01', '02'];
const SPOUSE_CODES: readonly string[] = ['10', '11', '12'];

export type RelationGroup =
  | 'head'
  | 'spouse'
  | 'child' // 子, 女 and their spouses (女婿, 儿媳), as the standard groups them
  | 'grandchild'
  | 'parent'
  | 'grandparent'
  | 'sibling'
  | 'other_relative'
  | 'non_relative';

export function isRelationCode(code: string): code is RelationCode {
  return RELATION_NAMES.has(code);
}

export function relationName(code: string): string | undefined {
  return RELATION_NAMES.get(code);
}

export function relationGroup(code: RelationCode): RelationGroup {
  if (code === '99') return 'non_relative';
  switch (code[0]) {
    case '0':
      return 'head';
    case '1':
      return 'spouse';
    case '2':
    case '3':
      return 'child';
    case '4':
      return 'grandchild';
    case '5':
      return 'parent';
    case '6':
      return 'grandparent';
    case '7':
      return 'sibling';
    default:
      return 'other_relative';
  }
}

/**
 * Read a relation from an import cell: a code ('02', or '2' as a spreadsheet shows it) or
 * the standard's name ('户主', '妻'). Unknown text gives undefined: the dry run reports it.
 */
export function parseRelation(raw: string): RelationCode | undefined {
  const text = raw.trim();
  const code = /^\d$/.test(text) ? `0${text}` : text;
  if (isRelationCode(code)) return code;
  return RELATIONS.find((r) => r.zh === text)?.code;
}

/**
 * Under 16 a person is not presumed to support themself (民法典 第十八条), so a younger head
 * is unusual (orphaned siblings, a child left the registration): worth a look, not an error.
 */
export const HEAD_MIN_AGE = 16;

export type HouseholdProblemCode =
  | 'NO_HEAD'
  | 'MULTIPLE_HEADS'
  | 'MULTIPLE_SPOUSES' // more than one member is the head's spouse
  | 'UNKNOWN_RELATION'
  | 'HEAD_MINOR';

export interface HouseholdProblem {
  code: HouseholdProblemCode;
  /** An error blocks saving or importing the household; a warning is shown and may be accepted. */
  severity: 'error' | 'warning';
  /** Indexes into the members given, so an import dry run can point at rows. */
  members: number[];
}

export interface HouseholdMember {
  relation: string;
  /** 'YYYY-MM-DD'; unknown for some migrants and old records. */
  birthDate?: string | null;
}

/**
 * What is wrong with a household's current members, errors first. `today` ('YYYY-MM-DD')
 * gives the head's age. An empty household has no head.
 */
export function householdProblems(members: readonly HouseholdMember[], today: string): HouseholdProblem[] {
  const indexesWhere = (test: (m: HouseholdMember) => boolean) => members.flatMap((m, i) => (test(m) ? [i] : []));
  const problems: HouseholdProblem[] = [];
  const heads = indexesWhere((m) => HEAD_CODES.includes(m.relation));
  const spouses = indexesWhere((m) => SPOUSE_CODES.includes(m.relation));
  const unknown = indexesWhere((m) => !isRelationCode(m.relation));
  if (unknown.length > 0) problems.push({ code: 'UNKNOWN_RELATION', severity: 'error', members: unknown });
  if (heads.length === 0) problems.push({ code: 'NO_HEAD', severity: 'error', members: [] });
  if (heads.length > 1) problems.push({ code: 'MULTIPLE_HEADS', severity: 'error', members: heads });
  if (spouses.length > 1) problems.push({ code: 'MULTIPLE_SPOUSES', severity: 'error', members: spouses });
  const minorHeads = heads.filter((i) => {
    const birthDate = members[i]?.birthDate;
    return birthDate != null && ageOn(birthDate, today) < HEAD_MIN_AGE;
  });
  if (minorHeads.length > 0) problems.push({ code: 'HEAD_MINOR', severity: 'warning', members: minorHeads });
  return problems;
}

/**
 * 人户分离 as a community sees one person: registered here and living here (人户一致),
 * registered here but living elsewhere (户在人不在), or living here but registered
 * elsewhere (人在户不在, which includes 流动人口). A person neither registered nor living
 * here is no longer this community's: the answer is null.
 */
export type RegistrationSeparation = 'consistent' | 'registered_not_resident' | 'resident_not_registered';

export const REGISTRATION_SEPARATION_NAMES: Record<RegistrationSeparation, string> = {
  consistent: '人户一致',
  registered_not_resident: '户在人不在',
  resident_not_registered: '人在户不在',
};

export function separatedFromRegistration(person: {
  registeredHere: boolean; // 户籍地址 in this community
  livesHere: boolean; // 实际居住地 in this community
}): RegistrationSeparation | null {
  if (person.registeredHere) return person.livesHere ? 'consistent' : 'registered_not_resident';
  return person.livesHere ? 'resident_not_registered' : null;
}
