/**
 * 我要提项目 (提议): a resident proposes a 民生微实事 project for a budget that is still taking
 * proposals — what, why, where, and what they think it costs (in yuan; the review sets the
 * price). The project's uid is made once here, so a retry after a lost answer finds the same one.
 */
import { Button, Toast } from 'antd-mobile';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { fieldProblems } from '../../api/client.ts';
import { errorText, LoadFailed, Loading } from '../display.tsx';
import { ResidentPage } from '../layout.tsx';
import { useWriteKey } from '../write-key.ts';
import { centsOf, yuan } from './format.ts';
import { useBudget, useProposeProject } from './micro-hooks.ts';

type Problems = Partial<Record<'title' | 'description' | 'location' | 'estimate', string>>;

export default function ProposeProjectPage() {
  const { t } = useTranslation();
  const ids = useId();
  const navigate = useNavigate();
  const { uid: budgetUid } = useParams();
  const budget = useBudget(budgetUid);
  const propose = useProposeProject();
  const writeKey = useWriteKey('project-propose');
  const uid = useRef(crypto.randomUUID()).current;
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [location, setLocation] = useState('');
  const [estimate, setEstimate] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const pageTitle = t('residentDeliberation.propose.projectTitle');
  const back = `/r/deliberation/budgets/${budgetUid}`;

  if (budget.isPending || budget.isError) {
    return (
      <ResidentPage title={pageTitle} back={back} testId="r-project-propose">
        {budget.isPending ? <Loading /> : <LoadFailed error={budget.error} retry={() => void budget.refetch()} />}
      </ResidentPage>
    );
  }
  const b = budget.data;
  if (!b.allowedActions.includes('propose')) {
    return (
      <ResidentPage title={pageTitle} back={back} testId="r-project-propose">
        <p className="gzr-empty">{t('residentDeliberation.propose.closed')}</p>
      </ResidentPage>
    );
  }

  const cents = centsOf(estimate);
  const check = (): Problems => {
    const p: Problems = {};
    if (!title.trim()) p.title = t('residentDeliberation.propose.titleRequired');
    if (!description.trim()) p.description = t('residentDeliberation.propose.descriptionRequired');
    if (cents === null) p.estimate = t('residentDeliberation.propose.estimateInvalid');
    else if (cents > b.amountCents)
      p.estimate = t('residentDeliberation.propose.estimateOver', { total: yuan(b.amountCents) });
    return p;
  };

  const send = async () => {
    const found = check();
    setProblems(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`${ids}-${first}`)?.focus();
      return;
    }
    const body = {
      uid,
      title: title.trim(),
      description: description.trim(),
      estimateCents: cents ?? 0,
      ...(location.trim() ? { location: location.trim() } : {}),
    };
    try {
      await propose.mutateAsync({ budgetUid: b.uid, body, key: writeKey.keyFor(body) });
      writeKey.done();
      Toast.show({ icon: 'success', content: t('residentDeliberation.propose.projectSent') });
      navigate(`/r/deliberation/budgets/${b.uid}`, { replace: true });
    } catch (err) {
      const named = fieldProblems(err);
      if (named.length > 0) {
        const next: Problems = {};
        for (const f of named) {
          const name = f.field.replace(/^\/?(body\.)?/, '').replace(/^\//, '');
          next[name === 'estimateCents' ? 'estimate' : (name as keyof Problems)] = f.message;
        }
        setProblems(next);
      } else {
        Toast.show({ icon: 'fail', content: errorText(err, t('errors.unexpected')) });
      }
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
    <ResidentPage title={pageTitle} back={back} testId="r-project-propose">
      <form
        noValidate
        data-testid="r-project-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <p className="gzr-muted gzr-pad" style={{ paddingTop: 8 }}>
          {t('residentDeliberation.propose.projectIntro', { budget: b.title, total: yuan(b.amountCents) })}
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
            data-testid="r-project-title"
          />
          {error('title')}
        </div>
        <div className="gzr-field">
          <label className="gzr-label" htmlFor={`${ids}-description`}>
            {t('residentDeliberation.propose.projectDescription')}
          </label>
          <textarea
            {...field('description')}
            className="gzr-textarea"
            value={description}
            maxLength={4000}
            onChange={(e) => setDescription(e.target.value)}
            data-testid="r-project-description"
          />
          {error('description')}
        </div>
        <div className="gzr-field">
          <label className="gzr-label" htmlFor={`${ids}-location`}>
            {t('residentDeliberation.propose.location')}
          </label>
          <input
            {...field('location')}
            className="gzr-input"
            value={location}
            maxLength={128}
            onChange={(e) => setLocation(e.target.value)}
            data-testid="r-project-location"
          />
          {error('location')}
        </div>
        <div className="gzr-field">
          <label className="gzr-label" htmlFor={`${ids}-estimate`}>
            {t('residentDeliberation.propose.estimate')}
          </label>
          <input
            {...field('estimate')}
            className="gzr-input"
            inputMode="decimal"
            value={estimate}
            onChange={(e) => setEstimate(e.target.value)}
            data-testid="r-project-estimate"
          />
          {cents !== null && <p className="gzr-muted">{yuan(cents)}</p>}
          {error('estimate')}
        </div>
        <div className="gzr-actions">
          <Button
            block
            type="submit"
            color="primary"
            size="large"
            loading={propose.isPending}
            data-testid="r-project-submit"
          >
            {t('residentDeliberation.propose.submitProject')}
          </Button>
        </div>
      </form>
    </ResidentPage>
  );
}
