/** YamlMemo: the same text as emitting anew, keyed by content (undefined and -0 kept apart), bounded. */
import { stringify } from 'yaml';
import { YamlMemo } from '../../lib/core/gitops/yaml-output';

describe('YamlMemo', () => {
  it('returns what the emitter returns, and emits once per content', () => {
    let emitted = 0;
    const memo = new YamlMemo<unknown>((v) => {
      emitted++;
      return stringify(v, { keepUndefined: true });
    });
    const a = { kind: 'Installation', spec: { x: [1, 2, { y: 'z' }] } };
    expect(memo.get(a)).toBe(stringify(a, { keepUndefined: true }));
    expect(memo.get(structuredClone(a))).toBe(stringify(a, { keepUndefined: true }));
    expect(emitted).toBe(1);
  });

  it('keeps apart what JSON would merge: an undefined value and a missing key, -0 and 0', () => {
    const memo = new YamlMemo<unknown>((v) => stringify(v, { keepUndefined: true }));
    expect([memo.get({ a: undefined }), memo.get({})]).toEqual([stringify({ a: undefined }, { keepUndefined: true }), '{}\n']);
    expect(memo.get({ n: -0 })).not.toBe(memo.get({ n: 0 }));
  });

  it('holds at most its limit, dropping the least recently used', () => {
    let emitted = 0;
    const memo = new YamlMemo<number>((v) => {
      emitted++;
      return `${v}\n`;
    }, 2);
    memo.get(1);
    memo.get(2);
    memo.get(1); // 1 is now the most recent
    memo.get(3); // drops 2
    expect(emitted).toBe(3);
    memo.get(1);
    expect(emitted).toBe(3);
    memo.get(2);
    expect(emitted).toBe(4);
  });
});

describe('YamlMemo keys', () => {
  it('keep apart NaN, Infinity and null, and emit a Date, Map or bigint without the memo', () => {
    let emitted = 0;
    const memo = new YamlMemo<unknown>((v) => {
      emitted++;
      return stringify(v);
    });
    expect(new Set([memo.get({ n: NaN }), memo.get({ n: Infinity }), memo.get({ n: null })]).size).toBe(3);
    expect(emitted).toBe(3);
    const date = { at: new Date(0) };
    memo.get(date);
    memo.get(date);
    expect(emitted).toBe(5);
    expect(memo.get({ big: 10n })).toBe(stringify({ big: 10n }));
    expect(memo.get({ m: new Map([['a', 1]]) })).toBe(stringify({ m: new Map([['a', 1]]) }));
  });
});
