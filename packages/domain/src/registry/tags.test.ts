import { describe, expect, it } from 'vitest';
import { BUILTIN_TAGS, isSensitiveTag, mustVisitTags, type TagRef, tagByCode, visibleTags } from './tags.ts';

const codesOf = (tags: readonly TagRef[]) => tags.map((t) => t.code);

describe('the built-in tags', () => {
  it('have unique snake_case codes and unique Chinese and English labels', () => {
    expect(new Set(BUILTIN_TAGS.map((t) => t.code)).size).toBe(BUILTIN_TAGS.length);
    expect(new Set(BUILTIN_TAGS.map((t) => t.zh)).size).toBe(BUILTIN_TAGS.length);
    expect(new Set(BUILTIN_TAGS.map((t) => t.en)).size).toBe(BUILTIN_TAGS.length);
    for (const t of BUILTIN_TAGS) expect(t.code).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
  });

  it('include every group the registry issue names', () => {
    const zh = BUILTIN_TAGS.map((t) => t.zh);
    for (const name of [
      '困难群众',
      '独居老人',
      '残疾人',
      '流动人员',
      '老党员',
      '帮扶对象',
      '困境儿童',
      '社区矫正对象',
    ]) {
      expect(zh).toContain(name);
    }
  });

  it('put exactly the six 六必访 groups and the named kinds of hardship on the monthly visit list', () => {
    expect(BUILTIN_TAGS.filter((t) => t.mustVisit).map((t) => t.zh)).toEqual([
      '困难群众',
      '独居老人',
      '残疾人',
      '流动人员',
      '老党员',
      '帮扶对象',
      '低保对象',
      '特困人员',
    ]);
  });

  it('mark health, criminal-justice and minors’ tags as sensitive personal information (PIPL art. 28)', () => {
    expect(BUILTIN_TAGS.filter((t) => t.sensitive).map((t) => t.zh)).toEqual([
      '残疾人',
      '留守儿童',
      '困境儿童',
      '大病患者',
      '社区矫正对象',
      '刑满释放人员',
      '严重精神障碍患者',
      '吸毒人员',
    ]);
  });

  it('find a tag by its code, and nothing for an unknown code', () => {
    expect(tagByCode('elderly_alone')).toEqual({
      code: 'elderly_alone',
      zh: '独居老人',
      en: 'Elderly living alone',
      sensitive: false,
      mustVisit: true,
    });
    expect(tagByCode('community_correction')?.sensitive).toBe(true);
    expect(tagByCode('nobody')).toBeUndefined();
    expect(tagByCode('')).toBeUndefined();
  });
});

describe('isSensitiveTag', () => {
  it('believes the flag a tag carries, over the built-in one', () => {
    expect(isSensitiveTag({ code: 'veteran', sensitive: true })).toBe(true);
    expect(isSensitiveTag({ code: 'disabled', sensitive: false })).toBe(false);
  });

  it('looks a built-in tag up when the flag is missing', () => {
    expect(isSensitiveTag({ code: 'disabled' })).toBe(true);
    expect(isSensitiveTag({ code: 'veteran' })).toBe(false);
  });

  it('treats an unknown tag without a flag as sensitive: hide when unsure', () => {
    expect(isSensitiveTag({ code: 'district_custom_tag' })).toBe(true);
  });
});

describe('visibleTags', () => {
  // A grid worker's view of 王奶奶: lives alone, disabled, and a district tag the district marked sensitive.
  const tags: TagRef[] = [
    { code: 'elderly_alone' },
    { code: 'disabled' },
    { code: 'hearing_aid_programme', sensitive: true },
    { code: 'square_dance_team', sensitive: false },
    { code: 'unflagged_custom' },
  ];

  it('shows every tag to a viewer allowed to see sensitive ones', () => {
    expect(visibleTags(tags, true)).toEqual(tags);
  });

  it('hides sensitive, and unknown unflagged, tags from everyone else', () => {
    expect(codesOf(visibleTags(tags, false))).toEqual(['elderly_alone', 'square_dance_team']);
  });

  it('hides every sensitive built-in tag and keeps every other one', () => {
    const visible = codesOf(visibleTags(BUILTIN_TAGS, false));
    expect(visible).toEqual(BUILTIN_TAGS.filter((t) => !t.sensitive).map((t) => t.code));
  });

  it('keeps the callers’ own objects and order, and returns a new array', () => {
    const withDates = [
      { code: 'migrant', since: '2024-03-01' },
      { code: 'hardship', since: '2023-01-01' },
    ];
    const visible = visibleTags(withDates, true);
    expect(visible).toEqual(withDates);
    expect(visible).not.toBe(withDates);
    expect(visible[0]).toBe(withDates[0]);
  });

  it('gives nothing for nothing', () => {
    expect(visibleTags([], false)).toEqual([]);
    expect(visibleTags([], true)).toEqual([]);
  });
});

describe('mustVisitTags (六必访)', () => {
  it('picks the built-in must-visit tags from a person’s tags', () => {
    const tags = [{ code: 'veteran' }, { code: 'elderly_alone' }, { code: 'drug_user' }, { code: 'disabled' }];
    expect(codesOf(mustVisitTags(tags))).toEqual(['elderly_alone', 'disabled']);
  });

  it('believes a district tag’s own flag, over the built-in one', () => {
    expect(codesOf(mustVisitTags([{ code: 'post_surgery', mustVisit: true }]))).toEqual(['post_surgery']);
    expect(codesOf(mustVisitTags([{ code: 'migrant', mustVisit: false }]))).toEqual([]);
  });

  it('does not put an unknown unflagged tag on the visit list', () => {
    expect(mustVisitTags([{ code: 'unflagged_custom' }])).toEqual([]);
  });
});
