/**
 * 分户 and 并户: members of a household leave to form their own, or a whole household joins
 * another. Both keep the history (memberships closed, life events appended) on the server.
 */
import type { Household } from '@gongzhi/api';
import { HEAD_RELATION } from '@gongzhi/domain';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Checkbox, Form, Input, Radio, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { DateField, RelationSelect, toDate } from './fields.tsx';
import { registryKeys, useMergeHousehold, useSplitHousehold } from './hooks.ts';
import { PersonPicker } from './PersonPicker.tsx';

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
