import { describe, expect, it } from 'vitest';
import {
  endOfChinaDay,
  isFinalOrderStatus,
  isOrderCode,
  limitRemaining,
  nextOrderStatus,
  ORDER_ACTIONS,
  ORDER_PICKUP_DAYS,
  ORDER_STATUSES,
  type OrderAction,
  type OrderStatus,
  orderCode,
  orderExpiry,
  orderPoints,
  type RedeemableItem,
  redeemable,
  refundsPoints,
} from './store.ts';

describe('the order state machine: placed → fulfilled | cancelled | expired, and nothing after', () => {
  const expected: Record<OrderStatus, Record<OrderAction, OrderStatus | null>> = {
    placed: { fulfil: 'fulfilled', cancel: 'cancelled', expire: 'expired' },
    fulfilled: { fulfil: null, cancel: null, expire: null },
    cancelled: { fulfil: null, cancel: null, expire: null },
    expired: { fulfil: null, cancel: null, expire: null },
  };
  const pairs = ORDER_STATUSES.flatMap((s) => ORDER_ACTIONS.map((a) => [s, a, expected[s][a]] as const));

  it('covers every (status, action) pair', () => {
    expect(pairs).toHaveLength(ORDER_STATUSES.length * ORDER_ACTIONS.length);
  });

  it.each(pairs)('%s + %s → %s', (status, action, next) => {
    expect(nextOrderStatus(status, action)).toBe(next);
  });

  it.each([
    ['placed', false],
    ['fulfilled', true],
    ['cancelled', true],
    ['expired', true],
  ] as const)('%s is final: %s', (status, final) => {
    expect(isFinalOrderStatus(status)).toBe(final);
  });

  it('an order handed over keeps its points; a cancelled or expired one gives them back', () => {
    expect(refundsPoints('fulfil')).toBe(false);
    expect(refundsPoints('cancel')).toBe(true);
    expect(refundsPoints('expire')).toBe(true);
  });
});

describe('redeemable: an item may be redeemed while active, within its validity and the per-person limit', () => {
  const item: RedeemableItem = { active: true, validFrom: '2026-11-01', validUntil: '2026-11-30', perPersonLimit: 3 };

  it.each([
    ['an active item, mid-validity, under the limit', item, '2026-11-23', 1, 0, null],
    ['on its first valid day', item, '2026-11-01', 1, 0, null],
    ['on its last valid day', item, '2026-11-30', 1, 0, null],
    ['the day before it is valid', item, '2026-10-31', 1, 0, 'ITEM_NOT_YET_VALID'],
    ['the day after it ends', item, '2026-12-01', 1, 0, 'ITEM_EXPIRED'],
    ['a year after it ends', item, '2027-11-23', 1, 0, 'ITEM_EXPIRED'],
    ['an inactive item', { ...item, active: false }, '2026-11-23', 1, 0, 'ITEM_INACTIVE'],
    [
      'an inactive item out of date: inactive is said first',
      { ...item, active: false },
      '2027-01-01',
      1,
      0,
      'ITEM_INACTIVE',
    ],
    ['an item with no end date, years later', { ...item, validUntil: null }, '2036-01-01', 1, 0, null],
    ['exactly up to the limit', item, '2026-11-23', 3, 0, null],
    ['up to the limit with earlier orders', item, '2026-11-23', 1, 2, null],
    ['one past the limit in one order', item, '2026-11-23', 4, 0, 'LIMIT_REACHED'],
    ['one past the limit with earlier orders', item, '2026-11-23', 2, 2, 'LIMIT_REACHED'],
    ['after the limit is used up', item, '2026-11-23', 1, 3, 'LIMIT_REACHED'],
    ['out of date and over the limit: validity is said first', item, '2026-12-01', 9, 3, 'ITEM_EXPIRED'],
    ['no limit, many ordered already', { ...item, perPersonLimit: null }, '2026-11-23', 99, 1000, null],
  ] as const)('%s → %s', (_label, it_, on, quantity, already, problem) => {
    expect(redeemable(it_, on, quantity, already)).toBe(problem);
  });

  it('counts what is left under the limit, never below zero', () => {
    expect(limitRemaining(3, 0)).toBe(3);
    expect(limitRemaining(3, 2)).toBe(1);
    expect(limitRemaining(3, 5)).toBe(0);
    expect(limitRemaining(null, 5)).toBeNull();
  });
});

describe('orderExpiry: the end of the item’s last valid day (China time) or 30 days, whichever first', () => {
  const now = new Date('2026-11-23T02:00:00Z'); // 10:00 in Beijing

  it('a China day ends at midnight Beijing time, 16:00 UTC', () => {
    expect(endOfChinaDay('2026-11-30').toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(endOfChinaDay('2026-12-31').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('with no end date, an order may be collected for 30 days', () => {
    expect(orderExpiry({ validUntil: null }, now).toISOString()).toBe('2026-12-23T02:00:00.000Z');
    expect(ORDER_PICKUP_DAYS).toBe(30);
  });

  it('an item valid until the end of the month: the order lapses when the item does', () => {
    expect(orderExpiry({ validUntil: '2026-11-30' }, now).toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });

  it('an item valid only today lapses at midnight tonight', () => {
    expect(orderExpiry({ validUntil: '2026-11-23' }, now).toISOString()).toBe('2026-11-23T16:00:00.000Z');
  });

  it('an item valid for another year: 30 days win', () => {
    expect(orderExpiry({ validUntil: '2027-11-23' }, now).toISOString()).toBe('2026-12-23T02:00:00.000Z');
  });

  it('the edge: the item ends on the 30th day, after the 30 days are up', () => {
    // 30 days from 10:00 on 23 Nov is 10:00 on 23 Dec; the item ends at midnight that night.
    expect(orderExpiry({ validUntil: '2026-12-23' }, now).toISOString()).toBe('2026-12-23T02:00:00.000Z');
    expect(orderExpiry({ validUntil: '2026-12-22' }, now).toISOString()).toBe('2026-12-22T16:00:00.000Z');
  });
});

describe('orderCode: 8 random digits from the source given', () => {
  /** A source that yields the given 4-byte draws in turn. */
  function source(...draws: number[]) {
    let calls = 0;
    const fill = (bytes: Uint8Array) => {
      const n = draws[calls++];
      if (n === undefined) throw new Error('source exhausted');
      bytes.set([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
      return bytes;
    };
    return { fill, calls: () => calls };
  }

  it('keeps leading zeros', () => {
    expect(orderCode(source(0).fill)).toBe('00000000');
    expect(orderCode(source(42).fill)).toBe('00000042');
  });

  it('reduces a draw to eight digits', () => {
    expect(orderCode(source(123_456_789).fill)).toBe('23456789');
    expect(orderCode(source(99_999_999).fill)).toBe('99999999');
  });

  it('redraws a draw from the uneven top of the 32-bit range, so every code is equally likely', () => {
    const top = 2 ** 32 - 1;
    const s = source(top, 4_200_000_000, 4_199_999_999);
    expect(orderCode(s.fill)).toBe('99999999');
    expect(s.calls()).toBe(3);
  });

  it('draws from a real random source give well-formed, varied codes', () => {
    const fill = (b: Uint8Array) => crypto.getRandomValues(b);
    const codes = Array.from({ length: 200 }, () => orderCode(fill));
    for (const c of codes) expect(isOrderCode(c)).toBe(true);
    expect(new Set(codes).size).toBeGreaterThan(190);
  });

  it.each([
    ['01234567', true],
    ['1234567', false],
    ['123456789', false],
    ['1234567a', false],
    ['１２３４５６７８', false],
    ['', false],
    [' 12345678', false],
  ])('isOrderCode(%j) = %s', (value, ok) => {
    expect(isOrderCode(value)).toBe(ok);
  });
});

describe('orderPoints', () => {
  it('is the price times the quantity', () => {
    expect(orderPoints(30, 1)).toBe(30);
    expect(orderPoints(30, 3)).toBe(90);
  });
});
