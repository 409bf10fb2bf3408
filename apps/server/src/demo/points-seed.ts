/**
 * The demo district's points (积分制), so a newcomer sees them in use: 江海区's starter
 * catalogue (文明行为、环境卫生、邻里互助、移风易俗、志愿服务、参与议事、党员责任岗, + and −, with
 * evidence and caps) and 金溪社区's own items (one of them raised this month: a second version);
 * three months of 金溪社区 — households joining month by month (its story: 100 to 500 households
 * in three months), staff awards and deductions, residents' claims approved, and claims still
 * pending, asked for more, or rejected; the 积分超市 with stock and orders placed, handed over
 * and cancelled; last month's ranking published as a 公示 with one objection answered; the
 * 党员责任岗 held by its party members, with their monthly party points.
 *
 * resident.demo (王桂芳) is linked to her person in grid 440704001001001 — created here, as
 * the 妻 of a household there, since the planned population has no 王桂芳 — with a balance, a
 * history, an order waiting to be collected and a claim waiting for review.
 *
 * Every point moves through the ledger's postTransfer (modules/points/ledger.ts), in time
 * order, so every chain verifies and the balances sum to zero; the other tables (catalogue,
 * claims, orders, publications, posts) are written set-based. Relative to the seed's `now`
 * (Asia/Shanghai months and days), deterministic for a given seed and day.
 */
import { randomUUID } from 'node:crypto';
import {
  addDays,
  chinaDate,
  makeIdNumber,
  maskIdNumber,
  maskName,
  maskPhone,
  monthOf,
  monthPeriod,
} from '@gongzhi/domain';
import { sql } from 'kysely';
import {
  type AccountRef,
  communityAccount,
  type HolderOwner,
  holderAccount,
  type PostedTransfer,
  postTransfer,
} from '../modules/points/ledger.ts';
import { indexOf, nameGrams } from '../modules/registry/person-data.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import { type Keys, seal } from '../platform/crypto.ts';
import type { Db } from '../platform/db/database.ts';
import { DEMO_DISTRICT } from './district.ts';
import {
  APPROVE_NOTES,
  CANCEL_REASONS,
  CLAIM_TEXTS,
  DEMO_RESIDENT_CLAIM,
  DISTRICT_RULES,
  INFO_REQUESTS,
  JINXI_POSTS,
  JINXI_RAISED,
  JINXI_RULES,
  JINXI_STORE,
  OBJECTION,
  REJECT_REASONS,
  type StarterRule,
} from './points-stories.ts';
import { POPULATION_SEED } from './population.ts';
import { Rng, WeightedPool } from './random.ts';
import { chinaAt } from './visit-lists.ts';

/** The community whose points the demo shows. */
export const POINTS_COMMUNITY = '440704001001';
/** resident.demo's grid: 张海峰's. */
export const DEMO_RESIDENT_GRID = '440704001001001';
export const DEMO_RESIDENT = 'resident.demo';
export const DEMO_RESIDENT_NAME = '王桂芳';
const DEMO_RESIDENT_BIRTH = '1953-04-12';
const DEMO_RESIDENT_PHONE = '13676128035';
const STAFF = 'staff.jinxi';
const DISTRICT_ADMIN = 'district';

/** Share of 金溪社区's households taking part by the end of each of the three months. */
const JOINED = [0.3, 0.5, 0.7];
const MINUTE = 60_000;

type Owner = HolderOwner;
const ownerKey = (o: Owner) => (o.kind === 'household' ? `h${o.householdId}` : `${o.kind[0]}${o.personId}`);

interface RuleRef {
  id: number;
  code: string;
  text: StarterRule;
  versions: Array<{ id: number; version: number; points: number; from: string; until: string | null }>;
}

interface Member {
  id: number;
  name: string;
  adult: boolean;
  partyMember: boolean;
}

interface Home {
  id: number;
  gridId: number;
  members: Member[];
  /** Index of the month (0..2) it joined, or 3: not yet. */
  joins: number;
}

/** A movement of points the seed makes, in the order it happened. */
interface Event {
  at: Date;
  day: string;
  kind: 'award' | 'deduct' | 'claim' | 'redeem';
  owner: Owner;
  /** The person who did it (claims, orders). */
  personId: number;
  rule?: RuleRef;
  amount: number;
  reason: string;
  /** Claims: when it was filed, by whom, how. */
  claim?: { filedAt: Date; note: string; description: string; witness: string | null; byResident: boolean };
  /** Orders. */
  order?: {
    item: number;
    quantity: number;
    byResident: boolean;
    /** A redemption still to be settled: two draws, and the household whose points may pay instead. */
    wish?: [number, number];
    household?: number;
  };
  /** Orders: what became of it (decided when it is posted), and the refund of a cancelled one. */
  state?: { status: 'placed' | 'fulfilled' | 'cancelled'; closedAt: Date | null; byStaff: boolean; code: string };
  refund?: PostedTransfer;
  /** Set when the event was posted. */
  posted?: PostedTransfer;
  holder?: AccountRef;
}

export interface PointsSeeded {
  rules: number;
  transfers: number;
  claims: number;
  orders: number;
  accounts: number;
}

const isoOf = (d: Date) => d.toISOString();

export async function seedPoints(
  trx: Db,
  keys: Keys,
  now: Date,
  seed: number = POPULATION_SEED,
): Promise<PointsSeeded> {
  // As the registry's and the visits' seeds do: on PGlite (a superuser) the rows skip the
  // per-row foreign-key triggers, the ledger's statements too; elsewhere they run as usual.
  const { rows: role } = await sql<{ su: boolean }>`
    select rolsuper as su from pg_roles where rolname = current_user`.execute(trx);
  const superuser = role[0]?.su === true;
  if (superuser) await sql`set local session_replication_role = replica`.execute(trx);
  const today = chinaDate(now);
  const yesterday = addDays(today, -1);
  const thisMonth = monthOf(today);
  const lastMonth = monthOf(addDays(`${thisMonth}-01`, -1));
  const months = [monthOf(addDays(`${lastMonth}-01`, -1)), lastMonth, thisMonth];
  const firstDay = `${months[0]}-01`;
  // Every time the seed writes is in the past: at most an hour before now.
  const past = (d: Date) => (d.getTime() > now.getTime() - 60 * MINUTE ? new Date(now.getTime() - 60 * MINUTE) : d);
  const at = (day: string, minutes: number) => past(chinaAt(day, minutes));

  const { rows: unitRows } = await sql<{ id: number; code: string; path: string; district_id: number | null }>`
    select id, code, path, district_id from org_unit where code in (${DEMO_DISTRICT.code}, ${POINTS_COMMUNITY})`.execute(
    trx,
  );
  const district = unitRows.find((u) => u.code === DEMO_DISTRICT.code);
  const community = unitRows.find((u) => u.code === POINTS_COMMUNITY);
  if (!district || !community) throw new Error('points seed: the demo district is not seeded');
  const { rows: userRows } = await sql<{ id: number; username: string }>`
    select id, username from app_user where username in (${STAFF}, ${DISTRICT_ADMIN}, ${DEMO_RESIDENT})`.execute(trx);
  const userId = (u: string) => {
    const r = userRows.find((x) => x.username === u);
    if (!r) throw new Error(`points seed: no account ${u}`);
    return r.id;
  };
  const staff = userId(STAFF);
  const resident = userId(DEMO_RESIDENT);

  const wang = await linkDemoResident(trx, keys, now);

  // ── The catalogue ──
  const ruleSetAt = at(addDays(firstDay, -12), 9 * 60 + 40);
  const raisedAt = at(addDays(`${thisMonth}-01`, -1), 16 * 60 + 10);
  const rules = await insertRules(trx, {
    districtId: district.id,
    district,
    community,
    districtAdmin: userId(DISTRICT_ADMIN),
    staff,
    setAt: ruleSetAt,
    validFrom: chinaDate(ruleSetAt),
    raisedAt,
    thisMonth,
  });
  const rule = (code: string) => rules.get(code) as RuleRef;
  const versionOn = (r: RuleRef, day: string) =>
    r.versions.find((v) => v.from <= day && (v.until === null || v.until >= day)) ??
    (r.versions[0] as RuleRef['versions'][0]);

  // ── Who lives in 金溪社区 ──
  const homes = await homesOf(trx, community.path);
  const rng = Rng.stream(seed, 'points:homes');
  for (const h of homes) {
    const u = rng.float();
    h.joins = u < (JOINED[0] as number) ? 0 : u < (JOINED[1] as number) ? 1 : u < (JOINED[2] as number) ? 2 : 3;
  }
  const wangHome = homes.find((h) => h.members.some((m) => m.id === wang.personId));
  if (wangHome) wangHome.joins = 0;
  const partyMembers = homes.flatMap((h) => h.members.filter((m) => m.partyMember));

  // ── Three months of deeds ──
  const events: Event[] = [];
  const residentRules = [...DISTRICT_RULES, ...JINXI_RULES].filter(
    (r) => r.appliesTo !== 'party_member' && r.weight > 0,
  );
  const pool = new WeightedPool(residentRules.map((r) => [r, r.weight] as const));
  const dayIn = (r: Rng, from: string, to: string) =>
    addDays(from, r.int(Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1));
  const workMinutes = (r: Rng) => r.between(8 * 60 + 45, 17 * 60 + 30);
  const recordedAt = (r: Rng, day: string) => at(later(day, addDays(day, r.between(0, 2)), yesterday), workMinutes(r));

  months.forEach((month, mi) => {
    const period = monthPeriod(month);
    const to = earlier(period.end, yesterday);
    if (period.start > to) return;
    const share = (daysBetween(period.start, to) + 1) / (daysBetween(period.start, period.end) + 1);
    for (const h of homes) {
      if (h.joins > mi) continue;
      const r = Rng.stream(seed, `points:deeds:${month}:${h.id}`);
      const deeds = Math.round(r.between(1, 3) * share);
      const adults = h.members.filter((m) => m.adult);
      for (let i = 0; i < deeds; i++) {
        const text = pool.draw(r);
        const ref = rule(text.code);
        const person = r.pick(adults.length ? adults : h.members);
        const owner: Owner =
          text.appliesTo === 'household'
            ? { kind: 'household', householdId: h.id }
            : { kind: 'person', personId: person.id };
        const day = dayIn(r, period.start, to);
        const version = versionOn(ref, day);
        const asClaim = version.points > 0 && text.claimable && !text.evidence.includes('photo') && r.chance(0.45);
        const reason = r.pick(text.reasons);
        const recorded = recordedAt(r, day);
        events.push({
          at: recorded,
          day,
          kind: version.points < 0 ? 'deduct' : asClaim ? 'claim' : 'award',
          owner,
          personId: person.id,
          rule: ref,
          amount: Math.abs(version.points),
          reason,
          ...(asClaim
            ? {
                claim: {
                  filedAt: new Date(
                    Math.max(chinaAt(day, 6 * 60 + 30).getTime(), recorded.getTime() - r.between(30, 20 * 60) * MINUTE),
                  ),
                  note: r.pick(APPROVE_NOTES),
                  description: r.pick(CLAIM_TEXTS[text.code] ?? [{ description: reason }]).description,
                  witness: text.evidence.includes('witness')
                    ? (r.pick(CLAIM_TEXTS[text.code] ?? [{ description: '' }]).witness ?? '邻居')
                    : null,
                  byResident: false,
                },
              }
            : {}),
        });
      }
      // Redemptions, from the second month on: points earned are spent.
      // What they take is settled when they come, by what they can afford (see the posting below).
      if (mi >= 1 && r.chance(0.45)) {
        const person = r.pick(adults.length ? adults : h.members);
        if (person.id === wang.personId) continue;
        // Late in the month, when the month's points are in.
        const day = dayIn(r, earlier(addDays(period.start, 12), to), to);
        events.push({
          at: at(day, r.between(9 * 60, 17 * 60)),
          day,
          kind: 'redeem',
          owner: { kind: 'person', personId: person.id },
          personId: person.id,
          amount: 0,
          reason: '',
          order: { item: -1, quantity: 0, byResident: false, wish: [r.float(), r.float()], household: h.id },
        });
      }
    }
    // Party members: their duty post's monthly assessment at the month's end, organisation life, service.
    for (const m of partyMembers) {
      const r = Rng.stream(seed, `points:party:${month}:${m.id}`);
      const owner: Owner = { kind: 'party_member', personId: m.id };
      const award = (code: string, day: string, kind: 'award' | 'deduct' = 'award') => {
        const ref = rule(code);
        events.push({
          at: recordedAt(r, day),
          day,
          kind,
          owner,
          personId: m.id,
          rule: ref,
          amount: Math.abs(versionOn(ref, day).points),
          reason: r.pick(ref.text.reasons),
        });
      };
      const mid = addDays(period.start, r.between(8, 18));
      if (mid <= to) {
        if (r.chance(0.85)) award('DY-02', mid);
        else if (r.chance(0.5)) award('DY-04', mid, 'deduct');
      }
      for (let i = r.between(0, 1); i > 0; i--) award('DY-03', dayIn(r, period.start, to));
      if (period.end <= yesterday && holds(m.id, month)) award('DY-01', period.end);
    }
  });

  // 王桂芳's own: her volunteering, her help to a neighbour, last month's clean-up (the one her objection is about).
  if (wang.personId !== null) {
    const r = Rng.stream(seed, 'points:wang');
    const owner: Owner = { kind: 'person', personId: wang.personId };
    const mine = (code: string, day: string) => {
      if (day > yesterday) return;
      const ref = rule(code);
      events.push({
        at: recordedAt(r, day),
        day,
        kind: 'award',
        owner,
        personId: wang.personId as number,
        rule: ref,
        amount: versionOn(ref, day).points,
        reason: r.pick(ref.text.reasons),
      });
    };
    for (const month of months) {
      mine('ZY-01', `${month}-06`);
      mine('JX-02', `${month}-14`);
    }
    mine('HJ-03', `${months[1]}-17`);
    mine('LL-01', `${months[1]}-21`);
    mine('ZY-01', `${months[0]}-24`);
    // Her breakfast coupons, ordered on her phone two days ago and not collected yet.
    const breakfast = JINXI_STORE.findIndex((i) => i.name === '早餐券');
    const when = at(addDays(today, -2), 19 * 60 + 25);
    events.push({
      at: when,
      day: chinaDate(when),
      kind: 'redeem',
      owner,
      personId: wang.personId,
      amount: 2 * (JINXI_STORE[breakfast]?.price ?? 10),
      reason: '兑换早餐券 × 2',
      order: { item: breakfast, quantity: 2, byResident: true },
    });
  }

  // ── Post them in time order, as they happened: caps, balances and stock as the services keep them ──
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  const balances = new Map<string, number>();
  const capUse = new Map<string, number>();
  const stock = JINXI_STORE.map((i) => i.stock);
  const bought = new Map<string, number>();
  const accounts = new Map<string, AccountRef>();
  const issuers = new Map<number, AccountRef>();
  const stores = new Map<number, AccountRef>();
  const holderOf = async (o: Owner, when: Date) => {
    const key = ownerKey(o);
    let a = accounts.get(key);
    if (!a) {
      a = await holderAccount(trx, o, when);
      accounts.set(key, a);
    }
    return a;
  };
  const shardOf = async (map: Map<number, AccountRef>, kind: 'issuer' | 'store', holder: AccountRef, when: Date) => {
    let a = map.get(holder.id);
    if (!a) {
      a = await communityAccount(trx, kind, holder, when);
      map.set(holder.id, a);
    }
    return a;
  };
  const posted: Event[] = [];
  /** A resident at the store: pays from their own or their household's points, whichever holds more, for what they can afford. */
  const settle = (e: Event): boolean => {
    const o = e.order as NonNullable<Event['order']>;
    const [w1, w2] = o.wish as [number, number];
    const payers: Owner[] = [e.owner, { kind: 'household', householdId: o.household as number }];
    const [payer] = payers.sort((a, b) => (balances.get(ownerKey(b)) ?? 0) - (balances.get(ownerKey(a)) ?? 0));
    const balance = balances.get(ownerKey(payer as Owner)) ?? 0;
    const fits = JINXI_STORE.map((item, n) => ({ item, n })).filter(
      ({ item, n }) =>
        item.price <= balance &&
        (stock[n] === null || (stock[n] as number) >= 1) &&
        (item.perPersonLimit === null || (bought.get(`${e.personId}:${n}`) ?? 0) < item.perPersonLimit),
    );
    if (fits.length === 0) return false;
    let x = w1 * fits.reduce((sum, f) => sum + f.item.weight, 0);
    const chosen =
      fits.find((f) => {
        x -= f.item.weight;
        return x < 0;
      }) ?? (fits[fits.length - 1] as (typeof fits)[0]);
    const { item, n } = chosen;
    const quantity =
      item.name === '早餐券'
        ? Math.max(
            1,
            Math.min(
              1 + Math.floor(w2 * 3),
              Math.floor(balance / item.price),
              (item.perPersonLimit ?? 99) - (bought.get(`${e.personId}:${n}`) ?? 0),
              stock[n] ?? 99,
            ),
          )
        : 1;
    e.owner = payer as Owner;
    e.amount = item.price * quantity;
    e.reason = `兑换${item.name} × ${quantity}`;
    o.item = n;
    o.quantity = quantity;
    return true;
  };
  const orderRng = Rng.stream(seed, 'points:orders');
  const codes = new Set<string>();
  // Cancelled orders' refunds, posted in their turn: every chain stays in time order.
  const refunds: Event[] = [];
  const refundUpTo = async (until: number) => {
    refunds.sort((a, b) => (a.state?.closedAt?.getTime() ?? 0) - (b.state?.closedAt?.getTime() ?? 0));
    while (refunds.length && ((refunds[0] as Event).state?.closedAt?.getTime() ?? 0) <= until) {
      const e = refunds.shift() as Event;
      const holder = e.holder as AccountRef;
      const closedAt = e.state?.closedAt as Date;
      e.refund = await postTransfer(
        trx,
        {
          kind: 'refund',
          from: await shardOf(stores, 'store', holder, closedAt),
          to: holder,
          amount: e.amount,
          occurredOn: chinaDate(closedAt),
          reason: (e.state?.byStaff ? CANCEL_REASONS[1] : CANCEL_REASONS[0]) as string,
          actorId: staff,
        },
        closedAt,
      );
      const o = e.order as NonNullable<Event['order']>;
      const left = stock[o.item];
      if (left !== null && left !== undefined) stock[o.item] = left + o.quantity;
      const key = ownerKey(e.owner);
      balances.set(key, (balances.get(key) ?? 0) + e.amount);
    }
  };
  for (const e of events) {
    await refundUpTo(e.at.getTime());
    if (e.order?.wish && !settle(e)) continue;
    const key = ownerKey(e.owner);
    const balance = balances.get(key) ?? 0;
    if (e.kind === 'deduct' || e.kind === 'redeem') {
      if (balance < e.amount) continue;
    }
    if (e.rule && e.kind !== 'deduct') {
      const { capMonth, capYear } = e.rule.text;
      const mk = `${key}:${e.rule.id}:${e.day.slice(0, 7)}`;
      const yk = `${key}:${e.rule.id}:${e.day.slice(0, 4)}`;
      if (capMonth && (capUse.get(mk) ?? 0) + e.amount > capMonth) continue;
      if (capYear && (capUse.get(yk) ?? 0) + e.amount > capYear) continue;
      capUse.set(mk, (capUse.get(mk) ?? 0) + e.amount);
      capUse.set(yk, (capUse.get(yk) ?? 0) + e.amount);
    }
    if (e.order) {
      const item = JINXI_STORE[e.order.item];
      const left = stock[e.order.item];
      if (left !== null && left !== undefined && left < e.order.quantity) continue;
      const bk = `${e.personId}:${e.order.item}`;
      if (item?.perPersonLimit && (bought.get(bk) ?? 0) + e.order.quantity > item.perPersonLimit) continue;
      bought.set(bk, (bought.get(bk) ?? 0) + e.order.quantity);
      if (left !== null && left !== undefined) stock[e.order.item] = left - e.order.quantity;
    }
    const holder = await holderOf(e.owner, e.at);
    const other =
      e.kind === 'redeem'
        ? await shardOf(stores, 'store', holder, e.at)
        : await shardOf(issuers, 'issuer', holder, e.at);
    const out = e.kind === 'deduct' || e.kind === 'redeem';
    const version = e.rule ? versionOn(e.rule, e.day) : undefined;
    e.holder = holder;
    e.posted = await postTransfer(
      trx,
      {
        kind: e.kind,
        from: out ? holder : other,
        to: out ? other : holder,
        amount: e.amount,
        ...(e.rule && version ? { ruleId: e.rule.id, ruleVersionId: version.id } : {}),
        occurredOn: e.day,
        reason: e.reason,
        actorId: e.order?.byResident ? resident : staff,
      },
      e.at,
    );
    balances.set(key, balance + (out ? -e.amount : e.amount));
    posted.push(e);
    if (e.order) {
      // Collected within days, still waiting when recent; one in six cancelled (by the resident, or by staff when the item ran short).
      const recent = now.getTime() - e.at.getTime() < 5 * 24 * 60 * MINUTE || e.order.byResident;
      const cancelled = !e.order.byResident && posted.filter((x) => x.order).length % 6 === 3;
      const status = cancelled ? 'cancelled' : recent ? 'placed' : 'fulfilled';
      let code = '';
      do code = String(orderRng.int(1e8)).padStart(8, '0');
      while (codes.has(code));
      codes.add(code);
      const closedAt =
        status === 'placed' ? null : past(new Date(e.at.getTime() + orderRng.between(2 * 60, 4 * 24 * 60) * MINUTE));
      e.state = { status, closedAt, byStaff: orderRng.chance(0.5), code };
      if (status === 'cancelled') refunds.push(e);
    }
  }
  await refundUpTo(Number.MAX_SAFE_INTEGER);

  // ── The store, its orders; cancelled ones refunded and their stock returned ──
  const storeSince = at(addDays(`${months[1]}-01`, -5), 10 * 60);
  const { rows: madeItems } = await sql<{ id: number; name: string }>`
    insert into points_store_item (district_id, community_id, org_path, name, description, kind, price, stock,
                                   per_person_limit, valid_from, active, created_by, created_at, updated_at)
    select ${district.id}, ${community.id}, ${community.path}, x.name, x.description, x.kind, x.price, x.stock,
           x.per_person_limit, ${chinaDate(storeSince)}::date, true, ${staff}, ${storeSince}::timestamptz,
           ${storeSince}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(
        JINXI_STORE.map((i) => ({
          name: i.name,
          description: i.description,
          kind: i.kind,
          price: i.price,
          stock: i.stock,
          per_person_limit: i.perPersonLimit,
          n: JINXI_STORE.indexOf(i),
        })),
      )}::jsonb) as x(name text, description text, kind text, price int, stock int, per_person_limit int, n int)
     order by x.n
    returning id, name`.execute(trx);
  const itemRows = JINXI_STORE.map((i) => madeItems.find((m) => m.name === i.name) as { id: number });
  const orders = posted
    .filter((e) => e.order && e.state)
    .map((e) => {
      const o = e.order as NonNullable<Event['order']>;
      const { status, closedAt, byStaff, code } = e.state as NonNullable<Event['state']>;
      return {
        uid: randomUUID(),
        item_id: itemRows[o.item]?.id,
        account_id: e.holder?.id,
        person_id: e.personId,
        ordered_by: o.byResident ? resident : staff,
        quantity: o.quantity,
        points: e.amount,
        code,
        status,
        transfer_id: e.posted?.id,
        refund_transfer_id: e.refund?.id ?? null,
        expires_at: isoOf(new Date(e.at.getTime() + 30 * 24 * 60 * MINUTE)),
        fulfilled_by: status === 'fulfilled' ? staff : null,
        fulfilled_at: status === 'fulfilled' && closedAt ? isoOf(closedAt) : null,
        cancelled_by: status === 'cancelled' ? staff : null,
        cancelled_at: status === 'cancelled' && closedAt ? isoOf(closedAt) : null,
        cancel_reason: status === 'cancelled' ? (byStaff ? CANCEL_REASONS[1] : CANCEL_REASONS[0]) : null,
        created_at: isoOf(e.at),
      };
    });
  if (orders.length) {
    await sql`
      insert into points_order (uid, district_id, community_id, org_path, item_id, account_id, person_id, ordered_by,
                                quantity, points, code, status, transfer_id, refund_transfer_id, expires_at,
                                fulfilled_by, fulfilled_at, cancelled_by, cancelled_at, cancel_reason, created_at)
      select x.uid, ${district.id}, ${community.id}, a.org_path, x.item_id, x.account_id, x.person_id, x.ordered_by,
             x.quantity, x.points, x.code, x.status, x.transfer_id, x.refund_transfer_id, x.expires_at, x.fulfilled_by,
             x.fulfilled_at, x.cancelled_by, x.cancelled_at, x.cancel_reason, x.created_at
        from jsonb_to_recordset(${JSON.stringify(orders)}::jsonb) as x(
               uid uuid, item_id bigint, account_id bigint, person_id bigint, ordered_by bigint, quantity int,
               points bigint, code text, status text, transfer_id bigint, refund_transfer_id bigint,
               expires_at timestamptz, fulfilled_by bigint, fulfilled_at timestamptz, cancelled_by bigint,
               cancelled_at timestamptz, cancel_reason text, created_at timestamptz)
        join points_account a on a.id = x.account_id`.execute(trx);
  }
  await sql`
    update points_store_item i set stock = x.stock
      from unnest(${itemRows.map((r) => r.id)}::bigint[], ${stock}::int[]) as x(id, stock)
     where i.id = x.id`.execute(trx);

  // ── Claims: the approved ones behind 'claim' transfers, and the queue staff still have ──
  const claimCount = await insertClaims(trx, {
    seed,
    now,
    today,
    staff,
    resident,
    district: district.id,
    community: community.id,
    approved: posted.filter((e) => e.kind === 'claim'),
    homes,
    rule,
    versionOn,
    wang,
    at,
  });

  // ── 党员责任岗 ──
  await insertPosts(trx, {
    seed,
    district: district.id,
    community,
    staff,
    months,
    partyMembers,
    createdAt: ruleSetAt,
    holds,
  });

  // ── Last month's ranking, published for objection ──
  await publishLastMonth(trx, {
    now,
    today,
    months,
    district: district.id,
    community,
    staff,
    resident: wang.personId === null ? null : resident,
    at,
  });

  if (superuser) await sql`set local session_replication_role = origin`.execute(trx);
  await recordAudit(
    trx,
    { id: staff, name: STAFF, roles: ['community_staff'], ip: null, requestId: null },
    {
      action: 'points.rules.create',
      orgPath: community.path,
      targetType: 'unit',
      after: { rules: JINXI_RULES.map((r) => r.code), store: JINXI_STORE.map((i) => i.name) },
    },
    ruleSetAt,
  );
  return {
    rules: rules.size,
    transfers: posted.length + orders.filter((o) => o.status === 'cancelled').length,
    claims: claimCount,
    orders: orders.length,
    accounts: accounts.size + issuers.size + stores.size,
  };

  /** Whether a party member holds a duty post in the quarter of a month: three in four do. */
  function holds(personId: number, month: string): boolean {
    return Rng.stream(seed, `points:post:${quarterOf(month)}:${personId}`).chance(0.75);
  }
}

const later = (a: string, b: string, cap: string) => {
  const x = a > b ? a : b;
  return x > cap ? cap : x;
};
const earlier = (a: string, b: string) => (a < b ? a : b);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
/** 'YYYY-MM' → the first day of its quarter. */
export function quarterOf(month: string): string {
  const m = Number(month.slice(5, 7));
  return `${month.slice(0, 4)}-${String(m - ((m - 1) % 3)).padStart(2, '0')}-01`;
}

/**
 * resident.demo's person: 王桂芳, 73, the wife of a household head of her grid who lives
 * without a spouse on record and has no must-visit item (so the visit lists stay as built).
 * When the grid has no such household she is not created, and the first woman of her age
 * there is linked instead.
 */
export async function linkDemoResident(trx: Db, keys: Keys, now: Date): Promise<{ personId: number | null }> {
  const { rows } = await sql<{
    household_id: number;
    room_id: number | null;
    grid_id: number;
    org_path: string;
    district_id: number;
    since: string;
  }>`
    select h.id as household_id, h.room_id, h.grid_id, h.org_path, h.district_id, to_char(m.since, 'YYYY-MM-DD') as since
      from household h
      join org_unit g on g.id = h.grid_id and g.code = ${DEMO_RESIDENT_GRID}
      join household_member m on m.household_id = h.id and m.until is null and m.relation = '02'
      join person p on p.id = m.person_id and p.gender = 'male' and p.status = 'resident'
                   and p.birth_date between '1938-01-01' and '1962-12-31'
     where h.status = 'active' and h.kind = 'family' and h.room_id is not null
       and not exists (select 1 from household_member s where s.household_id = h.id and s.until is null
                         and s.relation in ('10', '11', '12'))
       and (select count(*) from household_member c where c.household_id = h.id and c.until is null) <= 5
     order by h.id limit 1`.execute(trx);
  const home = rows[0];
  let personId: number | null = null;
  if (home) {
    // Her 身份证号 and phone sealed, indexed and masked as the registry keeps them; the first
    // sequence number no one else of her birthday holds.
    let idNumber = '';
    for (let sequence = 2; sequence < 1000; sequence += 2) {
      idNumber = makeIdNumber('440704', DEMO_RESIDENT_BIRTH, sequence);
      const { rows: taken } = await sql`
        select 1 from person where id_number_index = ${indexOf.idNumber(keys, idNumber)}`.execute(trx);
      if (taken.length === 0) break;
    }
    const { rows: made } = await sql<{ id: number }>`
      insert into person (district_id, grid_id, org_path, name, name_grams, gender, birth_date, ethnicity,
                          id_number_sealed, id_number_index, id_number_masked, phone_sealed, phone_index,
                          phone_masked, registered_here, room_id, status, party_member, created_at, updated_at)
      values (${home.district_id}, ${home.grid_id}, ${home.org_path}, ${DEMO_RESIDENT_NAME},
              ${nameGrams(DEMO_RESIDENT_NAME)}::text[], 'female', ${DEMO_RESIDENT_BIRTH}, '01',
              ${seal(keys, idNumber)}, ${indexOf.idNumber(keys, idNumber)}, ${maskIdNumber(idNumber)},
              ${seal(keys, DEMO_RESIDENT_PHONE)}, ${indexOf.phone(keys, DEMO_RESIDENT_PHONE)},
              ${maskPhone(DEMO_RESIDENT_PHONE)}, true, ${home.room_id}, 'resident', false, ${now}, ${now})
      returning id`.execute(trx);
    personId = (made[0] as { id: number }).id;
    await sql`
      insert into household_member (household_id, person_id, relation, org_path, since)
      values (${home.household_id}, ${personId}, '12', ${home.org_path}, ${home.since}::date)`.execute(trx);
  } else {
    const { rows: found } = await sql<{ id: number }>`
      select p.id from person p join org_unit g on g.id = p.grid_id and g.code = ${DEMO_RESIDENT_GRID}
       where p.gender = 'female' and p.status = 'resident' and p.birth_date < '1965-01-01'
       order by p.birth_date desc, p.id limit 1`.execute(trx);
    personId = found[0]?.id ?? null;
  }
  if (personId !== null)
    await sql`update app_user set person_id = ${personId} where username = ${DEMO_RESIDENT}`.execute(trx);
  return { personId };
}

async function insertRules(
  trx: Db,
  o: {
    districtId: number;
    district: { id: number; path: string };
    community: { id: number; path: string };
    districtAdmin: number;
    staff: number;
    setAt: Date;
    validFrom: string;
    raisedAt: Date;
    thisMonth: string;
  },
): Promise<Map<string, RuleRef>> {
  const all = [
    ...DISTRICT_RULES.map((r) => ({ r, owner: o.district, by: o.districtAdmin })),
    ...JINXI_RULES.map((r) => ({ r, owner: o.community, by: o.staff })),
  ];
  const raised = `${o.thisMonth}-01`;
  const rows = all.map(({ r, owner, by }) => ({
    owner_unit_id: owner.id,
    org_path: owner.path,
    code: r.code,
    category: r.category,
    current_version: r.code === JINXI_RAISED.code ? 2 : 1,
    created_by: by,
  }));
  const { rows: made } = await sql<{ id: number; code: string }>`
    insert into points_rule (district_id, owner_unit_id, org_path, code, category, current_version, created_by, created_at)
    select ${o.districtId}, x.owner_unit_id, x.org_path, x.code, x.category, x.current_version, x.created_by,
           ${o.setAt}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(owner_unit_id bigint, org_path text, code text, category text, current_version int, created_by bigint)
    returning id, code`.execute(trx);
  const idOf = new Map(made.map((m) => [m.code, m.id]));
  const versions = all.flatMap(({ r, by }) => {
    const v1 = {
      rule_id: idOf.get(r.code),
      version: 1,
      title: r.title,
      description: r.description,
      points: r.points,
      applies_to: r.appliesTo,
      evidence: `{${r.evidence.join(',')}}`,
      claimable: r.claimable,
      cap_month: r.capMonth ?? null,
      cap_year: r.capYear ?? null,
      valid_from: o.validFrom,
      valid_until: null as string | null,
      created_by: by,
      created_at: isoOf(o.setAt),
    };
    if (r.code !== JINXI_RAISED.code) return [v1];
    return [
      { ...v1, valid_until: addDays(raised, -1) },
      {
        ...v1,
        version: 2,
        points: JINXI_RAISED.points,
        description: JINXI_RAISED.description,
        valid_from: raised,
        created_at: isoOf(o.raisedAt),
      },
    ];
  });
  const { rows: madeVersions } = await sql<{ id: number; rule_id: number; version: number }>`
    insert into points_rule_version (rule_id, version, title, description, points, applies_to, evidence, claimable,
                                     cap_month, cap_year, valid_from, valid_until, created_by, created_at)
    select x.rule_id, x.version, x.title, x.description, x.points, x.applies_to, x.evidence::text[], x.claimable,
           x.cap_month, x.cap_year, x.valid_from, x.valid_until, x.created_by, x.created_at
      from jsonb_to_recordset(${JSON.stringify(versions)}::jsonb)
        as x(rule_id bigint, version int, title text, description text, points int, applies_to text, evidence text,
             claimable boolean, cap_month int, cap_year int, valid_from date, valid_until date, created_by bigint,
             created_at timestamptz)
    returning id, rule_id, version`.execute(trx);
  const out = new Map<string, RuleRef>();
  for (const { r } of all) {
    const id = idOf.get(r.code) as number;
    out.set(r.code, {
      id,
      code: r.code,
      text: r,
      versions: versions
        .filter((v) => v.rule_id === id)
        .map((v) => ({
          id: madeVersions.find((m) => m.rule_id === id && m.version === v.version)?.id as number,
          version: v.version,
          points: v.points,
          from: v.valid_from,
          until: v.valid_until,
        })),
    });
  }
  return out;
}

async function homesOf(trx: Db, communityPath: string): Promise<Home[]> {
  const { rows } = await sql<{
    household_id: number;
    grid_id: number;
    person_id: number;
    name: string;
    adult: boolean;
    party_member: boolean;
  }>`
    select h.id as household_id, h.grid_id, p.id as person_id, p.name,
           coalesce(p.birth_date <= current_date - interval '16 years', true) as adult, p.party_member
      from household h
      join household_member m on m.household_id = h.id and m.until is null
      join person p on p.id = m.person_id and p.status = 'resident'
     where h.status = 'active' and h.org_path like ${`${communityPath}.%`}
     order by h.id, m.id`.execute(trx);
  const homes = new Map<number, Home>();
  for (const r of rows) {
    let h = homes.get(r.household_id);
    if (!h) {
      h = { id: r.household_id, gridId: r.grid_id, members: [], joins: 3 };
      homes.set(r.household_id, h);
    }
    h.members.push({ id: r.person_id, name: r.name, adult: r.adult, partyMember: r.party_member });
  }
  return [...homes.values()];
}

async function insertClaims(
  trx: Db,
  o: {
    seed: number;
    now: Date;
    today: string;
    staff: number;
    resident: number;
    district: number;
    community: number;
    approved: Event[];
    homes: Home[];
    rule: (code: string) => RuleRef;
    versionOn: (r: RuleRef, day: string) => RuleRef['versions'][0];
    wang: { personId: number | null };
    at: (day: string, minutes: number) => Date;
  },
): Promise<number> {
  interface ClaimRow {
    uid: string;
    person_id: number;
    household_id: number | null;
    rule_version_id: number;
    occurred_on: string;
    description: string;
    witness: string | null;
    source: string;
    status: string;
    claimed_by: number;
    reviewed_by: number | null;
    review_note: string | null;
    reviewed_at: string | null;
    transfer_id: number | null;
    created_at: string;
    updated_at: string;
    events: Array<{ action: string; note: string | null; actor_id: number; at: string }>;
  }
  const claims: ClaimRow[] = [];
  for (const e of o.approved) {
    const c = e.claim as NonNullable<Event['claim']>;
    const r = e.rule as RuleRef;
    claims.push({
      uid: randomUUID(),
      person_id: e.personId,
      household_id: e.owner.kind === 'household' ? e.owner.householdId : null,
      rule_version_id: o.versionOn(r, e.day).id,
      occurred_on: e.day,
      description: c.description,
      witness: c.witness,
      source: 'staff',
      status: 'approved',
      claimed_by: o.staff,
      reviewed_by: o.staff,
      review_note: c.note,
      reviewed_at: isoOf(e.at),
      transfer_id: e.posted?.id ?? null,
      created_at: isoOf(c.filedAt),
      updated_at: isoOf(e.at),
      events: [
        { action: 'submitted', note: null, actor_id: o.staff, at: isoOf(c.filedAt) },
        { action: 'approved', note: c.note, actor_id: o.staff, at: isoOf(e.at) },
      ],
    });
  }
  // The queue: this week's claims waiting, a few asked for more, a few turned down, one withdrawn.
  const rng = Rng.stream(o.seed, 'points:queue');
  const joined = o.homes.filter((h) => h.joins < 3 && h.members.some((m) => m.adult));
  const codes = Object.keys(CLAIM_TEXTS);
  const open: Array<{ status: string; days: number }> = [
    ...Array.from({ length: 7 }, (_, i) => ({ status: 'pending', days: 1 + (i % 5) })),
    ...Array.from({ length: 3 }, (_, i) => ({ status: 'needs_info', days: 4 + i })),
    ...Array.from({ length: 3 }, (_, i) => ({ status: 'rejected', days: 6 + 2 * i })),
    { status: 'withdrawn', days: 9 },
  ];
  for (const q of open) {
    if (joined.length === 0) break;
    const h = rng.pick(joined);
    const person = rng.pick(h.members.filter((m) => m.adult));
    const code = rng.pick(codes);
    const r = o.rule(code);
    const text = rng.pick(CLAIM_TEXTS[code] ?? []);
    const occurred = addDays(o.today, -q.days - rng.between(0, 2));
    const filed = o.at(addDays(occurred, rng.between(0, 1)), rng.between(19 * 60, 21 * 60 + 30));
    const reviewed = o.at(addDays(chinaDate(filed), 1), rng.between(9 * 60, 11 * 60 + 30));
    const note =
      q.status === 'needs_info' ? rng.pick(INFO_REQUESTS) : q.status === 'rejected' ? rng.pick(REJECT_REASONS) : null;
    const events: ClaimRow['events'] = [{ action: 'submitted', note: null, actor_id: o.staff, at: isoOf(filed) }];
    if (q.status === 'needs_info')
      events.push({ action: 'info_requested', note, actor_id: o.staff, at: isoOf(reviewed) });
    if (q.status === 'rejected') events.push({ action: 'rejected', note, actor_id: o.staff, at: isoOf(reviewed) });
    if (q.status === 'withdrawn')
      events.push({ action: 'withdrawn', note: null, actor_id: o.staff, at: isoOf(reviewed) });
    const household = r.text.appliesTo === 'household';
    claims.push({
      uid: randomUUID(),
      person_id: person.id,
      household_id: household ? h.id : null,
      rule_version_id: o.versionOn(r, occurred).id,
      occurred_on: occurred,
      description: text?.description ?? r.text.title,
      witness: r.text.evidence.includes('witness') ? (text?.witness ?? '邻居') : null,
      source: 'staff',
      status: q.status,
      claimed_by: o.staff,
      reviewed_by: q.status === 'needs_info' || q.status === 'rejected' ? o.staff : null,
      review_note: note,
      reviewed_at: q.status === 'needs_info' || q.status === 'rejected' ? isoOf(reviewed) : null,
      transfer_id: null,
      created_at: isoOf(filed),
      updated_at: isoOf(q.status === 'pending' ? filed : reviewed),
      events,
    });
  }
  // 王桂芳's own, filed from her phone last night.
  if (o.wang.personId !== null) {
    const r = o.rule(DEMO_RESIDENT_CLAIM.rule);
    const occurred = addDays(o.today, -1);
    const filed = o.at(occurred, 20 * 60 + 15);
    claims.push({
      uid: randomUUID(),
      person_id: o.wang.personId,
      household_id: null,
      rule_version_id: o.versionOn(r, occurred).id,
      occurred_on: occurred,
      description: DEMO_RESIDENT_CLAIM.description,
      witness: DEMO_RESIDENT_CLAIM.witness,
      source: 'resident',
      status: 'pending',
      claimed_by: o.resident,
      reviewed_by: null,
      review_note: null,
      reviewed_at: null,
      transfer_id: null,
      created_at: isoOf(filed),
      updated_at: isoOf(filed),
      events: [{ action: 'submitted', note: null, actor_id: o.resident, at: isoOf(filed) }],
    });
  }
  if (claims.length === 0) return 0;
  const { rows: made } = await sql<{ id: number; uid: string }>`
    insert into points_claim (uid, district_id, community_id, org_path, person_id, household_id, rule_version_id,
                              occurred_on, description, witness, source, status, claimed_by, reviewed_by, review_note,
                              reviewed_at, transfer_id, created_at, updated_at)
    select x.uid, ${o.district}, ${o.community}, p.org_path, x.person_id, x.household_id, x.rule_version_id,
           x.occurred_on, x.description, x.witness, x.source, x.status, x.claimed_by, x.reviewed_by, x.review_note,
           x.reviewed_at, x.transfer_id, x.created_at, x.updated_at
      from jsonb_to_recordset(${JSON.stringify(claims.map(({ events: _, ...c }) => c))}::jsonb) as x(
             uid uuid, person_id bigint, household_id bigint, rule_version_id bigint, occurred_on date,
             description text, witness text, source text, status text, claimed_by bigint, reviewed_by bigint,
             review_note text, reviewed_at timestamptz, transfer_id bigint, created_at timestamptz,
             updated_at timestamptz)
      join person p on p.id = x.person_id
     order by x.created_at
    returning id, uid::text as uid`.execute(trx);
  const idOf = new Map(made.map((m) => [m.uid, m.id]));
  const events = claims.flatMap((c) => c.events.map((e) => ({ claim_id: idOf.get(c.uid), ...e })));
  await sql`
    insert into points_claim_event (claim_id, action, note, actor_id, at)
    select x.claim_id, x.action, x.note, x.actor_id, x.at
      from jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
        as x(claim_id bigint, action text, note text, actor_id bigint, at timestamptz)
     order by x.at, x.claim_id`.execute(trx);
  return claims.length;
}

async function insertPosts(
  trx: Db,
  o: {
    seed: number;
    district: number;
    community: { id: number; path: string };
    staff: number;
    months: string[];
    partyMembers: Member[];
    createdAt: Date;
    holds: (personId: number, month: string) => boolean;
  },
): Promise<void> {
  const { rows: madePosts } = await sql<{ id: number; name: string; capacity: number | null }>`
    insert into party_duty_post (district_id, community_id, org_path, name, duties, capacity, created_by, created_at)
    select ${o.district}, ${o.community.id}, ${o.community.path}, x.name, x.duties, x.capacity, ${o.staff},
           ${o.createdAt}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(JINXI_POSTS.map((p, n) => ({ ...p, n })))}::jsonb)
        as x(name text, duties text, capacity int, n int)
     order by x.n
    returning id, name, capacity`.execute(trx);
  const posts = JINXI_POSTS.map(
    (p) => madePosts.find((m) => m.name === p.name) as { id: number; capacity: number | null },
  );
  const quarters = [...new Set(o.months.map(quarterOf))];
  const rows: Array<{ post_id: number; person_id: number; quarter: string; claimed_at: string }> = [];
  for (const quarter of quarters) {
    const taken = new Map<number, number>();
    for (const m of o.partyMembers) {
      if (!o.holds(m.id, quarter.slice(0, 7))) continue;
      const r = Rng.stream(o.seed, `points:post-pick:${quarter}:${m.id}`);
      // The post of their choice, or the next with room.
      const first = r.int(posts.length);
      for (let k = 0; k < posts.length; k++) {
        const post = posts[(first + k) % posts.length] as { id: number; capacity: number | null };
        const n = taken.get(post.id) ?? 0;
        if (post.capacity !== null && n >= post.capacity) continue;
        taken.set(post.id, n + 1);
        const claimedAt = chinaAt(addDays(quarter, r.between(0, 6)), r.between(9 * 60, 17 * 60));
        rows.push({
          post_id: post.id,
          person_id: m.id,
          quarter,
          claimed_at: isoOf(new Date(Math.max(claimedAt.getTime(), o.createdAt.getTime()))),
        });
        break;
      }
    }
  }
  if (rows.length === 0) return;
  await sql`
    insert into party_duty_assignment (post_id, person_id, quarter, status, claimed_by, claimed_at)
    select x.post_id, x.person_id, x.quarter, 'held', ${o.staff}, x.claimed_at
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(post_id bigint, person_id bigint, quarter date, claimed_at timestamptz)`.execute(trx);
}

/**
 * Last month's ranking of 金溪社区's residents, published a few days ago for fifteen days with
 * seven for objections; 王桂芳 objected the day after, and staff answered.
 */
async function publishLastMonth(
  trx: Db,
  o: {
    now: Date;
    today: string;
    months: string[];
    district: number;
    community: { id: number; path: string };
    staff: number;
    resident: number | null;
    at: (day: string, minutes: number) => Date;
  },
): Promise<void> {
  const month = o.months[1] as string;
  const period = monthPeriod(month);
  const { rows } = await sql<{ name: string; grid: string; earned: number }>`
    select p.name, g.name as grid, t.earned::int as earned
      from points_month_total t
      join points_account a on a.id = t.account_id
      join person p on p.id = a.person_id
      join org_unit g on g.id = t.grid_id
     where t.community_id = ${o.community.id} and t.month = ${period.start}::date and t.kind = 'person' and t.earned > 0
     order by t.earned desc, p.name
     limit 20`.execute(trx);
  let rank = 0;
  let last: number | null = null;
  const ranked = rows.map((r) => {
    if (r.earned !== last) rank++;
    last = r.earned;
    return { rank, name: maskName(r.name), points: r.earned, grid: r.grid };
  });
  const publishedDay = addDays(o.today, -4) < `${o.months[2]}-02` ? `${o.months[2]}-02` : addDays(o.today, -4);
  const published = o.at(publishedDay, 10 * 60);
  const day = 24 * 60 * MINUTE;
  const [y, m] = month.split('-');
  const { rows: pub } = await sql<{ id: number }>`
    insert into points_publication (district_id, community_id, org_path, subject, period_kind, period_start, period_end,
                                    title, rows, status, published_by, published_at, objection_until, ends_at)
    values (${o.district}, ${o.community.id}, ${o.community.path}, 'person', 'month', ${period.start}, ${period.end},
            ${`金溪社区${y}年${Number(m)}月居民积分排名公示`}, ${JSON.stringify(ranked)}::jsonb, 'open', ${o.staff},
            ${published}, ${new Date(published.getTime() + 7 * day)}, ${new Date(published.getTime() + 15 * day)})
    returning id`.execute(trx);
  if (o.resident === null) return;
  const raised = new Date(Math.min(published.getTime() + day + 9 * 60 * MINUTE, o.now.getTime() - 50 * MINUTE));
  const answered = new Date(Math.min(raised.getTime() + day - 5 * 60 * MINUTE, o.now.getTime() - 20 * MINUTE));
  await sql`
    insert into points_objection (publication_id, raised_by, text, status, answer, answered_by, answered_at, created_at)
    values (${(pub[0] as { id: number }).id}, ${o.resident}, ${OBJECTION.text}, 'answered', ${OBJECTION.answer},
            ${o.staff}, ${answered}, ${raised})`.execute(trx);
}
