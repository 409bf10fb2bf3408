/**
 * The worker's must-visit list for a month (必访清单), household cards included: shown from
 * IndexedDB at once, then refreshed from GET /api/visits/mine when the phone is online.
 * Plain TypeScript; hooks.ts puts it into React.
 */
import type { DueItem, MyVisitList, VisitInput } from '@gongzhi/api';
import { api } from '../api/client.ts';
import { loadList, type StoredList, saveList, store } from './store.ts';

const chinaDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** 'YYYY-MM-DD' in Asia/Shanghai, whatever the phone's own zone. */
export function chinaDate(at: Date): string {
  return chinaDay.format(at);
}

/** 'YYYY-MM' in Asia/Shanghai. */
export function chinaMonth(at: Date): string {
  return chinaDate(at).slice(0, 7);
}

type ListListener = (userId: string, month: string) => void;
const listeners = new Set<ListListener>();

export function subscribeLists(listener: ListListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(row: StoredList): void {
  for (const l of listeners) l(row.userId, row.month);
}

export async function cachedList(userId: string, month: string): Promise<StoredList | undefined> {
  return loadList(userId, month);
}

let early: { month: string; answer: Promise<MyVisitList> } | null = null;

/**
 * Asks for the month's list as the app starts, beside /api/auth/me rather than after it: on
 * a first load over a slow network that is one round trip (≈2 s on 3G) less. The session
 * cookie says whose list it is; the answer is stored once /me has said who that is.
 */
export function prefetchList(month: string): void {
  if (early || !navigator.onLine) return;
  early = { month, answer: api.get<MyVisitList>('/api/visits/mine', { month }) };
  // Whoever takes the answer handles its failure.
  early.answer.catch(() => {});
}

/** Asks the server for the month's list and keeps it whole on the phone. */
export async function fetchList(userId: string, month: string, at: Date): Promise<StoredList> {
  const taken = early?.month === month ? early.answer : null;
  early = null;
  const list = await (taken ?? api.get<MyVisitList>('/api/visits/mine', { month }));
  const row = await saveList(userId, list, at.toISOString());
  changed(row);
  return row;
}

/** Does this visit cover the item: its household (or, for a person alone, that person), in its period? */
export function covers(item: DueItem, input: VisitInput): boolean {
  const day = chinaDate(new Date(input.visitedAt));
  if (day < item.periodStart || day > item.periodEnd) return false;
  if (item.card.householdId) return input.householdId === item.card.householdId;
  return item.card.members.some((m) => input.personIds.includes(m.id));
}

/**
 * Marks the items the server accepted visits for as done in the stored lists, so the list is
 * right before the next refresh; the server's own list replaces it on that refresh.
 */
export async function markVisitedLocally(
  userId: string,
  visited: Array<{ dueId: string | null; input: VisitInput; visitId: string }>,
): Promise<void> {
  if (visited.length === 0) return;
  const db = await store();
  for (const row of await db.getAllFromIndex('lists', 'byUser', userId)) {
    let touched = false;
    const items = row.list.items.map((item) => {
      const v = visited.find((x) => x.dueId === item.id || (item.status === 'open' && covers(item, x.input)));
      if (!v || item.status === 'cancelled') return item;
      touched = true;
      const lastVisit = {
        id: v.visitId,
        visitedAt: v.input.visitedAt,
        method: v.input.method,
        worker: '',
        summary: v.input.summary.slice(0, 200),
      };
      return {
        ...item,
        status: 'done' as const,
        overdue: false,
        visitId: v.visitId,
        card: { ...item.card, lastVisit },
      };
    });
    if (touched) {
      const next = { ...row, list: { ...row.list, items } };
      await db.put('lists', next);
      changed(next);
    }
  }
}
