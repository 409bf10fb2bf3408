/**
 * 我要提议题: a resident proposes a topic for their community. It starts as a proposal that
 * neighbours co-sign (联名); reaching the community's threshold puts it before the staff, who
 * start it on a procedure. The topic's uid is made once here, so a retry finds the same one.
 */
import { Button, Toast } from 'antd-mobile';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorText } from '../display.tsx';
import { type FieldProblems, TextField, useFieldProblems } from '../form-fields.tsx';
import { ResidentPage } from '../layout.tsx';
import { useWriteKey } from '../write-key.ts';
import './deliberation.css';
import { useProposeTopic } from './topic-hooks.ts';

const FIELDS = ['title', 'description'] as const;

export default function ProposeTopicPage() {
  const { t } = useTranslation();
  const ids = useId();
  const navigate = useNavigate();
  const propose = useProposeTopic();
  const writeKey = useWriteKey('topic-propose');
  const uid = useRef(crypto.randomUUID()).current;
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const form = useFieldProblems<(typeof FIELDS)[number]>(ids);

  const send = async () => {
    const found: FieldProblems<(typeof FIELDS)[number]> = {};
    if (!title.trim()) found.title = t('residentDeliberation.propose.titleRequired');
    if (!description.trim()) found.description = t('residentDeliberation.propose.descriptionRequired');
    if (form.show(found)) return;
    const body = { uid, title: title.trim(), description: description.trim() };
    try {
      const topic = await propose.mutateAsync({ body, key: writeKey.keyFor(body) });
      writeKey.done();
      Toast.show({ icon: 'success', content: t('residentDeliberation.propose.topicSent') });
      navigate(`/r/deliberation/topics/${topic.uid}`, { replace: true });
    } catch (err) {
      form.showServer(err, FIELDS);
      Toast.show({ icon: 'fail', content: errorText(err, t('errors.unexpected')) });
    }
  };

  return (
    <ResidentPage title={t('residentDeliberation.propose.topicTitle')} back="/r/deliberation" testId="r-topic-propose">
      <form
        noValidate
        data-testid="r-topic-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <p className="gzr-muted gzr-pad" style={{ paddingTop: 8 }}>
          {t('residentDeliberation.propose.topicIntro')}
        </p>
        <TextField
          ids={ids}
          name="title"
          label={t('residentDeliberation.propose.title')}
          value={title}
          onChange={setTitle}
          problem={form.problems.title}
          maxLength={80}
          testId="r-topic-title"
        />
        <TextField
          ids={ids}
          name="description"
          label={t('residentDeliberation.propose.description')}
          value={description}
          onChange={setDescription}
          problem={form.problems.description}
          maxLength={4000}
          multiline
          testId="r-topic-description"
        />
        <div className="gzr-actions">
          <Button
            block
            type="submit"
            color="primary"
            size="large"
            loading={propose.isPending}
            data-testid="r-topic-submit"
          >
            {t('residentDeliberation.propose.submitTopic')}
          </Button>
        </div>
      </form>
    </ResidentPage>
  );
}
