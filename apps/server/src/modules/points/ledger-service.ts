/**
 * Use-cases of the ledger's HTTP surface: staff read holders' accounts and histories in their
 * area and reverse a transfer (冲正, audited); a resident reads their own points. Every
 * account or transfer outside the viewer's area is "not found".
 */
import type {
  PointsAccountDetail,
  PointsAccountItem,
  PointsAccountList,
  PointsAccountsQuery,
  PointsEntry,
  PointsEntryList,
  PointsMe,
  PointsMyEntriesQuery,
  PointsMyEntry,
  PointsMyEntryList,
  PointsTransfer,
  PointsTransferKind,
} from '@gongzhi/api';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, inSubtrees, pathsWith, type Scope } from '../../platform/auth/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { unitForScope } from '../org/service.ts';
import { todayOf } from '../registry/person-data.ts';
import { type PostedTransfer, reverseTransfer } from './ledger.ts';
import * as repo from './ledger-repo.ts';

/** Transfers undone another way (an order's cancellation refunds it) or not at all. */
const NOT_REVERSIBLE: readonly string[] = ['reversal', 'redeem', 'refund'];
/** How many entries /me shows. */
export const RECENT_ENTRIES = 20;

function pageOf(q: { page?: number; pageSize?: number }) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  return { page, pageSize, limit: pageSize, offset: (page - 1) * pageSize };
}

function months(now: Date) {
  const today = todayOf(now);
  return { month: `${today.slice(0, 7)}-01`, yearStart: `${today.slice(0, 4)}-01-01` };
}

function toItem(r: repo.AccountRow): PointsAccountItem {
  return {
    id: r.uid,
    kind: r.kind,
    name: r.name ?? '',
    phone: r.phone,
    personId: r.person_uid,
    householdId: r.household_uid,
    householdNumber: r.household_number,
    grid: { id: r.grid_uid, name: r.grid_name },
    balance: Number(r.balance),
    entries: Number(r.entry_count),
    lastEntryAt: r.last_entry_at ? new Date(r.last_entry_at).toISOString() : null,
  };
}

function toEntry(r: repo.EntryRow): PointsEntry {
  return {
    transferId: r.transfer_uid,
    seq: Number(r.seq),
    at: new Date(r.created_at).toISOString(),
    occurredOn: r.occurred_on,
    kind: r.kind as PointsTransferKind,
    rule:
      r.rule_uid && r.rule_code
        ? {
            id: r.rule_uid,
            code: r.rule_code,
            title: r.rule_title ?? r.rule_code,
            version: Number(r.rule_version ?? 1),
          }
        : null,
    amount: Number(r.amount),
    balanceAfter: Number(r.balance_after),
    reason: r.reason,
    reverses: r.reverses_uid,
    reversedBy: r.reversed_by_uid,
    reversible: !NOT_REVERSIBLE.includes(r.kind) && r.reversed_by_uid === null,
  };
}

function toMyEntry(r: repo.EntryRow): PointsMyEntry {
  const { reversible: _r, reversedBy, ...e } = toEntry(r);
  return { ...e, account: r.account_uid, accountKind: r.account_kind, reversed: reversedBy !== null };
}

export function createLedgerService(deps: { clock: Clock }) {
  const { clock } = deps;

  async function listAccounts(db: Db, scope: Scope, q: PointsAccountsQuery): Promise<PointsAccountList> {
    const where = [inSubtrees('a.org_path', pathsWith(scope, 'points:read'))];
    if (q.unit) {
      const unit = await unitForScope(db, scope, { uid: q.unit }, 'points:read');
      where.push(inSubtrees('a.org_path', [unit.path]));
    }
    const p = pageOf(q);
    const { rows, total } = await repo.accountPage(
      db,
      { where, kind: q.kind, q: q.q, person: q.person, sort: q.sort ?? 'balance' },
      p,
    );
    return { items: rows.map(toItem), total, page: p.page, pageSize: p.pageSize };
  }

  async function readable(db: Db, scope: Scope, uid: string): Promise<repo.AccountRow> {
    const row = await repo.accountByUid(db, uid);
    if (!row || !canAt(scope, 'points:read', row.org_path)) throw new AppError('POINTS_ACCOUNT_NOT_FOUND', 404);
    return row;
  }

  async function viewAccount(db: Db, scope: Scope, uid: string): Promise<PointsAccountDetail> {
    const { month, yearStart } = months(clock());
    const row = await repo.accountDetailByUid(db, uid, yearStart, month);
    if (!row || !canAt(scope, 'points:read', row.org_path)) throw new AppError('POINTS_ACCOUNT_NOT_FOUND', 404);
    return {
      ...toItem(row),
      community: { id: row.community_uid, name: row.community_name },
      members: row.members,
      earnedThisMonth: row.earned_month,
      earnedThisYear: row.earned_year,
      spent: row.spent,
      canReverse: canAt(scope, 'points:review', row.org_path),
    };
  }

  async function accountEntries(
    db: Db,
    scope: Scope,
    uid: string,
    q: { page?: number; pageSize?: number },
  ): Promise<PointsEntryList> {
    const row = await readable(db, scope, uid);
    const p = pageOf(q);
    const rows = await repo.entryPage(db, [row.id], p);
    return { items: rows.map(toEntry), total: Number(row.entry_count), page: p.page, pageSize: p.pageSize };
  }

  async function toTransfer(
    db: Db,
    posted: PostedTransfer,
    t: { kind: string; occurredOn: string; reason: string | null; reverses: string | null },
  ): Promise<PointsTransfer> {
    const accounts = await repo.accountUids(
      db,
      posted.entries.map((e) => e.accountId),
    );
    return {
      id: posted.uid,
      kind: t.kind as PointsTransferKind,
      amount: Math.abs(posted.entries[0]?.amount ?? 0),
      occurredOn: t.occurredOn,
      createdAt: posted.createdAt.toISOString(),
      reason: t.reason,
      reverses: t.reverses,
      entries: posted.entries.map((e) => ({
        account: accounts.get(e.accountId)?.uid ?? '',
        accountKind: accounts.get(e.accountId)?.kind ?? '',
        seq: e.seq,
        amount: e.amount,
        balanceAfter: e.balanceAfter,
      })),
    };
  }

  /** 冲正: the transfer runs back, once; audited with the reason. */
  async function reverse(trx: Db, scope: Scope, uid: string, body: { reason: string }): Promise<PointsTransfer> {
    const original = await repo.transferByUid(trx, uid);
    if (!original || !canAt(scope, 'points:review', original.org_path)) {
      throw new AppError('POINTS_TRANSFER_NOT_FOUND', 404);
    }
    const now = clock();
    const reason = body.reason.trim();
    const posted = await reverseTransfer(trx, original.id, reason, scope.user.id, now);
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'points.transfer.reverse',
        targetType: 'points_transfer',
        targetId: original.uid,
        orgPath: original.org_path,
        before: { kind: original.kind, amount: Number(original.amount), occurredOn: original.occurred_on },
        after: { reversal: posted.uid, amount: Number(original.amount), reason },
      },
      now,
    );
    return toTransfer(trx, posted, {
      kind: 'reversal',
      occurredOn: original.occurred_on,
      reason,
      reverses: original.uid,
    });
  }

  async function myPerson(db: Db, scope: Scope) {
    const person = await repo.personOfUser(db, scope.user.id);
    if (!person) throw new AppError('POINTS_NO_PERSON', 404);
    return person;
  }

  async function me(db: Db, scope: Scope): Promise<PointsMe> {
    const person = await myPerson(db, scope);
    const ids = await repo.accountIdsOf(db, person.id, person.household_id);
    const accounts = await repo.accountsByIds(db, ids);
    const { month, yearStart } = months(clock());
    const earned = await repo.earnedSince(db, ids, yearStart, month);
    const recent = await repo.entryPage(db, ids, { limit: RECENT_ENTRIES, offset: 0 });
    return {
      person: { id: person.uid, name: person.name },
      accounts: accounts.map((a) => ({
        id: a.uid,
        kind: a.kind,
        balance: Number(a.balance),
        earnedThisMonth: earned.get(a.id)?.month ?? 0,
        community: { id: a.community_uid, name: a.community_name },
        grid: { id: a.grid_uid, name: a.grid_name },
      })),
      recent: recent.map(toMyEntry),
    };
  }

  async function myEntries(db: Db, scope: Scope, q: PointsMyEntriesQuery): Promise<PointsMyEntryList> {
    const person = await myPerson(db, scope);
    const ids = await repo.accountIdsOf(db, person.id, person.household_id);
    const accounts = await repo.accountsByIds(db, ids);
    const chosen = q.account ? accounts.filter((a) => a.uid === q.account) : accounts;
    if (q.account && chosen.length === 0) throw new AppError('POINTS_ACCOUNT_NOT_FOUND', 404);
    const p = pageOf(q);
    const rows = await repo.entryPage(
      db,
      chosen.map((a) => a.id),
      p,
    );
    const total = chosen.reduce((n, a) => n + Number(a.entry_count), 0);
    return { items: rows.map(toMyEntry), total, page: p.page, pageSize: p.pageSize };
  }

  return { listAccounts, viewAccount, accountEntries, reverse, me, myEntries };
}

export type LedgerService = ReturnType<typeof createLedgerService>;
