import { configText, duration, num } from '../../../dashboard/src/lib/format';

describe('num', () => {
  test('four significant digits; tiny and huge values in exponent form; a missing value is an en dash', () => {
    expect(num(0.468123)).toBe('0.4681');
    expect(num(12.5)).toBe('12.5');
    expect(num(123456)).toBe('123500');
    expect(num(0)).toBe('0');
    expect(num(-0.25)).toBe('-0.25');
    expect(num(0.0001234)).toBe('1.23e-4');
    expect(num(-0.0005)).toBe('-5.00e-4');
    expect(num(2_500_000)).toBe('2.50e6');
    expect(num(0.123456, 6)).toBe('0.123456');
    for (const missing of [null, undefined, NaN]) expect(num(missing)).toBe('–');
  });
});

describe('duration', () => {
  test('seconds, then minutes and seconds, hours and minutes, days and hours', () => {
    expect(duration(0)).toBe('0s');
    expect(duration(42.4)).toBe('42s');
    expect(duration(59.6)).toBe('1m 00s');
    expect(duration(200)).toBe('3m 20s');
    expect(duration(3720)).toBe('1h 02m');
    expect(duration(47 * 3600 + 59 * 60)).toBe('47h 59m');
    expect(duration(50 * 3600)).toBe('2d 2h');
  });

  test('nothing to tell is an en dash', () => {
    for (const missing of [null, undefined, NaN, Infinity, -1]) expect(duration(missing)).toBe('–');
  });
});

describe('configText', () => {
  test('strings as they are, numbers through num, lists joined, objects as JSON, missing as an en dash', () => {
    expect(configText('adamw')).toBe('adamw');
    expect(configText(0.00005)).toBe('5.00e-5');
    expect(configText(0.1234567)).toBe('0.123457');
    expect(configText([0.9, 'x'])).toBe('0.9, x');
    expect(configText({ a: 1 })).toBe('{"a":1}');
    expect(configText(null)).toBe('–');
  });
});
