import { describe, expect, it } from 'vitest';
import { CROCKFORD_ALPHABET, isReceiptNo, parseReceiptNo, receiptNo } from './receipt.ts';

/** A `random` that yields the given alphabet indices in turn. */
const picks = (...indices: number[]) => {
  let i = 0;
  return () => (indices[i++ % indices.length] as number) / 32;
};

describe('receiptNo', () => {
  it('is the China date, a dash and six Crockford characters', () => {
    expect(receiptNo(new Date('2026-11-23T02:00:00Z'), picks(4, 19, 7, 23, 2, 20))).toBe('20261123-4K7Q2M');
  });

  it('takes the date in China: 23:59 is still today, midnight is tomorrow', () => {
    const r = picks(0);
    expect(receiptNo(new Date('2026-11-23T15:59:59.999Z'), r).slice(0, 8)).toBe('20261123');
    expect(receiptNo(new Date('2026-11-23T16:00:00Z'), r).slice(0, 8)).toBe('20261124');
    expect(receiptNo(new Date('2026-12-31T16:00:00Z'), r).slice(0, 8)).toBe('20270101');
  });

  it('maps the whole range of random to the alphabet, even a source that returns 1', () => {
    expect(receiptNo(new Date('2026-11-23T02:00:00Z'), () => 0)).toBe('20261123-000000');
    expect(receiptNo(new Date('2026-11-23T02:00:00Z'), () => 0.999_999)).toBe('20261123-ZZZZZZ');
    expect(receiptNo(new Date('2026-11-23T02:00:00Z'), () => 1)).toBe('20261123-ZZZZZZ');
  });

  it('always passes isReceiptNo', () => {
    for (let i = 0; i < 500; i++) expect(isReceiptNo(receiptNo(new Date(), Math.random))).toBe(true);
  });
});

describe('the alphabet', () => {
  it('has 32 distinct characters without I, L, O or U', () => {
    expect(new Set(CROCKFORD_ALPHABET).size).toBe(32);
    expect(CROCKFORD_ALPHABET).not.toMatch(/[ILOU]/);
  });
});

describe('isReceiptNo', () => {
  it.each(['20261123-4K7Q2M', '20250101-000000', '20240229-ZZZZZZ'])('takes %s', (s) => {
    expect(isReceiptNo(s)).toBe(true);
  });

  it.each([
    '20261123-4k7q2m', // lower case: parse first
    '20261123-4K7Q2I',
    '20261123-4K7Q2L',
    '20261123-4K7Q2O',
    '20261123-4K7Q2U',
    '20261123-4K7Q2',
    '20261123-4K7Q2MM',
    '202611234K7Q2M',
    '20260230-4K7Q2M', // no 30 February
    '20251301-4K7Q2M',
    '',
  ])('refuses %s', (s) => {
    expect(isReceiptNo(s)).toBe(false);
  });
});

describe('parseReceiptNo', () => {
  it('reads back what people type', () => {
    expect(parseReceiptNo(' 20261123-4k7q2m ')).toBe('20261123-4K7Q2M');
    expect(parseReceiptNo('202611234K7Q2M')).toBe('20261123-4K7Q2M');
    expect(parseReceiptNo('20261123 4K7Q2M')).toBe('20261123-4K7Q2M');
    expect(parseReceiptNo('2026112O-4K7QIl')).toBe('20261120-4K7Q11');
  });

  it('refuses what is not a receipt number', () => {
    expect(parseReceiptNo('20261123-4K7Q2U')).toBeNull();
    expect(parseReceiptNo('20261123-4K7Q2')).toBeNull();
    expect(parseReceiptNo('hello')).toBeNull();
  });
});
