/**
 * Person tags of the 活档案 (living file): who needs care or attention. Districts add their
 * own tags (stored by the registry with the same flags); the built-in ones below exist in
 * every district and cannot be removed.
 *
 * `sensitive` marks 敏感个人信息 under PIPL art. 28 (health, criminal-justice identity,
 * minors): such a tag is shown only to roles that hold the permission for it, and
 * aggregates of it are blurred ("<5"). `mustVisit` marks the 六必访 groups a grid worker
 * visits every month (困难群众, 独居老人, 残疾家庭, 流动人员, 老党员, 帮扶对象).
 */

export interface PersonTag {
  code: string;
  zh: string;
  en: string;
  sensitive: boolean;
  /** 六必访: puts the person on the grid worker's monthly visit list. */
  mustVisit: boolean;
}

export const BUILTIN_TAGS: readonly PersonTag[] = [
  // 六必访
  { code: 'hardship', zh: '困难群众', en: 'Household in hardship', sensitive: false, mustVisit: true },
  { code: 'elderly_alone', zh: '独居老人', en: 'Elderly living alone', sensitive: false, mustVisit: true },
  { code: 'disabled', zh: '残疾人', en: 'Person with a disability', sensitive: true, mustVisit: true },
  { code: 'migrant', zh: '流动人员', en: 'Migrant', sensitive: false, mustVisit: true },
  { code: 'senior_party_member', zh: '老党员', en: 'Senior party member', sensitive: false, mustVisit: true },
  { code: 'assisted', zh: '帮扶对象', en: 'Assisted household', sensitive: false, mustVisit: true },
  // Kinds of 困难群众 that relief programmes name; each is visited like its umbrella tag.
  // 低保 and 特困 lists are published by 民政 (公示), so the status itself is not sensitive.
  { code: 'subsistence_allowance', zh: '低保对象', en: 'Subsistence allowance', sensitive: false, mustVisit: true },
  { code: 'extreme_poverty', zh: '特困人员', en: 'Extreme poverty', sensitive: false, mustVisit: true },
  // Care without a monthly visit by default.
  { code: 'empty_nest_elderly', zh: '空巢老人', en: 'Empty-nest elderly', sensitive: false, mustVisit: false },
  { code: 'left_behind_child', zh: '留守儿童', en: 'Left-behind child', sensitive: true, mustVisit: false },
  { code: 'child_in_difficulty', zh: '困境儿童', en: 'Child in difficulty', sensitive: true, mustVisit: false },
  { code: 'serious_illness', zh: '大病患者', en: 'Serious illness', sensitive: true, mustVisit: false },
  { code: 'veteran', zh: '退役军人', en: 'Veteran', sensitive: false, mustVisit: false },
  { code: 'entitled_group', zh: '优抚对象', en: 'Entitled to special care', sensitive: false, mustVisit: false },
  // Attention groups of 综治 (social governance): health or criminal-justice identity, always sensitive.
  { code: 'community_correction', zh: '社区矫正对象', en: 'Community correction', sensitive: true, mustVisit: false },
  { code: 'released_prisoner', zh: '刑满释放人员', en: 'Released prisoner', sensitive: true, mustVisit: false },
  { code: 'mental_disorder', zh: '严重精神障碍患者', en: 'Severe mental disorder', sensitive: true, mustVisit: false },
  { code: 'drug_user', zh: '吸毒人员', en: 'Drug history', sensitive: true, mustVisit: false },
];

const BY_CODE = new Map(BUILTIN_TAGS.map((t) => [t.code, t]));

export function tagByCode(code: string): PersonTag | undefined {
  return BY_CODE.get(code);
}

/** A tag as a caller holds it: a district tag carries its own flags, a built-in one may omit them. */
export interface TagRef {
  code: string;
  sensitive?: boolean;
  mustVisit?: boolean;
}

/** A tag whose sensitivity nobody stated and that is not built in counts as sensitive: hide when unsure. */
export function isSensitiveTag(tag: TagRef): boolean {
  return tag.sensitive ?? tagByCode(tag.code)?.sensitive ?? true;
}

/** The tags a viewer may see: all of them with the permission for sensitive tags, otherwise the others. */
export function visibleTags<T extends TagRef>(tags: readonly T[], canSeeSensitive: boolean): T[] {
  return canSeeSensitive ? [...tags] : tags.filter((t) => !isSensitiveTag(t));
}

/** The tags that put a person on the monthly 六必访 list; a tag of unknown kind does not. */
export function mustVisitTags<T extends TagRef>(tags: readonly T[]): T[] {
  return tags.filter((t) => t.mustVisit ?? tagByCode(t.code)?.mustVisit ?? false);
}
