/**
 * Picks a person already in the register by typing part of a name, an id number or a phone
 * (the same rules as the search page); options show the masked id and address so two
 * residents with one name can be told apart.
 */
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePersonSearch } from './hooks.ts';
import { searchFields } from './SearchPage.tsx';

export function PersonPicker({
  id,
  value,
  onChange,
  status = 'any',
  testId,
  ...aria
}: {
  id?: string;
  value?: string;
  onChange?: (value: string) => void;
  status?: 'any' | 'resident' | 'moved_out';
  testId?: string;
  'aria-invalid'?: boolean | 'true' | 'false';
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [text, setText] = useState('');
  // Ask the server once typing pauses, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => setText(typed), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const fields = searchFields(text);
  const search = usePersonSearch({ ...fields, status, page: 1, pageSize: 20 });
  const items = text ? (search.data?.items ?? []) : [];

  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={search.isFetching}
      placeholder={t('registry.picker.placeholder')}
      notFoundContent={text ? t('registry.search.empty') : t('registry.picker.hint')}
      data-testid={testId}
      options={items.map((p) => ({
        value: p.id,
        label: `${p.name} · ${p.idNumber ?? t('common.none')} · ${p.address ?? p.grid.name}`,
      }))}
      style={{ width: '100%' }}
      {...aria}
    />
  );
}
