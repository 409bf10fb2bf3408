/**
 * 发布公示: the ranking on screen is frozen as a public notice — its top rows, names masked
 * (张*明), no ids — for a number of days (公示期), of which the first are the objection window
 * (异议期). What is published and for how long is repeated before it is sent.
 */
import { App, Col, Form, Input, InputNumber, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { type RankingPeriodKind, type RankingSubject, usePublishRanking } from './hooks-rankings.ts';

interface PublishForm {
  title: string;
  days: number;
  objectionDays: number;
  top: number;
}

export function PublishModal({
  unit,
  subject,
  period,
  at,
  periodLabel,
  onClose,
  onPublished,
}: {
  unit: { id: string; name: string };
  subject: RankingSubject;
  period: RankingPeriodKind;
  at: string;
  periodLabel: string;
  onClose: () => void;
  onPublished: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PublishForm>();
  const onError = useFormErrors(form);
  const publish = usePublishRanking();
  const subjectName = t(`points.rankings.subject.${subject}`);
  const initial: PublishForm = {
    title: t('points.rankings.defaultTitle', { unit: unit.name, period: periodLabel, subject: subjectName }),
    days: 15,
    objectionDays: 7,
    top: 50,
  };

  const submit = () =>
    form.validateFields().then((v) =>
      publish.mutate(
        {
          unit: unit.id,
          subject,
          period,
          at,
          title: v.title.trim(),
          days: v.days,
          objectionDays: v.objectionDays,
          top: v.top,
        },
        {
          onSuccess: (p) => {
            message.success(t('points.rankings.published', { title: p.title }));
            onPublished(p.id);
          },
          onError,
        },
      ),
    );

  return (
    <FormModal
      title={t('points.rankings.publishTitle')}
      onCancel={onClose}
      onSubmit={submit}
      submitting={publish.isPending}
      submitText={t('points.rankings.publishSubmit')}
      submitTestId="publish-submit"
    >
      <Typography.Paragraph>
        {t('points.rankings.publishBody', { unit: unit.name, period: periodLabel, subject: subjectName })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={initial} requiredMark={false}>
        <Form.Item
          name="title"
          label={t('points.rankings.noticeTitle')}
          rules={[{ required: true, whitespace: true, message: t('points.rankings.titleRequired') }]}
        >
          <Input maxLength={100} showCount data-testid="publish-title" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item
              name="days"
              label={t('points.rankings.days')}
              rules={[{ required: true, message: t('points.rankings.daysRequired') }]}
            >
              <InputNumber
                min={1}
                max={90}
                precision={0}
                suffix={t('points.rankings.dayUnit')}
                style={{ width: '100%' }}
                data-testid="publish-days"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name="objectionDays"
              label={t('points.rankings.objectionDays')}
              dependencies={['days']}
              rules={[
                { required: true, message: t('points.rankings.daysRequired') },
                ({ getFieldValue }) => ({
                  validator: (_, value: number | undefined) =>
                    value === undefined || value <= (getFieldValue('days') as number)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('points.rankings.objectionTooLong'))),
                }),
              ]}
            >
              <InputNumber
                min={1}
                max={30}
                precision={0}
                suffix={t('points.rankings.dayUnit')}
                style={{ width: '100%' }}
                data-testid="publish-objection-days"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="top" label={t('points.rankings.top')} rules={[{ required: true }]}>
              <InputNumber min={1} max={500} precision={0} style={{ width: '100%' }} data-testid="publish-top" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Paragraph className="gz-muted" style={{ margin: 0 }}>
          {t('points.rankings.publishNote')}
        </Typography.Paragraph>
      </Form>
    </FormModal>
  );
}
