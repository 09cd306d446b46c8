import { describe, expect, it } from 'vitest';

import { analyzeSentiment, scoreText } from './index.js';
import { scoreChinese } from './score-zh.js';

const label = (text: string) => analyzeSentiment({ text }, 'zh').sentiment.label;
const raw = (text: string) => scoreText(text, 'zh').raw;
const hits = (text: string) => scoreChinese(text, { start: 0, end: text.length, text }).hits;

describe('Chinese sentiment', () => {
  it.each([
    ['不好', 'negative'],
    ['不太好', 'negative'],
    ['不是很满意', 'negative'],
    ['没有想象中好', 'negative'],
    ['没有说的那么好', 'negative'],
    ['不错', 'positive'],
    ['还不错', 'positive'],
    ['没问题', 'positive'],
    ['不太好用', 'negative'],
    ['性价比不高', 'negative'],
  ])('negation: %s is %s', (text, expected) => {
    expect(label(text)).toBe(expected);
  });

  it('negating a negative word gives a mild positive ("不贵", "不差")', () => {
    expect(raw('不贵')).toBeGreaterThan(0);
    expect(raw('不差')).toBeGreaterThan(0);
    expect(raw('不差')).toBeLessThan(raw('好'));
  });

  it('weighs the clause after 但是 / 不过 more', () => {
    expect(label('质量不错，但是物流太慢')).toBe('negative');
    expect(label('物流太慢，但是质量不错')).toBe('positive');
    expect(label('菜很好吃，不过服务员态度很差')).toBe('negative');
  });

  it('lets degree adverbs strengthen and downtoners soften', () => {
    expect(raw('很好')).toBeGreaterThan(raw('好'));
    expect(raw('非常满意')).toBeGreaterThan(raw('满意'));
    expect(raw('太差')).toBeLessThan(raw('差'));
    expect(raw('比较好')).toBeLessThan(raw('好'));
    expect(raw('比较好')).toBeGreaterThan(0);
    // "好" before a polar word is a degree adverb, not praise.
    expect(label('好慢啊')).toBe('negative');
    expect(raw('好贵')).toBeLessThan(raw('贵'));
  });

  it('reads review phrases: 好评/差评, recommendation, returns, repurchase', () => {
    expect(label('好评！')).toBe('positive');
    expect(label('五星好评')).toBe('positive');
    expect(label('差评！')).toBe('negative');
    expect(label('强烈推荐')).toBe('positive');
    expect(label('不推荐')).toBe('negative');
    expect(label('申请退货退款')).toBe('negative');
    expect(label('以后不会再买了')).toBe('negative');
    expect(label('下次还会再买')).toBe('positive');
    expect(label('物流很快')).toBe('positive');
    expect(label('包装破损')).toBe('negative');
  });

  it('gives attribute adjectives their polarity from the noun before them', () => {
    expect(label('性价比高')).toBe('positive');
    expect(label('价格高')).toBe('negative');
    expect(raw('价格不贵')).toBeGreaterThan(0);
    expect(label('发货速度很快')).toBe('positive');
    expect(label('快递太慢了')).toBe('negative');
    expect(label('风扇噪音很大')).toBe('negative');
    expect(label('耗电太快')).toBe('negative');
  });

  it('reads clothes sizing', () => {
    expect(label('尺码正好，很合身')).toBe('positive');
    expect(label('穿着有点紧')).toBe('negative');
    expect(label('码数偏小，要换大一号')).toBe('negative');
  });

  it('reads 还是 and 不算 as no negation of their own', () => {
    expect(label('还是不错的')).toBe('positive');
    expect(raw('不算太差')).toBeGreaterThan(0);
  });

  it('counts little of what comes after 除了', () => {
    expect(label('除了物流慢，其他都很好')).toBe('positive');
    expect(label('除了包装好看，其他都很差')).toBe('negative');
  });

  it('counts the complaint after 就是 as minor, the verdict after 总之 as major', () => {
    expect(label('挺好的，就是有点贵')).toBe('positive');
    expect(raw('就是有点贵')).toBeGreaterThan(raw('有点贵'));
    expect(raw('就是有点贵')).toBeLessThan(0);
    expect(label('物流很慢，总的来说还不错')).toBe('positive');
  });

  it('reads rhetorical questions and repeated question marks as complaints', () => {
    expect(label('这也叫正品吗？')).toBe('negative');
    expect(label('怎么还没发货？？')).toBe('negative');
    expect(raw('东西呢？？')).toBeLessThan(0);
    expect(raw('质量很好！！！')).toBeGreaterThan(raw('质量很好'));
  });

  it('scores English words and emoji inside Chinese text', () => {
    expect(label('这个手机very good')).toBe('positive');
    expect(label('客服态度bad')).toBe('negative');
    expect(label('收到了😡')).toBe('negative');
    expect(label('质量👍')).toBe('positive');
    expect(label('还可以，就是物流慢😞')).toBe('negative');
  });

  // Intl.Segmenter (ICU) splits 差评 into 差/评, 客服 into 客/服 and 性价比高 into 性/价/比高: the scan
  // reads characters, so these words are found whatever the segmenter does.
  it('finds review words the segmenter splits or joins', () => {
    expect(label('差评，送了快十天才到')).toBe('negative');
    expect(label('客服不给力')).toBe('negative');
    expect(label('这款性价比高')).toBe('positive');
    expect(label('很好奇')).toBe('neutral');
  });

  it('does not read polar words inside neutral ones', () => {
    // 快递 (courier) holds 快 (fast), 好像 holds 好, 出差 holds 差, 不好意思 holds 不好.
    expect(hits('快递员打了电话')).toBe(0);
    expect(hits('好像是昨天')).toBe(0);
    expect(hits('出差住了一晚')).toBe(0);
    expect(hits('不好意思')).toBe(0);
    expect(hits('快十天了')).toBe(0);
  });
});
