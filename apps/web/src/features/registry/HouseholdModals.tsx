/**
 * What changes a household (户): 开户 at a vacant room, 添加成员 (birth, move in, migrant
 * arrival), 分户 (some members leave to form their own) and 并户 (all members join another).
 * Each is one life event with an effective date; the server keeps the history.
 */
import type { Household } from '@gongzhi/api';
import { HEAD_RELATION } from '@gongzhi/domain';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Checkbox, Form, Input, Radio, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client.ts';
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
import { registryKeys, useAddMember, useCreateHousehold, useMergeHousehold, useSplitHousehold } from './hooks.ts';
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

interface SplitValues {
  members: { personId: string; selected: boolean; relation?: string }[];
  number?: string;
  effectiveDate: Dayjs;
  note?: string;
}

/** 分户: the ticked members form a new household at the same room, each with a relation to its head. */
export function SplitHouseholdModal({ household, onClose }: { household: Household; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<SplitValues>();
  const showError = useFormErrors(form);
  const split = useSplitHousehold();
  const rows = Form.useWatch('members', form) ?? [];

  const onFinish = (v: SplitValues) => {
    const chosen = v.members.filter((m) => m.selected);
    if (chosen.length === 0) {
      form.setFields([{ name: 'members', errors: [t('registry.split.pickSome')] }]);
      return;
    }
    split.mutate(
      {
        id: household.id,
        members: chosen.map((m) => ({ personId: m.personId, relation: m.relation ?? '' })),
        number: v.number?.trim() || undefined,
        effectiveDate: toDate(v.effectiveDate) ?? '',
        note: v.note?.trim() || undefined,
      },
      {
        onSuccess: (created) => {
          message.success(t('registry.split.done'));
          onClose();
          navigate(`/registry/households/${created.id}`);
        },
        onError: showError,
      },
    );
  };

  return (
    <FormModal
      title={t('registry.split.title')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={split.isPending}
      submitText={t('registry.split.submit')}
      width={620}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{
          effectiveDate: dayjs(),
          members: household.members.map((m) => ({ personId: m.person.id, selected: false, relation: undefined })),
        }}
      >
        <p>{t('registry.split.help')}</p>
        <Form.List name="members">
          {(fields, _ops, { errors }) => (
            <>
              {fields.map((field, i) => {
                const member = household.members[i];
                const selected = rows[i]?.selected;
                return (
                  <Space key={field.key} wrap align="start" style={{ width: '100%' }}>
                    <Form.Item name={[field.name, 'selected']} valuePropName="checked" style={{ minWidth: 160 }}>
                      <Checkbox>
                        {member?.person.name} ({member?.relationName})
                      </Checkbox>
                    </Form.Item>
                    {selected && (
                      <Form.Item
                        name={[field.name, 'relation']}
                        rules={[{ required: true, message: t('registry.member.relationRequired') }]}
                      >
                        <RelationSelect aria-label={t('registry.split.relationFor', { name: member?.person.name })} />
                      </Form.Item>
                    )}
                  </Space>
                );
              })}
              <Form.ErrorList errors={errors} />
            </>
          )}
        </Form.List>
        <Form.Item label={t('registry.household.numberOptional')} name="number" rules={[{ max: 32 }]}>
          <Input maxLength={32} />
        </Form.Item>
        <DateField name="effectiveDate" label={t('registry.event.effectiveDate')} required />
        <Form.Item label={t('registry.field.note')} name="note" rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

interface MergeValues {
  how: 'search' | 'id';
  personId?: string;
  householdId?: string;
  relations: { personId: string; relation?: string }[];
  effectiveDate: Dayjs;
  note?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 并户: pick the household to join (by one of its members, or by its id), then each member's new relation. */
export function MergeHouseholdModal({ household, onClose }: { household: Household; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<MergeValues>();
  const showError = useFormErrors(form);
  const merge = useMergeHousehold();
  const how = Form.useWatch('how', form) ?? 'search';
  const [target, setTarget] = useState<{ id: string; label: string } | null>(null);
  const [lookupError, setLookupError] = useState<string | null>(null);

  /** The household a picked person lives in, read through their profile. */
  const pickPerson = async (personId: string) => {
    setLookupError(null);
    setTarget(null);
    try {
      const profile = await queryClient.fetchQuery({
        queryKey: registryKeys.person(personId),
        queryFn: () => api.get<{ name: string; household: { id: string } | null }>(`/api/registry/persons/${personId}`),
      });
      if (!profile.household) setLookupError(t('registry.merge.noHousehold', { name: profile.name }));
      else if (profile.household.id === household.id) setLookupError(t('registry.merge.same'));
      else setTarget({ id: profile.household.id, label: t('registry.merge.householdOf', { name: profile.name }) });
    } catch (err) {
      setLookupError((err as Error).message);
    }
  };

  const onFinish = (v: MergeValues) => {
    const into = v.how === 'id' ? v.householdId?.trim() : target?.id;
    if (!into) {
      setLookupError(t('registry.merge.pickTarget'));
      return;
    }
    merge.mutate(
      {
        id: household.id,
        intoHouseholdId: into,
        relations: v.relations.map((r) => ({ personId: r.personId, relation: r.relation ?? '' })),
        effectiveDate: toDate(v.effectiveDate) ?? '',
        note: v.note?.trim() || undefined,
      },
      {
        onSuccess: (joined) => {
          message.success(t('registry.merge.done'));
          onClose();
          navigate(`/registry/households/${joined.id}`);
        },
        onError: showError,
      },
    );
  };

  return (
    <FormModal
      title={t('registry.merge.title')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={merge.isPending}
      submitText={t('registry.merge.submit')}
      danger
      width={620}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{
          how: 'search',
          effectiveDate: dayjs(),
          relations: household.members.map((m) => ({
            personId: m.person.id,
            relation: m.relation === HEAD_RELATION ? undefined : m.relation,
          })),
        }}
      >
        <Form.Item label={t('registry.merge.target')} name="how">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'search', label: t('registry.merge.bySearch') },
              { value: 'id', label: t('registry.merge.byId') },
            ]}
          />
        </Form.Item>
        {how === 'search' ? (
          <Form.Item label={t('registry.merge.memberOfTarget')} name="personId">
            <PersonPicker status="resident" onChange={(id) => void pickPerson(id)} />
          </Form.Item>
        ) : (
          <Form.Item
            label={t('registry.merge.householdId')}
            name="householdId"
            rules={[{ pattern: UUID, message: t('registry.merge.idFormat') }]}
          >
            <Input maxLength={36} autoComplete="off" />
          </Form.Item>
        )}
        {how === 'search' && target && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={
              <Link to={`/registry/households/${target.id}`} target="_blank">
                {target.label}
              </Link>
            }
          />
        )}
        {lookupError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={lookupError} />}
        <p>{t('registry.merge.relationsHelp')}</p>
        <Form.List name="relations">
          {(fields) =>
            fields.map((field, i) => {
              const member = household.members[i];
              return (
                <Form.Item
                  key={field.key}
                  label={member?.person.name}
                  name={[field.name, 'relation']}
                  rules={[{ required: true, message: t('registry.member.relationRequired') }]}
                >
                  <RelationSelect />
                </Form.Item>
              );
            })
          }
        </Form.List>
        <DateField name="effectiveDate" label={t('registry.event.effectiveDate')} required />
        <Form.Item label={t('registry.field.note')} name="note" rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
