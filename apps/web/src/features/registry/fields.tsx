/**
 * Form pieces the registry dialogs share: a date that travels as 'YYYY-MM-DD', the unit
 * picker of a filter, the relation-to-head select (GB/T 4761), and the fields of a new
 * person, checked in the browser with the same rules the server applies (check digit,
 * birth date, phone) so a typo is named before the form is sent.
 */
import type { OrgTreeNode } from '@gongzhi/api';
import { ETHNICITIES, parseIdNumber, parsePhone, RELATIONS } from '@gongzhi/domain';
import type { FormRule } from 'antd';
import { Checkbox, DatePicker, Form, Input, Radio, Select, TreeSelect } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useOrgTree } from '../org/hooks.ts';
import { unitOptions } from '../org/treeIndex.ts';

export const today = () => dayjs().format('YYYY-MM-DD');
export const toDate = (value: Dayjs | null | undefined): string | undefined =>
  value ? value.format('YYYY-MM-DD') : undefined;

type NamePath = string | (string | number)[];

export function DateField({
  name,
  label,
  required,
  testId,
  notFuture = true,
}: {
  name: NamePath;
  label: string;
  required?: boolean;
  testId?: string;
  notFuture?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item label={label} name={name} rules={[{ required, message: t('registry.field.dateRequired') }]}>
      <DatePicker
        style={{ width: '100%' }}
        inputReadOnly
        data-testid={testId}
        disabledDate={notFuture ? (d) => d.isAfter(dayjs(), 'day') : undefined}
      />
    </Form.Item>
  );
}

/** Any unit of my tree, clearable: the filters of the registry pages. */
export function UnitPicker({
  id,
  value,
  onChange,
  usable,
  allowClear = true,
  placeholder,
  testId,
  ...aria
}: {
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  usable?: (node: OrgTreeNode) => boolean;
  allowClear?: boolean;
  placeholder?: string;
  testId?: string;
  'aria-label'?: string;
  'aria-invalid'?: boolean | 'true' | 'false';
}) {
  const { t } = useTranslation();
  const tree = useOrgTree(false);
  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      allowClear={allowClear}
      loading={tree.isPending}
      placeholder={tree.isError ? tree.error.message : (placeholder ?? t('registry.filter.unit'))}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandedKeys={(tree.data ?? []).map((r) => r.id)}
      treeData={unitOptions(
        tree.data ?? [],
        (n) => n.status === 'active' && n.kind !== 'department' && (usable?.(n) ?? true),
        (n) => n.name,
      )}
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
      data-testid={testId}
      {...aria}
    />
  );
}

export const isGrid = (n: OrgTreeNode) => n.kind === 'grid';

export const relationOptions = RELATIONS.map((r) => ({ value: r.code, label: `${r.code} ${r.zh}` }));

export function RelationSelect({
  id,
  value,
  onChange,
  testId,
  ...aria
}: {
  id?: string;
  value?: string;
  onChange?: (v: string) => void;
  testId?: string;
  'aria-label'?: string;
}) {
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      showSearch={{ optionFilterProp: 'label' }}
      options={relationOptions}
      data-testid={testId}
      style={{ minWidth: 140 }}
      {...aria}
    />
  );
}

export function idNumberRule(t: TFunction): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      if (typeof value !== 'string' || value.trim() === '') return;
      const parsed = parseIdNumber(value.trim(), today());
      if (!parsed.ok) throw new Error(t(`registry.idProblem.${parsed.problem}`));
    },
  };
}

export function phoneRule(t: TFunction): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      if (typeof value !== 'string' || value.trim() === '') return;
      if (!parsePhone(value.trim()).ok) throw new Error(t('registry.field.phoneInvalid'));
    },
  };
}

export interface PersonValues {
  name: string;
  gender?: 'male' | 'female';
  birthDate?: Dayjs | null;
  idNumber?: string;
  phone?: string;
  ethnicity?: string;
  registeredHere?: boolean;
  registeredAddress?: string;
  partyMember?: boolean;
}

/** A new person as PersonInput: blanks left out, dates as text. */
export function personInput(v: PersonValues) {
  const blank = (s: string | undefined) => (s && s.trim() !== '' ? s.trim() : undefined);
  return {
    name: v.name.trim(),
    gender: v.gender,
    birthDate: toDate(v.birthDate),
    idNumber: blank(v.idNumber)?.toUpperCase(),
    phone: blank(v.phone),
    ethnicity: v.ethnicity,
    registeredHere: v.registeredHere ?? true,
    registeredAddress: v.registeredHere === false ? blank(v.registeredAddress) : undefined,
    partyMember: v.partyMember || undefined,
  };
}

export const ethnicityOptions = (language: string) =>
  ETHNICITIES.map((e) => ({ value: e.code, label: language === 'en' ? e.en : e.zh }));

/** The fields of a new person under `prefix` (e.g. 'person' or 'head'). */
export function PersonFields({ prefix, testPrefix }: { prefix: string; testPrefix: string }) {
  const { t, i18n } = useTranslation();
  const form = Form.useFormInstance();
  const registeredHere = Form.useWatch([prefix, 'registeredHere'], form) ?? true;
  const fillFromId = (raw: string) => {
    const parsed = parseIdNumber(raw.trim(), today());
    if (!parsed.ok) return;
    // The id number carries birth date and gender; copy them so the cross-check cannot fail on a slip.
    form.setFieldValue([prefix, 'birthDate'], dayjs(parsed.birthDate));
    form.setFieldValue([prefix, 'gender'], parsed.gender);
  };
  return (
    <>
      <Form.Item
        label={t('registry.person.name')}
        name={[prefix, 'name']}
        rules={[{ required: true, whitespace: true, max: 64, message: t('registry.field.nameRequired') }]}
      >
        <Input maxLength={64} data-testid={`${testPrefix}-name`} autoComplete="off" />
      </Form.Item>
      <Form.Item
        label={t('registry.person.idNumber')}
        name={[prefix, 'idNumber']}
        rules={[idNumberRule(t)]}
        extra={t('registry.field.idNumberHelp')}
      >
        <Input
          maxLength={18}
          autoComplete="off"
          data-testid={`${testPrefix}-id-number`}
          onBlur={(e) => fillFromId(e.target.value)}
        />
      </Form.Item>
      <Form.Item label={t('registry.person.gender')} name={[prefix, 'gender']}>
        <Radio.Group
          options={[
            { value: 'male', label: t('registry.gender.male') },
            { value: 'female', label: t('registry.gender.female') },
          ]}
        />
      </Form.Item>
      <DateField name={[prefix, 'birthDate']} label={t('registry.person.birthDate')} />
      <Form.Item label={t('registry.person.phone')} name={[prefix, 'phone']} rules={[phoneRule(t)]}>
        <Input inputMode="tel" maxLength={20} autoComplete="off" data-testid={`${testPrefix}-phone`} />
      </Form.Item>
      <Form.Item label={t('registry.person.ethnicity')} name={[prefix, 'ethnicity']}>
        <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={ethnicityOptions(i18n.language)} />
      </Form.Item>
      <Form.Item name={[prefix, 'registeredHere']} valuePropName="checked">
        <Checkbox>{t('registry.person.registeredHereCheck')}</Checkbox>
      </Form.Item>
      {!registeredHere && (
        <Form.Item
          label={t('registry.person.registeredAddress')}
          name={[prefix, 'registeredAddress']}
          rules={[{ max: 128 }]}
        >
          <Input maxLength={128} />
        </Form.Item>
      )}
      <Form.Item name={[prefix, 'partyMember']} valuePropName="checked">
        <Checkbox>{t('registry.person.partyMember')}</Checkbox>
      </Form.Item>
    </>
  );
}

export const newPersonDefaults = { registeredHere: true, partyMember: false };
