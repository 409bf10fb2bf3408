/**
 * 我要提议题: a resident proposes a topic for their community. It starts as a proposal that
 * neighbours co-sign (联名); reaching the community's threshold puts it before the staff, who
 * start it on a procedure. The topic's uid is made once here, so a retry finds the same one.
 */
import { Button, Toast } from 'antd-mobile';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { fieldProblems } from '../../api/client.ts';
import { errorText } from '../display.tsx';
import { ResidentPage } from '../layout.tsx';
import { useWriteKey } from '../write-key.ts';
import './deliberation.css';
import { useProposeTopic } from './topic-hooks.ts';

type Problems = Partial<Record<'title' | 'description', string>>;

export default function ProposeTopicPage() {
  const { t } = useTranslation();
  const ids = useId();
  const navigate = useNavigate();
  const propose = useProposeTopic();
  const writeKey = useWriteKey('topic-propose');
  const uid = useRef(crypto.randomUUID()).current;
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [problems, setProblems] = useState<Problems>({});

  const send = async () => {
    const found: Problems = {};
    if (!title.trim()) found.title = t('residentDeliberation.propose.titleRequired');
    if (!description.trim()) found.description = t('residentDeliberation.propose.descriptionRequired');
    setProblems(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`${ids}-${first}`)?.focus();
      return;
    }
    const body = { uid, title: title.trim(), description: description.trim() };
    try {
      const topic = await propose.mutateAsync({ body, key: writeKey.keyFor(body) });
      writeKey.done();
      Toast.show({ icon: 'success', content: t('residentDeliberation.propose.topicSent') });
      navigate(`/r/deliberation/topics/${topic.uid}`, { replace: true });
    } catch (err) {
      const named = fieldProblems(err);
      if (named.length > 0) {
        const next: Problems = {};
        for (const f of named) {
          const name = f.field.replace(/^\/?(body\.)?/, '').replace(/^\//, '');
          if (name === 'title' || name === 'description') next[name] = f.message;
        }
        setProblems(next);
      }
      Toast.show({ icon: 'fail', content: errorText(err, t('errors.unexpected')) });
    }
  };

  const field = (name: keyof Problems) => ({
    id: `${ids}-${name}`,
    'aria-invalid': Boolean(problems[name]),
    'aria-describedby': problems[name] ? `${ids}-${name}-problem` : undefined,
  });
  const error = (name: keyof Problems) =>
    problems[name] ? (
      <p id={`${ids}-${name}-problem`} className="gzr-field-error" role="alert">
        {problems[name]}
      </p>
    ) : null;

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
        <div className="gzr-field">
          <label className="gzr-label" htmlFor={`${ids}-title`}>
            {t('residentDeliberation.propose.title')}
          </label>
          <input
            {...field('title')}
            className="gzr-input"
            value={title}
            maxLength={80}
            onChange={(e) => setTitle(e.target.value)}
            data-testid="r-topic-title"
          />
          {error('title')}
        </div>
        <div className="gzr-field">
          <label className="gzr-label" htmlFor={`${ids}-description`}>
            {t('residentDeliberation.propose.description')}
          </label>
          <textarea
            {...field('description')}
            className="gzr-textarea"
            value={description}
            maxLength={4000}
            onChange={(e) => setDescription(e.target.value)}
            data-testid="r-topic-description"
          />
          {error('description')}
        </div>
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
