/**
 * Deliberation (议事协商) in the generated district: the accounts of the eight 金溪社区 residents
 * who propose and co-sign in the demo's stories (deliberation-seed.ts openDemoResidentAccounts),
 * so scale 1 keeps the demo district's accounts as the demo seed writes them. Their persons are
 * drawn from the registry, which at scale 1 is the demo's row for row. The councils, topics,
 * meetings, votes and budgets of the demo are not generated.
 */
import { openDemoResidentAccounts } from '../../../apps/server/src/demo/deliberation-seed.ts';
import type { Step } from '../step.ts';

export const deliberationStep: Step = {
  name: 'deliberation',
  async run(ctx) {
    const accounts = await openDemoResidentAccounts(ctx.db, ctx.now);
    return { deliberationAccounts: accounts.length };
  },
};
