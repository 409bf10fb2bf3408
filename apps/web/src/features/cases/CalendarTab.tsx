/**
 * 工作日历: a year's exceptions to Monday–Friday, month by month — holidays (放假, a weekday
 * off) and 调休 workdays (a weekend day worked) — from the State Council's schedule and the
 * district's own (a typhoon day off, a local festival). Working-day time limits count on this
 * calendar. The admin adds a day or overrides an official one; removing the district's day
 * restores what the official schedule says (or an ordinary day).
 */
import { LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Radio,
  Row,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { chinaToday } from '../visits/display.tsx';
import { type CalendarDay, useCalendar, useResetCalendarDay, useSetCalendarDay } from './hooks-admin.ts';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export function CalendarTab() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [year, setYear] = useState(() => Number(chinaToday().slice(0, 4)));
  const calendar = useCalendar(year);
  const reset = useResetCalendarDay();
  const [editing, setEditing] = useState<{ day?: CalendarDay } | null>(null);
  const days = calendar.data?.days ?? [];

  const remove = (d: CalendarDay) =>
    modal.confirm({
      title: t('cases.admin.calendar.removeTitle', { day: d.day }),
      content: d.official
        ? t('cases.admin.calendar.removeToOfficial', { name: d.official.name })
        : t('cases.admin.calendar.removeToOrdinary'),
      okText: t('cases.admin.calendar.remove'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        reset.mutateAsync(d.day).then(
          () => message.success(t('cases.admin.calendar.removed', { day: d.day })),
          (err: Error) => message.error(err.message),
        ),
    });

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button
          icon={<LeftOutlined />}
          onClick={() => setYear((y) => y - 1)}
          aria-label={t('cases.admin.calendar.prevYear')}
        />
        <Typography.Text strong data-testid="calendar-year">
          {t('cases.admin.calendar.year', { year })}
        </Typography.Text>
        <Button
          icon={<RightOutlined />}
          onClick={() => setYear((y) => y + 1)}
          aria-label={t('cases.admin.calendar.nextYear')}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="calendar-add">
          {t('cases.admin.calendar.add')}
        </Button>
      </Space>
      <Typography.Paragraph className="gz-muted">{t('cases.admin.calendar.hint')}</Typography.Paragraph>
      {calendar.isPending && <Skeleton active />}
      {calendar.isError && <Alert type="error" showIcon title={calendar.error.message} />}
      {calendar.data && (
        <Row gutter={[12, 12]} data-testid="calendar-months">
          {Array.from({ length: 12 }, (_, m) => {
            const month = `${year}-${String(m + 1).padStart(2, '0')}`;
            const list = days.filter((d) => d.day.startsWith(month));
            return (
              <Col key={month} xs={24} sm={12} lg={8} xl={6}>
                <Card
                  size="small"
                  className="gz-case-calendar-month"
                  title={<h2 className="gz-card-title">{t('cases.admin.calendar.month', { month: m + 1 })}</h2>}
                >
                  {list.length === 0 ? (
                    <span className="gz-muted gz-case-small">{t('cases.admin.calendar.noExceptions')}</span>
                  ) : (
                    <ul>
                      {list.map((d) => (
                        <li key={d.day} data-testid="calendar-day" data-day={d.day}>
                          <span>
                            <span className="gz-case-receipt">
                              {d.day.slice(5)} {t(`cases.admin.calendar.weekday.${WEEKDAYS[dayjs(d.day).day()]}`)}
                            </span>{' '}
                            <Tag color={d.kind === 'holiday' ? 'red' : 'blue'}>
                              {t(`cases.admin.calendar.kind.${d.kind}`)}
                            </Tag>
                            <span className="gz-case-small">{d.name}</span>
                            {d.source === 'district' && (
                              <Tag style={{ marginInlineStart: 4 }}>{t('cases.admin.calendar.district')}</Tag>
                            )}
                          </span>
                          {d.source === 'district' ? (
                            <Button
                              size="small"
                              type="link"
                              danger
                              onClick={() => remove(d)}
                              aria-label={t('cases.admin.calendar.removeDay', { day: d.day })}
                            >
                              {t('cases.admin.calendar.remove')}
                            </Button>
                          ) : (
                            <Button
                              size="small"
                              type="link"
                              onClick={() => setEditing({ day: d })}
                              aria-label={t('cases.admin.calendar.overrideDay', { day: d.day })}
                            >
                              {t('cases.admin.calendar.override')}
                            </Button>
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </Card>
              </Col>
            );
          })}
        </Row>
      )}
      {editing && <DayModal day={editing.day} year={year} onClose={() => setEditing(null)} />}
    </>
  );
}

interface Values {
  day: dayjs.Dayjs;
  kind: 'holiday' | 'workday';
  name: string;
}

function DayModal({ day, year, onClose }: { day?: CalendarDay; year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const showError = useFormErrors(form);
  const set = useSetCalendarDay();
  return (
    <FormModal
      title={day ? t('cases.admin.calendar.overrideTitle', { day: day.day }) : t('cases.admin.calendar.add')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={set.isPending}
      submitTestId="calendar-submit"
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={
          day
            ? { day: dayjs(day.day), kind: day.kind === 'holiday' ? 'workday' : 'holiday', name: day.name }
            : { day: dayjs(`${year}-01-01`), kind: 'holiday', name: '' }
        }
        onFinish={(v) => {
          const d = v.day.format('YYYY-MM-DD');
          set.mutate(
            { day: d, body: { kind: v.kind, name: v.name.trim() } },
            {
              onSuccess: () => {
                message.success(t('cases.admin.calendar.saved', { day: d }));
                onClose();
              },
              onError: showError,
            },
          );
        }}
      >
        <Form.Item
          label={t('cases.admin.calendar.day')}
          name="day"
          rules={[{ required: true, message: t('cases.admin.calendar.dayRequired') }]}
        >
          <DatePicker disabled={Boolean(day)} style={{ width: '100%' }} data-testid="calendar-day-picker" />
        </Form.Item>
        <Form.Item label={t('cases.admin.calendar.kindLabel')} name="kind">
          <Radio.Group
            options={[
              { value: 'holiday', label: t('cases.admin.calendar.kind.holiday') },
              { value: 'workday', label: t('cases.admin.calendar.kind.workday') },
            ]}
          />
        </Form.Item>
        <Form.Item
          label={t('cases.admin.calendar.name')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('cases.admin.calendar.nameRequired') }, { max: 20 }]}
        >
          <Input maxLength={20} placeholder={t('cases.admin.calendar.namePlaceholder')} data-testid="calendar-name" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
