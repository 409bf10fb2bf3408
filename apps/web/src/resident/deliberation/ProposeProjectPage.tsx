/**
 * 我要提项目 (提议): a resident proposes a 民生微实事 project for a budget that is still taking
 * proposals — what, why, where, and what they think it costs (in yuan; the review sets the
 * price). The project's uid is made once here, so a retry after a lost answer finds the same one.
 */
import { Button, Toast } from 'antd-mobile';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { errorText, LoadFailed, Loading } from '../display.tsx';
import { type FieldProblems, TextField, useFieldProblems } from '../form-fields.tsx';
import { ResidentPage } from '../layout.tsx';
import { useWriteKey } from '../write-key.ts';
import { centsOf, yuan } from './format.ts';
import { useBudget, useProposeProject } from './micro-hooks.ts';

const FIELDS = ['title', 'description', 'location', 'estimate'] as const;
type Field = (typeof FIELDS)[number];

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
  const form = useFieldProblems<Field>(ids);
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
  const check = (): FieldProblems<Field> => {
    const p: FieldProblems<Field> = {};
    if (!title.trim()) p.title = t('residentDeliberation.propose.titleRequired');
    if (!description.trim()) p.description = t('residentDeliberation.propose.descriptionRequired');
    if (cents === null) p.estimate = t('residentDeliberation.propose.estimateInvalid');
    else if (cents > b.amountCents)
      p.estimate = t('residentDeliberation.propose.estimateOver', { total: yuan(b.amountCents) });
    return p;
  };

  const send = async () => {
    if (form.show(check())) return;
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
      if (!form.showServer(err, FIELDS, { estimateCents: 'estimate' }))
        Toast.show({ icon: 'fail', content: errorText(err, t('errors.unexpected')) });
    }
  };

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
        <TextField
          ids={ids}
          name="title"
          label={t('residentDeliberation.propose.title')}
          value={title}
          onChange={setTitle}
          problem={form.problems.title}
          maxLength={80}
          testId="r-project-title"
        />
        <TextField
          ids={ids}
          name="description"
          label={t('residentDeliberation.propose.projectDescription')}
          value={description}
          onChange={setDescription}
          problem={form.problems.description}
          maxLength={4000}
          multiline
          testId="r-project-description"
        />
        <TextField
          ids={ids}
          name="location"
          label={t('residentDeliberation.propose.location')}
          value={location}
          onChange={setLocation}
          problem={form.problems.location}
          maxLength={128}
          testId="r-project-location"
        />
        <TextField
          ids={ids}
          name="estimate"
          label={t('residentDeliberation.propose.estimate')}
          value={estimate}
          onChange={setEstimate}
          problem={form.problems.estimate}
          inputMode="decimal"
          hint={cents !== null ? yuan(cents) : null}
          testId="r-project-estimate"
        />
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
