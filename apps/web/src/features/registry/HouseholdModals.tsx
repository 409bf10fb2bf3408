/**
 * Who joins a household (户): 开户 at a vacant room, 添加成员 (birth, move in, migrant
 * arrival). Each is one life event with an effective date; the server keeps the history.
 * 分户 and 并户 are in HouseholdChangeModals.tsx.
 */
import type { Household } from '@gongzhi/api';
import { App, Form, Input, Radio, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import {
  DateField,
  newPersonDefaults,
  PersonFields,
  type PersonValues,
  personInput,
  RelationSelect,
  toDate,
} from './fields.tsx';
import { useAddMember, useCreateHousehold } from './hooks.ts';
import { PersonPicker } from './PersonPicker.tsx';

type Who = 'new' | 'existing';

interface MigrantValues {
  expectedDeparture?: Dayjs | null;
  origin?: string;
  reason?: 'work' | 'business' | 'study' | 'family' | 'other';
}

const migrantInput = (m: MigrantValues | undefined) =>
  m
    ? { expectedDeparture: toDate(m.expectedDeparture), origin: m.origin?.trim() || undefined, reason: m.reason }
    : undefined;

function MigrantFields() {
  const { t } = useTranslation();
  const reasons = ['work', 'business', 'study', 'family', 'other'] as const;
  return (
    <fieldset className="gz-fieldset">
      <legend>{t('registry.migrant.title')}</legend>
      <DateField name={['migrant', 'expectedDeparture']} label={t('registry.migrant.expected')} notFuture={false} />
      <Form.Item label={t('registry.migrant.origin')} name={['migrant', 'origin']} rules={[{ max: 128 }]}>
        <Input maxLength={128} />
      </Form.Item>
      <Form.Item label={t('registry.migrant.reason')} name={['migrant', 'reason']}>
        <Select allowClear options={reasons.map((r) => ({ value: r, label: t(`registry.migrant.reasons.${r}`) }))} />
      </Form.Item>
    </fieldset>
  );
}

function WhoSwitch({ value, onChange }: { value: Who; onChange: (w: Who) => void }) {
  const { t } = useTranslation();
  return (
    <Form.Item label={t('registry.member.who')}>
      <Radio.Group
        optionType="button"
        value={value}
        onChange={(e) => onChange(e.target.value as Who)}
        options={[
          { value: 'new', label: t('registry.member.new') },
          { value: 'existing', label: t('registry.member.existing') },
        ]}
      />
    </Form.Item>
  );
}

interface AddValues {
  person?: PersonValues;
  personId?: string;
  relation: string;
  event: 'birth' | 'move_in' | 'migrant_arrival';
  effectiveDate: Dayjs;
  migrant?: MigrantValues;
  note?: string;
}

export function AddMemberModal({ household, onClose }: { household: Household; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AddValues>();
  const showError = useFormErrors(form);
  const add = useAddMember();
  const [who, setWho] = useState<Who>('new');
  const event = Form.useWatch('event', form) ?? 'move_in';

  const onFinish = (v: AddValues) =>
    add.mutate(
      {
        id: household.id,
        person: who === 'existing' && v.personId ? { personId: v.personId } : personInput(v.person as PersonValues),
        relation: v.relation,
        event: v.event,
        effectiveDate: toDate(v.effectiveDate) ?? '',
        migrant: v.event === 'migrant_arrival' ? migrantInput(v.migrant) : undefined,
        note: v.note?.trim() || undefined,
      },
      {
        onSuccess: () => {
          message.success(t('registry.member.added'));
          onClose();
        },
        onError: showError,
      },
    );

  return (
    <FormModal
      title={t('registry.member.addTitle')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={add.isPending}
      submitTestId="add-member-submit"
      width={620}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ event: 'move_in', effectiveDate: dayjs(), person: newPersonDefaults }}
      >
        <Form.Item label={t('registry.member.event')} name="event">
          <Radio.Group
            options={(['move_in', 'birth', 'migrant_arrival'] as const).map((e) => ({
              value: e,
              label: t(`registry.event.kind.${e}`),
            }))}
          />
        </Form.Item>
        {event !== 'birth' && <WhoSwitch value={who} onChange={setWho} />}
        {who === 'existing' && event !== 'birth' ? (
          <Form.Item
            label={t('registry.member.person')}
            name="personId"
            rules={[{ required: true, message: t('registry.member.personRequired') }]}
          >
            <PersonPicker status="moved_out" />
          </Form.Item>
        ) : (
          <PersonFields prefix="person" testPrefix="member" />
        )}
        <Form.Item
          label={t('registry.household.relation')}
          name="relation"
          rules={[{ required: true, message: t('registry.member.relationRequired') }]}
        >
          <RelationSelect testId="member-relation" />
        </Form.Item>
        <DateField name="effectiveDate" label={t('registry.event.effectiveDate')} required />
        {event === 'migrant_arrival' && <MigrantFields />}
        <Form.Item label={t('registry.field.note')} name="note" rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

interface CreateValues {
  head?: PersonValues;
  personId?: string;
  number?: string;
  kind: 'family' | 'collective';
  event: 'move_in' | 'migrant_arrival';
  effectiveDate: Dayjs;
  migrant?: MigrantValues;
}

/** 登记入住: a vacant room gets a household and its head. */
export function CreateHouseholdModal({ room, onClose }: { room: { id: string; label: string }; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<CreateValues>();
  const showError = useFormErrors(form);
  const create = useCreateHousehold();
  const [who, setWho] = useState<Who>('new');
  const event = Form.useWatch('event', form) ?? 'move_in';

  const onFinish = (v: CreateValues) =>
    create.mutate(
      {
        roomId: room.id,
        number: v.number?.trim() || undefined,
        kind: v.kind,
        head: who === 'existing' && v.personId ? { personId: v.personId } : personInput(v.head as PersonValues),
        event: v.event,
        effectiveDate: toDate(v.effectiveDate) ?? '',
        migrant: v.event === 'migrant_arrival' ? migrantInput(v.migrant) : undefined,
      },
      {
        onSuccess: (household) => {
          message.success(t('registry.household.created'));
          onClose();
          navigate(`/registry/households/${household.id}`);
        },
        onError: showError,
      },
    );

  return (
    <FormModal
      title={t('registry.household.createTitle', { room: room.label })}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={create.isPending}
      submitTestId="create-household-submit"
      width={620}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ event: 'move_in', kind: 'family', effectiveDate: dayjs(), head: newPersonDefaults }}
      >
        <Form.Item label={t('registry.member.event')} name="event">
          <Radio.Group
            options={(['move_in', 'migrant_arrival'] as const).map((e) => ({
              value: e,
              label: t(`registry.event.kind.${e}`),
            }))}
          />
        </Form.Item>
        <WhoSwitch value={who} onChange={setWho} />
        {who === 'existing' ? (
          <Form.Item
            label={t('registry.household.head')}
            name="personId"
            rules={[{ required: true, message: t('registry.member.personRequired') }]}
          >
            <PersonPicker status="moved_out" />
          </Form.Item>
        ) : (
          <fieldset className="gz-fieldset">
            <legend>{t('registry.household.head')}</legend>
            <PersonFields prefix="head" testPrefix="head" />
          </fieldset>
        )}
        <Space wrap style={{ width: '100%' }} align="start">
          <Form.Item label={t('registry.household.kind')} name="kind">
            <Select
              style={{ minWidth: 140 }}
              options={(['family', 'collective'] as const).map((k) => ({
                value: k,
                label: t(`registry.household.kinds.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item label={t('registry.household.numberOptional')} name="number" rules={[{ max: 32 }]}>
            <Input maxLength={32} />
          </Form.Item>
        </Space>
        <DateField name="effectiveDate" label={t('registry.event.effectiveDate')} required />
        {event === 'migrant_arrival' && <MigrantFields />}
      </Form>
    </FormModal>
  );
}
