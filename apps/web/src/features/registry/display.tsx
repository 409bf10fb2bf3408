/** Small read-only pieces of the registry pages: status, tags, masked numbers, occupancy. */
import type { PersonSummary } from '@gongzhi/api';
import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Tag as TagDef } from './hooks.ts';

export type PersonStatus = PersonSummary['status'];

const STATUS_COLOR: Record<PersonStatus, string> = { resident: 'green', moved_out: 'default', deceased: 'default' };

export function PersonStatusTag({ status }: { status: PersonStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`registry.status.${status}`)}</Tag>;
}

export function TagList({ tags, testId }: { tags: readonly { code: string; name: string }[]; testId?: string }) {
  const { t } = useTranslation();
  if (tags.length === 0) return <span className="gz-muted">{t('common.none')}</span>;
  return (
    <Space size={[4, 4]} wrap data-testid={testId}>
      {tags.map((tag) => (
        <Tag key={tag.code} color="orange" className="gz-wrap-tag">
          {tag.name}
        </Tag>
      ))}
    </Space>
  );
}

/** A masked 身份证号 or phone: digits in a fixed-width face, stars read as "hidden" by screen readers. */
export function Masked({ value, testId }: { value: string | null; testId?: string }) {
  const { t } = useTranslation();
  if (!value) return <span className="gz-muted">{t('common.none')}</span>;
  return (
    <span className="gz-masked" data-testid={testId} title={t('registry.masked')}>
      {value}
    </span>
  );
}

export function tagName(tag: TagDef, language: string): string {
  return language === 'en' ? tag.en : tag.zh;
}

export function genderLabel(gender: 'male' | 'female' | null, t: (key: 'registry.gender.male') => string): string {
  return gender ? t(`registry.gender.${gender}` as 'registry.gender.male') : '';
}
